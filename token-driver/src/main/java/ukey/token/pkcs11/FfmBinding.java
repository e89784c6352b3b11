package ukey.token.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.ffm.NativeFunction;
import ukey.token.ffm.NativeMemory;

/**
 * One library's CK_FUNCTION_LIST on FFM, bound lazily: the first call of a function reads its pointer. Every
 * function is called as a {@link NativeFunction} (on x86-64 all through one downcall shape): CK_ULONG, CK_BBOOL and
 * pointers as longs, CK_RV zero-extended, whatever the platform's CK_ULONG width; and the memory helpers in the
 * library's ABI that {@link FfmPkcs11} calls with.
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

    private static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54L;

    final Abi abi;
    private final MemorySegment table;
    private final long firstFunction;
    /** Made on first use; a race makes the same function twice, which is harmless. */
    private final NativeFunction[] functions = new NativeFunction[Fn.values().length];

    private FfmBinding(Abi abi, MemorySegment table) {
        this.abi = abi;
        this.firstFunction = CStruct.functionListHead(abi).offset("C_Initialize");
        // CK_FUNCTION_LIST's version and the pointers up to C_WaitForSlotEvent, the last of v2.40's 68 functions
        this.table = table.reinterpret(firstFunction + (Fn.C_WaitForSlotEvent.index + 1L) * Abi.POINTER_SIZE);
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
        NativeFunction function = NativeFunction.at(getFunctionList,
                FunctionDescriptor.of(abi.ulong(), ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long code = function.call(NativeFunction.address(out));
            if (code != Ckr.CKR_OK) {
                throw Ckr.exception("C_GetFunctionList", code);
            }
            return new FfmBinding(abi, NativeMemory.getAddress(out, 0));
        } catch (TokenException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, "C_GetFunctionList crashed", null, e);
        }
    }

    /** The function, its CK_RV zero-extended; one that answers CKR_FUNCTION_NOT_SUPPORTED where the list has NULL. */
    NativeFunction function(Fn fn) {
        NativeFunction function = functions[fn.ordinal()];
        if (function == null) {
            MemorySegment pointer = NativeMemory.getAddress(table, firstFunction + (long) fn.index * Abi.POINTER_SIZE);
            function = pointer.equals(MemorySegment.NULL) ? NativeFunction.answering(CKR_FUNCTION_NOT_SUPPORTED)
                    : NativeFunction.at(pointer, descriptor(fn.signature));
            functions[fn.ordinal()] = function;
        }
        return function;
    }

    /** A pointer argument: the segment's address (its arena stays open across the call). */
    static long p(MemorySegment segment) {
        return NativeFunction.address(segment);
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
        return readUlong(segment, 0);
    }

    long readUlong(MemorySegment array, int index) {
        return abi.getUlong(array, (long) index * abi.ulongSize);
    }

    MemorySegment ulong(Arena arena, long value) {
        MemorySegment segment = arena.allocate(abi.ulongSize, abi.ulongSize);
        abi.setUlong(segment, 0, value);
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
