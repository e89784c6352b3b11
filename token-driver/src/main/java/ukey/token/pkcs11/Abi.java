package ukey.token.pkcs11;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

import ukey.token.ffm.NativeMemory;

/**
 * The two ways PKCS#11 structs are laid out in memory. Linux and macOS: CK_ULONG is 8 bytes and structs use
 * natural alignment. Windows: CK_ULONG is 4 bytes and every struct is packed to 1 byte ({@code #pragma pack(1)}).
 * Pointers are 8 bytes on both (64-bit only).
 */
enum Abi {
    UNIX_64(8, false),
    WINDOWS_64(4, true);

    static final int POINTER_SIZE = 8;

    final int ulongSize;
    final boolean packed;

    Abi(int ulongSize, boolean packed) {
        this.ulongSize = ulongSize;
        this.packed = packed;
    }

    static Abi current() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS_64 : UNIX_64;
    }

    /** CK_ULONG as a value layout, for function descriptors and memory access. */
    ValueLayout ulong() {
        return ulongSize == 8 ? ValueLayout.JAVA_LONG : ValueLayout.JAVA_INT;
    }

    /** The CK_ULONG at this byte offset, unsigned. */
    long getUlong(MemorySegment memory, long offset) {
        return ulongSize == 8 ? NativeMemory.getLong(memory, offset) : NativeMemory.getUnsignedInt(memory, offset);
    }

    void setUlong(MemorySegment memory, long offset, long value) {
        if (ulongSize == 8) {
            NativeMemory.setLong(memory, offset, value);
        } else {
            NativeMemory.setInt(memory, offset, (int) value);
        }
    }
}
