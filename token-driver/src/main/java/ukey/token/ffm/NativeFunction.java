package ukey.token.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Locale;

/**
 * A C function of a token library, called with up to {@value #MAX_ARGUMENTS} integer-class arguments as Java
 * longs (pointers by {@link #address}); its integer result comes back zero-extended to a long.
 *
 * <p>Why one shape: FFM spins a downcall stub and its LambdaForms for each distinct function descriptor, ~4 ms each
 * cold and 2–5 ms even with an AOT cache, none of which a cache holds. On x86-64 every PKCS#11 and SKF function
 * goes through ONE handle made without an address, {@code (function, long × 8) → long}, so a process spins one
 * stub whatever it calls. This is sound on both x86-64 ABIs, for functions whose arguments are all integers or
 * pointers (no floating point, no struct by value, not variadic):
 * <ul>
 *   <li>integers and pointers are all of the INTEGER class: the k-th argument goes to the same register (SysV: rdi
 *   rsi rdx rcx r8 r9; Win64: rcx rdx r8 r9) or the same 8-byte stack slot whatever its C width, so a narrower
 *   parameter (a 4-byte CK_ULONG or ULONG on Windows, CK_BBOOL, BOOL) reads the low bits of the value we pass
 *   zero-extended (sign-extension is never needed: those values are unsigned or 0/1);</li>
 *   <li>the caller sets up and removes the stack arguments (cdecl on SysV, the only convention on Win64; the
 *   callee never pops), so arguments beyond the callee's count are in registers or slots it never reads;</li>
 *   <li>a 4-byte result comes back in eax with the upper half of rax undefined: it is masked to the width of the
 *   exact descriptor's result (CK_RV on Windows, SKF's ULONG everywhere).</li>
 * </ul>
 * A 32-bit {@code __stdcall} DLL (callee-cleaned) never comes here: it runs in ukey-host. On any other platform
 * (aarch64 would be sound for integer arguments too, but is not tested here) each function keeps its exact
 * descriptor, adapted to the same Java shape (also on x86-64 with {@code -Dukey.token.ffm.exactShapes=true}, for
 * tests and benchmarks).
 *
 * <p>Lifetime: a pointer passed as an address stays valid only while its segment's arena is open; every caller
 * allocates its arguments in an arena that it closes after the call returns.
 */
public final class NativeFunction {

    public static final int MAX_ARGUMENTS = 8;
    private static final Linker LINKER = Linker.nativeLinker();
    /** The one handle of every call on x86-64; null elsewhere. */
    private static final MethodHandle ONE_SHAPE = oneShape();

    private final MemorySegment function;
    /** The exact downcall adapted to {@code (long × 8) → long}, or null when the one shape is used. */
    private final MethodHandle exact;
    /** The bits of the C result type. */
    private final long resultMask;

    private NativeFunction(MemorySegment function, MethodHandle exact, long resultMask) {
        this.function = function;
        this.exact = exact;
        this.resultMask = resultMask;
    }

    /** Whether calls go through the one shape (x86-64); otherwise through each function's exact descriptor. */
    public static boolean oneShapeApplies() {
        return ONE_SHAPE != null;
    }

    /**
     * The function at this address. {@code exact} is its real descriptor: integer, pointer and byte arguments and an
     * integer result; it is made into a handle only where the one shape does not apply.
     */
    public static NativeFunction at(MemorySegment function, FunctionDescriptor exact) {
        if (exact.argumentLayouts().size() > MAX_ARGUMENTS) {
            throw new IllegalArgumentException("more than " + MAX_ARGUMENTS + " arguments");
        }
        return ONE_SHAPE != null ? new NativeFunction(function, null, resultMask(exact)) : exact(function, exact);
    }

    /** The function through its exact descriptor, whatever the platform (the path of other ABIs; tests). */
    static NativeFunction exact(MemorySegment function, FunctionDescriptor exact) {
        return new NativeFunction(function, adapt(LINKER.downcallHandle(function, exact)), resultMask(exact));
    }

    private static long resultMask(FunctionDescriptor exact) {
        long bytes = exact.returnLayout().orElseThrow().byteSize();
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
    }

    /** A function that C does not have (a NULL entry in a function list): every call answers {@code result}. */
    public static NativeFunction answering(long result) {
        Class<?>[] longs = new Class<?>[MAX_ARGUMENTS];
        Arrays.fill(longs, long.class);
        return new NativeFunction(MemorySegment.NULL,
                MethodHandles.dropArguments(MethodHandles.constant(long.class, result), 0, longs), -1L);
    }

    /** A native segment's address; a heap segment has none that C could use. */
    public static long address(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a heap segment passed to C");
        }
        return segment.address();
    }

    public long call() throws Throwable {
        return call(0, 0, 0, 0, 0, 0, 0, 0);
    }

    public long call(long a0) throws Throwable {
        return call(a0, 0, 0, 0, 0, 0, 0, 0);
    }

    public long call(long a0, long a1) throws Throwable {
        return call(a0, a1, 0, 0, 0, 0, 0, 0);
    }

    public long call(long a0, long a1, long a2) throws Throwable {
        return call(a0, a1, a2, 0, 0, 0, 0, 0);
    }

    public long call(long a0, long a1, long a2, long a3) throws Throwable {
        return call(a0, a1, a2, a3, 0, 0, 0, 0);
    }

    public long call(long a0, long a1, long a2, long a3, long a4) throws Throwable {
        return call(a0, a1, a2, a3, a4, 0, 0, 0);
    }

    public long call(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) throws Throwable {
        long result = exact == null ? (long) ONE_SHAPE.invokeExact(function, a0, a1, a2, a3, a4, a5, a6, a7)
                : (long) exact.invokeExact(a0, a1, a2, a3, a4, a5, a6, a7);
        return result & resultMask;
    }

    private static MethodHandle oneShape() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64") || ValueLayout.ADDRESS.byteSize() != 8
                || Boolean.getBoolean("ukey.token.ffm.exactShapes")) {
            return null;
        }
        MemoryLayout[] longs = new MemoryLayout[MAX_ARGUMENTS];
        Arrays.fill(longs, ValueLayout.JAVA_LONG);
        return LINKER.downcallHandle(FunctionDescriptor.of(ValueLayout.JAVA_LONG, longs));
    }

    /** An exact downcall as {@code (long × 8) → long}: pointers from addresses, narrower integers cast. */
    private static MethodHandle adapt(MethodHandle handle) {
        MethodHandle ofAddress;
        try {
            ofAddress = MethodHandles.lookup().findStatic(MemorySegment.class, "ofAddress",
                    MethodType.methodType(MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        MethodType type = handle.type();
        for (int i = 0; i < type.parameterCount(); i++) {
            if (type.parameterType(i) == MemorySegment.class) {
                handle = MethodHandles.filterArguments(handle, i, ofAddress);
            }
        }
        Class<?>[] longs = new Class<?>[type.parameterCount()];
        Arrays.fill(longs, long.class);
        handle = MethodHandles.explicitCastArguments(handle, MethodType.methodType(long.class, longs));
        Class<?>[] unused = new Class<?>[MAX_ARGUMENTS - longs.length];
        Arrays.fill(unused, long.class);
        return MethodHandles.dropArguments(handle, longs.length, unused);
    }
}
