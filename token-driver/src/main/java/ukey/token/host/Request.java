package ukey.token.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A request frame being built, field by field in the order of its op's request signature: every field checks the
 * next letter, so a request that does not follow {@code schema.txt} fails here and never reaches the host.
 * Secret fields ({@code k}) are cleared from the buffers when the request is {@linkplain #clear() cleared}.
 */
public final class Request {

    final Op op;
    /** The fields so far; grown by copying, and the old array cleared, so no PIN copy stays behind. */
    private byte[] body = new byte[64];
    private int length;
    private int next;
    private boolean secret;

    public Request(Op op) {
        this.op = op;
    }

    private void expect(char type) {
        if (next >= op.request.length() || op.request.charAt(next) != type) {
            throw new IllegalStateException(op + ": field " + next + " is not '" + type + "' in " + op.request);
        }
        next++;
    }

    private void room(int more) {
        if (length + more > body.length) {
            byte[] grown = Arrays.copyOf(body, Math.max(body.length * 2, length + more));
            Arrays.fill(body, (byte) 0);
            body = grown;
        }
    }

    private void u8(int value) {
        room(1);
        body[length++] = (byte) value;
    }

    private void u32(long value) {
        room(4);
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(length, (int) value);
        length += 4;
    }

    private void u64(long value) {
        room(8);
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putLong(length, value);
        length += 8;
    }

    private void bytes(byte[] value) {
        u32(value.length);
        room(value.length);
        System.arraycopy(value, 0, body, length, value.length);
        length += value.length;
    }

    public Request u(long value) {
        expect('u');
        u64(value);
        return this;
    }

    public Request b(boolean value) {
        expect('b');
        u8(value ? 1 : 0);
        return this;
    }

    public Request s(byte[] value) {
        expect('s');
        bytes(value);
        return this;
    }

    /** Secret bytes (a PIN): the caller clears its array; {@link #clear()} clears the frame's copies. */
    public Request k(byte[] value) {
        expect('k');
        secret = true;
        bytes(value);
        return this;
    }

    /** An output buffer of the two-call pattern: null asks for the size, else its capacity. */
    public Request o(Integer capacity) {
        expect('o');
        u8(capacity == null ? 0 : 1);
        u32(capacity == null ? 0 : capacity);
        return this;
    }

    /** A template of count attributes; then exactly count calls of the attribute methods below. */
    public Request t(int count) {
        expect('t');
        u32(count);
        return this;
    }

    public Request bool(long type, boolean value) {
        u64(type);
        u8(0);
        u8(value ? 1 : 0);
        return this;
    }

    public Request ulong(long type, long value) {
        u64(type);
        u8(1);
        u64(value);
        return this;
    }

    public Request bytes(long type, byte[] value) {
        u64(type);
        u8(2);
        bytes(value);
        return this;
    }

    /** An attribute query of count attributes; then exactly count calls of {@link #query}. */
    public Request q(int count) {
        expect('q');
        u32(count);
        return this;
    }

    public Request query(long type, Integer capacity) {
        u64(type);
        u8(capacity == null ? 0 : 1);
        u32(capacity == null ? 0 : capacity);
        return this;
    }

    boolean secret() {
        return secret;
    }

    /** The whole frame with this request id. */
    byte[] frame(int id) {
        if (next != op.request.length()) {
            throw new IllegalStateException(op + ": " + next + " of " + op.request.length() + " fields given");
        }
        byte[] frame = new byte[10 + length];
        ByteBuffer buffer = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(6 + length).putInt(id).putShort((short) op.code).put(body, 0, length);
        return frame;
    }

    /** Clears the buffered fields (a PIN among them). */
    public void clear() {
        Arrays.fill(body, (byte) 0);
        length = 0;
    }
}
