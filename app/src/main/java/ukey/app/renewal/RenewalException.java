package ukey.app.renewal;

import ukey.token.TokenError;
import ukey.token.TokenException;

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

    /** The one mapping of a token failure: a locked PIN says so; anything else is the token's failure. */
    public static RenewalException of(TokenException e) {
        return new RenewalException(e.error() == TokenError.PIN_LOCKED ? RenewalError.PIN_LOCKED : RenewalError.TOKEN,
                null, e);
    }

    /**
     * A CA call that failed for good. When a token failure is behind it (a connector signing on a pulled key) it
     * failed on the key, not at the CA.
     */
    public static RenewalException of(CaException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenException token) {
                return of(token);
            }
        }
        return new RenewalException(RenewalError.CA, null, e);
    }

    public RenewalError error() {
        return error;
    }

    /** True when the certificate the CA sent was refused: the token was not touched. */
    public boolean refusedIssued() {
        return error.name().startsWith("ISSUED_");
    }
}
