package ukey.token.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The one call shape against each function's exact descriptor, on C's own functions: the same results, surplus
 * arguments ignored, a narrower integer parameter read from the low bits, a 32-bit result zero-extended. The token
 * suites (SoftHSM, softskf, through the host) run every PKCS#11 and SKF call through the one shape.
 */
class NativeFunctionTest {

    private static final MemorySegment STRLEN = libc("strlen");
    private static final MemorySegment ABS = libc("abs");
    private static final MemorySegment ATOI = libc("atoi");
    private static final FunctionDescriptor SIZE_T_OF_POINTER = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS);
    private static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT);
    private static final FunctionDescriptor INT_OF_POINTER = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS);

    private static MemorySegment libc(String name) {
        return Linker.nativeLinker().defaultLookup().find(name).orElseThrow();
    }

    private static List<NativeFunction> bothWays(MemorySegment function, FunctionDescriptor descriptor) {
        assumeTrue(NativeFunction.oneShapeApplies(), "the one shape is for x86-64 only");
        return List.of(NativeFunction.at(function, descriptor), NativeFunction.exact(function, descriptor));
    }

    @Test
    void pointersGoAsAddressesAndSurplusArgumentsAreIgnored() throws Throwable {
        for (NativeFunction strlen : bothWays(STRLEN, SIZE_T_OF_POINTER)) {
            try (Arena arena = Arena.ofConfined()) {
                long hello = NativeFunction.address(arena.allocateFrom("hello"));
                assertEquals(5, strlen.call(hello));
                assertEquals(5, strlen.call(hello, -1, 2, -3, 4, -5, 6, -7));
            }
        }
    }

    @Test
    void aNarrowerParameterReadsTheLowBits() throws Throwable {
        for (NativeFunction abs : bothWays(ABS, INT_OF_INT)) {
            assertEquals(7, abs.call(-7));
            assertEquals(5, abs.call((1L << 32) | 5));
        }
    }

    @Test
    void aThirtyTwoBitResultComesBackZeroExtended() throws Throwable {
        for (NativeFunction atoi : bothWays(ATOI, INT_OF_POINTER)) {
            try (Arena arena = Arena.ofConfined()) {
                assertEquals(0xFFFFFFFFL, atoi.call(NativeFunction.address(arena.allocateFrom("-1"))));
                assertEquals(42, atoi.call(NativeFunction.address(arena.allocateFrom("42"))));
            }
        }
    }

    @Test
    void aHeapSegmentHasNoAddressForC() {
        assertThrows(IllegalArgumentException.class, () -> NativeFunction.address(MemorySegment.ofArray(new byte[8])));
        assertEquals(0, NativeFunction.address(MemorySegment.NULL));
    }

    @Test
    void aMissingFunctionAnswersItsResult() throws Throwable {
        assertEquals(0x54, NativeFunction.answering(0x54).call(1, 2, 3));
    }

    @Test
    void nativeMemoryReadsAndWritesWhatValueLayoutsDo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(24);
            NativeMemory.setLong(segment, 1, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, segment.get(ValueLayout.JAVA_LONG_UNALIGNED, 1));
            NativeMemory.setInt(segment, 12, -2);
            assertEquals(-2, segment.get(ValueLayout.JAVA_INT_UNALIGNED, 12));
            assertEquals(0xFFFFFFFEL, NativeMemory.getUnsignedInt(segment, 12));
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 99);
            assertEquals(99, NativeMemory.getLong(segment, 16));
            NativeMemory.setAddress(segment, 16, segment);
            assertEquals(segment.address(), NativeMemory.getAddress(segment, 16).address());
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getLong(segment, 20));
        }
    }
}
