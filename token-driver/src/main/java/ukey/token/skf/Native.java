package ukey.token.skf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Arguments of SKF downcalls in native memory: C strings, buffers, ULONG and handle out-parameters. */
final class Native {

    private static final ValueLayout.OfInt ULONG = FfmExports.ULONG;

    private Native() {
    }

    static MemorySegment text(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    static MemorySegment bytes(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    static MemorySegment buffer(Arena arena, byte[] buffer) {
        return buffer == null ? MemorySegment.NULL : arena.allocate(Math.max(1, buffer.length));
    }

    static MemorySegment ulong(Arena arena, long value) {
        MemorySegment segment = arena.allocate(FfmExports.ULONG);
        segment.set(FfmExports.ULONG, 0, (int) value);
        return segment;
    }

    static MemorySegment handleOut(Arena arena) {
        return arena.allocate(ValueLayout.ADDRESS);
    }

    static MemorySegment handle(long value) {
        return MemorySegment.ofAddress(value);
    }

    static int bool(boolean value) {
        return value ? 1 : 0;
    }

    static long readUlong(MemorySegment segment) {
        return Integer.toUnsignedLong(segment.get(FfmExports.ULONG, 0));
    }

    static long readHandle(MemorySegment segment) {
        return segment.get(ValueLayout.ADDRESS, 0).address();
    }

    /** Copies back what the library wrote into the segment, at most {@code length} bytes. */
    static void copyBack(MemorySegment segment, byte[] buffer, long length) {
        if (buffer != null) {
            int n = (int) Math.min(buffer.length, Math.min(length, segment.byteSize()));
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, buffer, 0, Math.max(0, n));
        }
    }

    /** Runs a call with secrets in native memory, and clears them whatever happens. */
    static int secret(MemorySegment[] secrets, Call downcall) throws Throwable {
        try {
            return downcall.call();
        } finally {
            for (MemorySegment segment : secrets) {
                segment.fill((byte) 0);
            }
        }
    }

    interface Call {
        int call() throws Throwable;
    }
}
