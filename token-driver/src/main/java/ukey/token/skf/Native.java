package ukey.token.skf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import ukey.token.ffm.NativeFunction;
import ukey.token.ffm.NativeMemory;

/** Arguments of SKF downcalls in native memory: C strings, buffers, ULONG and handle out-parameters. */
final class Native {

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
        NativeMemory.setInt(segment, 0, (int) value);
        return segment;
    }

    static MemorySegment handleOut(Arena arena) {
        return arena.allocate(ValueLayout.ADDRESS);
    }

    /** A pointer argument: the segment's address (its arena stays open across the call). */
    static long p(MemorySegment segment) {
        return NativeFunction.address(segment);
    }

    static int bool(boolean value) {
        return value ? 1 : 0;
    }

    static long readUlong(MemorySegment segment) {
        return NativeMemory.getUnsignedInt(segment, 0);
    }

    static long readHandle(MemorySegment segment) {
        return NativeMemory.getLong(segment, 0);
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
