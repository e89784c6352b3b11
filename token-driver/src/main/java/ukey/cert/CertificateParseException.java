package ukey.cert;

/**
 * A certificate's bytes could not be parsed. {@link #reason()} is the fact callers act on and word; the message
 * says the same in plain English for the log.
 */
public class CertificateParseException extends Exception {

    /** Why the bytes are not a usable certificate. */
    public enum Reason {
        /** No bytes at all (an empty certificate object or container slot). */
        EMPTY,
        /** PEM text where DER is wanted. */
        PEM_NOT_DER,
        /** PEM text that is damaged (no complete block, bad Base64). */
        PEM_DAMAGED,
        /** Bytes that are not an X.509 certificate at all. */
        NOT_A_CERTIFICATE,
        /** BER (indefinite length) rather than DER. */
        NOT_DER,
        /** The data ends inside the certificate. */
        TRUNCATED,
        /** Bytes follow the end of the certificate. */
        TRAILING_BYTES,
        /** The structure is a certificate but one of its parts cannot be read. */
        MALFORMED_PART,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;

    public CertificateParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CertificateParseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public CertificateParseException(String message) {
        this(Reason.OTHER, message);
    }

    public CertificateParseException(String message, Throwable cause) {
        this(Reason.OTHER, message, cause);
    }

    public Reason reason() {
        return reason;
    }
}
