package ukey.cert.gm;

/** A GM structure was refused; {@link #error()} says why in a form the app words, the message is for the log. */
public final class GmFormatException extends Exception {

    private final GmFormatError error;

    public GmFormatException(GmFormatError error, String detail) {
        super(error + ": " + detail);
        this.error = error;
    }

    public GmFormatException(GmFormatError error, String detail, Throwable cause) {
        super(error + ": " + detail, cause);
        this.error = error;
    }

    public GmFormatError error() {
        return error;
    }
}
