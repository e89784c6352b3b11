package ukey.token.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * One library's CK_FUNCTION_LIST on FFM, bound lazily: the first call of a function makes its downcall handle, so
 * loading a library costs one lookup, not a handle per function. Every handle is adapted to one Java shape
 * (CK_ULONG as long, return value unsigned) for invokeExact, whatever the platform's CK_ULONG width; and the
 * memory helpers in the library's ABI that {@link FfmPkcs11} calls with.
 */
final class FfmBinding {

    /** Indexes into CK_FUNCTION_LIST, in the order of the PKCS#11 v2.40 header; U CK_ULONG, B CK_BBOOL, P pointer. */
    enum Fn {
        C_Initialize(0, "P"), C_Finalize(1, "P"), C_GetInfo(2, "P"), C_GetSlotList(4, "BPP"),
        C_GetTokenInfo(6, "UP"), C_InitPIN(10, "UPU"), C_SetPIN(11, "UPUPU"), C_OpenSession(12, "UUPPP"),
        C_CloseSession(13, "U"), C_Login(18, "UUPU"), C_Logout(19, "U"), C_CreateObject(20, "UPUP"),
        C_DestroyObject(22, "UU"), C_GetAttributeValue(24, "UUPU"), C_SetAttributeValue(25, "UUPU"),
        C_FindObjectsInit(26, "UPU"), C_FindObjects(27, "UPUP"), C_FindObjectsFinal(28, "U"),
        C_SignInit(42, "UPU"), C_Sign(43, "UPUPP"), C_GenerateKeyPair(59, "UPPUPUPP"), C_WaitForSlotEvent(67, "UPP");

        final int index;
        final String signature;

        Fn(int index, String signature) {
            this.index = index;
            this.signature = signature;
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54L;
    private static final MethodHandle UNSIGNED;

    static {
        try {
            UNSIGNED = MethodHandles.lookup().findStatic(Integer.class, "toUnsignedLong",
                    MethodType.methodType(long.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Abi abi;
    private final MemorySegment table;
    private final long firstFunction;
    /** Made on first use; a race makes the same handle twice, which is harmless. */
    private final MethodHandle[] handles = new MethodHandle[Fn.values().length];

    private FfmBinding(Abi abi, MemorySegment table) {
        this.abi = abi;
        this.table = table;
        this.firstFunction = CStruct.functionListHead(abi).offset("C_Initialize");
    }

    /** Loads the library and reads its function list. Does not initialise it. */
    static FfmBinding load(Path path) throws TokenException {
        SymbolLookup lookup;
        try {
            // The library stays loaded for the life of the process: vendor libraries rarely survive dlclose.
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    "cannot load " + path + ": " + e.getMessage(), null, e);
        }
        MemorySegment getFunctionList = lookup.find("C_GetFunctionList").orElseThrow(() ->
                new TokenException(TokenError.LIBRARY_LOAD_FAILED, path + " has no C_GetFunctionList: not PKCS#11"));
        Abi abi = Abi.current();
        MethodHandle handle = LINKER.downcallHandle(getFunctionList,
                FunctionDescriptor.of(abi.ulong(), ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Object rv = handle.invoke(out);
            long code = rv instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) rv;
            if (code != Ckr.CKR_OK) {
                throw Ckr.exception("C_GetFunctionList", code);
            }
            return new FfmBinding(abi, out.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE));
        } catch (TokenException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, "C_GetFunctionList crashed", null, e);
        }
    }

    MethodHandle handle(Fn fn) {
        MethodHandle handle = handles[fn.ordinal()];
        if (handle == null) {
            handle = bind(fn);
            handles[fn.ordinal()] = handle;
        }
        return handle;
    }

    /** The function's downcall handle in its Java shape, or one that answers CKR_FUNCTION_NOT_SUPPORTED. */
    private MethodHandle bind(Fn fn) {
        MethodType shape = javaShape(fn.signature);
        MemorySegment pointer = table.get(ValueLayout.ADDRESS_UNALIGNED,
                firstFunction + (long) fn.index * Abi.POINTER_SIZE);
        if (pointer.equals(MemorySegment.NULL)) {
            return MethodHandles.dropArguments(MethodHandles.constant(long.class, CKR_FUNCTION_NOT_SUPPORTED), 0,
                    shape.parameterList());
        }
        MethodHandle handle = LINKER.downcallHandle(pointer, descriptor(fn.signature));
        if (abi.ulongSize == 4) {
            handle = MethodHandles.filterReturnValue(handle, UNSIGNED);
        }
        // CK_ULONG arguments narrow from long to int where CK_ULONG is 4 bytes
        return MethodHandles.explicitCastArguments(handle, shape);
    }

    private FunctionDescriptor descriptor(String signature) {
        MemoryLayout[] args = new MemoryLayout[signature.length()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (signature.charAt(i)) {
                case 'U' -> abi.ulong();
                case 'B' -> ValueLayout.JAVA_BYTE;
                default -> ValueLayout.ADDRESS;
            };
        }
        return FunctionDescriptor.of(abi.ulong(), args);
    }

    private static MethodType javaShape(String signature) {
        Class<?>[] args = new Class<?>[signature.length()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (signature.charAt(i)) {
                case 'U' -> long.class;
                case 'B' -> byte.class;
                default -> MemorySegment.class;
            };
        }
        return MethodType.methodType(long.class, args);
    }

    static TokenException failed(Fn fn, Throwable e) {
        if (e instanceof RuntimeException bug) {
            throw bug;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new TokenException(TokenError.DEVICE_ERROR, null, fn + " could not be called", null, e);
    }

    // --- memory in the library's ABI ---

    long readUlong(MemorySegment segment) {
        return abi.ulongSize == 8 ? segment.get(ValueLayout.JAVA_LONG, 0)
                : Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT, 0));
    }

    long readUlong(MemorySegment array, int index) {
        return abi.ulongSize == 8 ? array.getAtIndex(ValueLayout.JAVA_LONG, index)
                : Integer.toUnsignedLong(array.getAtIndex(ValueLayout.JAVA_INT, index));
    }

    MemorySegment ulong(Arena arena, long value) {
        MemorySegment segment = arena.allocate(abi.ulongSize, abi.ulongSize);
        CStruct.attribute(abi).setUlong(segment, 0, value);
        return segment;
    }

    MemorySegment ulongs(Arena arena, long[] values) {
        return values == null ? MemorySegment.NULL
                : arena.allocate((long) Math.max(1, values.length) * abi.ulongSize, abi.ulongSize);
    }

    void copyUlongs(MemorySegment from, long[] to, long count) {
        for (int i = 0; i < Math.min(to.length, count); i++) {
            to[i] = readUlong(from, i);
        }
    }

    /** Bytes in native memory, or NULL for null; the caller clears secrets with {@link #clear}. */
    static MemorySegment bytes(Arena arena, byte[] value) {
        if (value == null) {
            return MemorySegment.NULL;
        }
        MemorySegment segment = arena.allocate(Math.max(1, value.length));
        MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, 0, value.length);
        return segment;
    }

    static void clear(MemorySegment segment) {
        if (!segment.equals(MemorySegment.NULL)) {
            segment.fill((byte) 0);
        }
    }

    static byte[] field(CStruct layout, MemorySegment struct, String name, int length) {
        return layout.getBytes(struct, name, length);
    }

    MemorySegment mechanism(Arena arena, long type) {
        CStruct layout = CStruct.mechanism(abi);
        MemorySegment mechanism = arena.allocate(layout.size(), 8);
        layout.setUlong(mechanism, "mechanism", type);
        layout.setPointer(mechanism, "pParameter", MemorySegment.NULL);
        layout.setUlong(mechanism, "ulParameterLen", 0);
        return mechanism;
    }

}
