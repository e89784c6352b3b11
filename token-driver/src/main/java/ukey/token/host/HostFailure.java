package ukey.token.host;

/** Why a call to the host got no answer. Messages are facts for logs and 环境检测, never user sentences. */
public final class HostFailure extends Exception {

    public enum Kind {
        /** The host could not be started, or its HELLO was wrong. */
        START_FAILED,
        /** The host (the library in it) died: crashed, aborted or exited. */
        CRASHED,
        /** No answer within the call's deadline: the host was killed. */
        HUNG,
        /** The host's output did not follow the protocol: the host was killed. */
        GARBLED,
        /** The host answered with an ERROR frame: it could not run the request. */
        REFUSED
    }

    private final Kind kind;

    public HostFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the host is gone because of it, so it counts against the library. */
    public boolean endedHost() {
        return kind != Kind.REFUSED;
    }
}
