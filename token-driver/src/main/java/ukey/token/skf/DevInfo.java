package ukey.token.skf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * The string fields of DEVINFO, the only ones read: vendors lay the struct out packed (294 bytes) or naturally
 * (296), which moves every ULONG after the strings, while Version, the strings and the two VERSION fields sit at
 * the same offsets both ways: Manufacturer[64] at 2, Issuer[64] at 66, Label[32] at 130, SerialNumber[32] at 162,
 * HWVersion at 194, FirmwareVersion at 196. FreeSpace is read where the layout can be told ({@link #freeSpace}).
 */
record DevInfo(String manufacturer, String issuer, String label, String serial, String firmware,
               OptionalLong freeSpace) {

    /** Larger than any DEVINFO, so a vendor's longer struct never writes past the buffer. */
    static final int BUFFER_SIZE = 1024;

    static DevInfo parse(SkfText library, byte[] struct) {
        return new DevInfo(library.field(struct, 2, 64), library.field(struct, 66, 64),
                library.field(struct, 130, 32), library.field(struct, 162, 32),
                (struct[196] & 0xff) + "." + (struct[197] & 0xff), freeSpace(struct));
    }

    /**
     * FreeSpace, when the key seems to tell it. The ULONGs after the strings start at 198 (packed) or 200 (natural,
     * after two padding bytes). AlgSymCap comes first and every SGD symmetric algorithm id has bits in the low 16,
     * so two zero bytes at 198 are the padding. Trusted only when TotalSpace is set and FreeSpace is not larger.
     */
    static OptionalLong freeSpace(byte[] struct) {
        if (struct.length < 232) {
            return OptionalLong.empty();
        }
        int ulongs = struct[198] == 0 && struct[199] == 0 ? 200 : 198;
        long total = ulong(struct, ulongs + 16);
        long free = ulong(struct, ulongs + 20);
        return total > 0 && free <= total ? OptionalLong.of(free) : OptionalLong.empty();
    }

    /** A ULONG in the caller's byte order (the struct is filled in-process; little-endian on x86 and ARM). */
    private static long ulong(byte[] struct, int offset) {
        return ByteBuffer.wrap(struct, offset, 4).order(ByteOrder.nativeOrder()).getInt() & 0xffffffffL;
    }
}
