package ukey.app.renewal;

/** A renewal stopped. The cause, when there is one, is the TokenException or CaException behind it. */
public class RenewalException extends Exception {

    private final RenewalError error;

    public RenewalException(RenewalError error, String detail, Throwable cause) {
        super(error + (detail == null ? "" : ": " + detail), cause);
        this.error = error;
    }

    public RenewalException(RenewalError error, String detail) {
        this(error, detail, null);
    }

    public RenewalError error() {
        return error;
    }

    /** True when the certificate the CA sent was refused: the token was not touched. */
    public boolean refusedIssued() {
        return error.name().startsWith("ISSUED_");
    }
}
