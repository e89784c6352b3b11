package ukey.token.ffm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Integers and pointers in native memory, read and written through a ByteBuffer view of the segment rather than
 * {@code MemorySegment.get/set(ValueLayout, ...)}: those go through var handles whose LambdaForms are spun at run
 * time for each access shape, and no AOT cache holds them (about a dozen classes on a listing's path). The view
 * checks bounds and the segment's arena like the segment does. Native byte order, unaligned access allowed.
 */
public final class NativeMemory {

    private NativeMemory() {
    }

    public static long getLong(MemorySegment segment, long offset) {
        return view(segment).getLong(Math.toIntExact(offset));
    }

    /** A 32-bit unsigned value (a Windows CK_ULONG, an SKF ULONG). */
    public static long getUnsignedInt(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(view(segment).getInt(Math.toIntExact(offset)));
    }

    public static void setLong(MemorySegment segment, long offset, long value) {
        view(segment).putLong(Math.toIntExact(offset), value);
    }

    public static void setInt(MemorySegment segment, long offset, int value) {
        view(segment).putInt(Math.toIntExact(offset), value);
    }

    /** A pointer (64-bit only), as a zero-length segment at its address like {@code get(ADDRESS, offset)} gives. */
    public static MemorySegment getAddress(MemorySegment segment, long offset) {
        return MemorySegment.ofAddress(getLong(segment, offset));
    }

    public static void setAddress(MemorySegment segment, long offset, MemorySegment value) {
        setLong(segment, offset, NativeFunction.address(value));
    }

    private static ByteBuffer view(MemorySegment segment) {
        return segment.asByteBuffer().order(ByteOrder.nativeOrder());
    }
}
