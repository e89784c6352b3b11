package ukey.token.pkcs11;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import ukey.token.ffm.NativeMemory;

/**
 * One description of a PKCS#11 struct that yields its offsets and size under either {@link Abi}. Fields are
 * CK_ULONG, pointers, or byte arrays (CK_UTF8CHAR[n], CK_VERSION = 2 bytes).
 */
final class CStruct {

    enum Kind { ULONG, POINTER, BYTES }

    private record Field(String name, Kind kind, int length) {
    }

    private final Abi abi;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int size;

    private CStruct(Abi abi, Field... fields) {
        this.abi = abi;
        int offset = 0;
        int maxAlign = 1;
        for (Field field : fields) {
            int fieldSize = switch (field.kind) {
                case ULONG -> abi.ulongSize;
                case POINTER -> Abi.POINTER_SIZE;
                case BYTES -> field.length;
            };
            int align = abi.packed || field.kind == Kind.BYTES ? 1 : fieldSize;
            offset = align(offset, align);
            offsets.put(field.name, offset);
            offset += fieldSize;
            maxAlign = Math.max(maxAlign, align);
        }
        this.size = align(offset, maxAlign);
    }

    private static int align(int offset, int align) {
        return (offset + align - 1) / align * align;
    }

    static Field ulong(String name) {
        return new Field(name, Kind.ULONG, 0);
    }

    static Field pointer(String name) {
        return new Field(name, Kind.POINTER, 0);
    }

    static Field bytes(String name, int length) {
        return new Field(name, Kind.BYTES, length);
    }

    // The structs this binding uses, as the PKCS#11 v2.40 header declares them.

    static CStruct tokenInfo(Abi abi) {
        return new CStruct(abi, bytes("label", 32), bytes("manufacturerID", 32), bytes("model", 16),
                bytes("serialNumber", 16), ulong("flags"), ulong("ulMaxSessionCount"), ulong("ulSessionCount"),
                ulong("ulMaxRwSessionCount"), ulong("ulRwSessionCount"), ulong("ulMaxPinLen"), ulong("ulMinPinLen"),
                ulong("ulTotalPublicMemory"), ulong("ulFreePublicMemory"), ulong("ulTotalPrivateMemory"),
                ulong("ulFreePrivateMemory"), bytes("hardwareVersion", 2), bytes("firmwareVersion", 2),
                bytes("utcTime", 16));
    }

    static CStruct info(Abi abi) {
        return new CStruct(abi, bytes("cryptokiVersion", 2), bytes("manufacturerID", 32), ulong("flags"),
                bytes("libraryDescription", 32), bytes("libraryVersion", 2));
    }

    static CStruct attribute(Abi abi) {
        return new CStruct(abi, ulong("type"), pointer("pValue"), ulong("ulValueLen"));
    }

    static CStruct mechanism(Abi abi) {
        return new CStruct(abi, ulong("mechanism"), pointer("pParameter"), ulong("ulParameterLen"));
    }

    static CStruct initializeArgs(Abi abi) {
        return new CStruct(abi, pointer("CreateMutex"), pointer("DestroyMutex"), pointer("LockMutex"),
                pointer("UnlockMutex"), ulong("flags"), pointer("pReserved"));
    }

    /** CK_FUNCTION_LIST: a CK_VERSION followed by the function pointers; only the first pointer's offset matters. */
    static CStruct functionListHead(Abi abi) {
        return new CStruct(abi, bytes("version", 2), pointer("C_Initialize"));
    }

    int size() {
        return size;
    }

    int offset(String field) {
        Integer offset = offsets.get(field);
        if (offset == null) {
            throw new IllegalArgumentException("no field " + field);
        }
        return offset;
    }

    long getUlong(MemorySegment struct, String field) {
        return abi.getUlong(struct, offset(field));
    }

    void setUlong(MemorySegment struct, String field, long value) {
        abi.setUlong(struct, offset(field), value);
    }

    void setPointer(MemorySegment struct, String field, MemorySegment value) {
        NativeMemory.setAddress(struct, offset(field), value);
    }

    byte[] getBytes(MemorySegment struct, String field, int length) {
        return struct.asSlice(offset(field), length).toArray(ValueLayout.JAVA_BYTE);
    }
}
