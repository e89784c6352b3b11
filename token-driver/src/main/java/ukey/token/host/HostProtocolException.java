package ukey.token.host;

/** A frame that does not follow the schema: the host's stream is garbled, and the host is ended. */
public final class HostProtocolException extends Exception {
    public HostProtocolException(String message) {
        super(message);
    }
}
