package ukey.token.host;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * An answer frame's fields, read in the order of its op's answer signature: each read checks the next letter and
 * the bytes left, and {@link #end()} checks that nothing is left over, so a garbled or foreign frame is refused
 * instead of being misread.
 */
public final class Answer {

    /** One attribute of a {@code Q} field: its length (-1: unavailable) and the bytes sent, if any. */
    public record Attribute(long length, byte[] value) {
    }

    final Op op;
    private final ByteBuffer body;
    private int next;

    Answer(Op op, byte[] body) {
        this.op = op;
        this.body = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void expect(char type) throws HostProtocolException {
        if (next >= op.answer.length() || op.answer.charAt(next) != type) {
            throw new HostProtocolException(op + ": answer field " + next + " is not '" + type + "' in " + op.answer);
        }
        next++;
    }

    private int count(int itemSize) throws HostProtocolException {
        int n = body.getInt();
        if (n < 0 || (long) n * itemSize > body.remaining()) {
            throw new HostProtocolException(op + ": a count of " + Integer.toUnsignedString(n) + " overruns the frame");
        }
        return n;
    }

    private byte[] blob() throws HostProtocolException {
        byte[] value = new byte[count(1)];
        body.get(value);
        return value;
    }

    public long u() throws HostProtocolException {
        expect('u');
        try {
            return body.getLong();
        } catch (BufferUnderflowException e) {
            throw short_(e);
        }
    }

    public byte[] s() throws HostProtocolException {
        expect('s');
        try {
            return blob();
        } catch (BufferUnderflowException e) {
            throw short_(e);
        }
    }

    public long[] L() throws HostProtocolException {
        expect('L');
        try {
            long[] values = new long[count(8)];
            for (int i = 0; i < values.length; i++) {
                values[i] = body.getLong();
            }
            return values;
        } catch (BufferUnderflowException e) {
            throw short_(e);
        }
    }

    public Attribute[] Q() throws HostProtocolException {
        expect('Q');
        try {
            Attribute[] attributes = new Attribute[count(12)];
            for (int i = 0; i < attributes.length; i++) {
                long length = body.getLong();
                attributes[i] = new Attribute(length, blob());
            }
            return attributes;
        } catch (BufferUnderflowException e) {
            throw short_(e);
        }
    }

    /** Every field read and no byte left: the answer followed its signature. */
    public void end() throws HostProtocolException {
        if (next != op.answer.length() || body.hasRemaining()) {
            throw new HostProtocolException(op + ": answer has " + body.remaining() + " bytes beyond its fields");
        }
    }

    // The same reads for the token layer: a frame off its signature is a DEVICE_ERROR (HOST_GARBLED) there.

    private interface Read<T> {
        T read() throws HostProtocolException;
    }

    private static <T> T checked(Read<T> read) throws TokenException {
        try {
            return read.read();
        } catch (HostProtocolException e) {
            throw new TokenException(TokenError.DEVICE_ERROR, "HOST_GARBLED", e.getMessage(), null, e);
        }
    }

    public long ulong() throws TokenException {
        return checked(this::u);
    }

    public byte[] bytes() throws TokenException {
        return checked(this::s);
    }

    public long[] ulongs() throws TokenException {
        return checked(this::L);
    }

    public Attribute[] attributes() throws TokenException {
        return checked(this::Q);
    }

    public void done() throws TokenException {
        checked(() -> {
            end();
            return null;
        });
    }

    private HostProtocolException short_(BufferUnderflowException e) {
        HostProtocolException failure = new HostProtocolException(op + ": answer shorter than its fields");
        failure.initCause(e);
        return failure;
    }
}
