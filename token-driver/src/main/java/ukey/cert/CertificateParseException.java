package ukey.cert;

/** A certificate's bytes could not be parsed; the message says why, in plain words for the log and the UI. */
public class CertificateParseException extends Exception {
    public CertificateParseException(String message) {
        super(message);
    }

    public CertificateParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
