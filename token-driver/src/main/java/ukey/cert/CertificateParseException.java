package ukey.cert;

/**
 * A certificate's bytes could not be parsed: {@link #problem()} says what is wrong (the app words it), the
 * message gives the technical detail in English for the log.
 */
public class CertificateParseException extends Exception {

    /** What is wrong with the bytes. */
    public enum Problem {
        /** No bytes at all. */
        EMPTY,
        /** PEM text where DER bytes were expected. */
        PEM_NOT_DER,
        /** PEM text whose CERTIFICATE block is incomplete or whose Base64 is damaged. */
        PEM_DAMAGED,
        /** Something else than a certificate. */
        NOT_A_CERTIFICATE,
        /** The bytes end before the certificate does. */
        TRUNCATED,
        /** Bytes follow the end of the certificate. */
        TRAILING_BYTES,
        /** BER (an indefinite length), not DER. */
        NOT_DER,
        /** A certificate whose part (validity, key, an extension) cannot be read. */
        MALFORMED_PART
    }

    private final Problem problem;

    public CertificateParseException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public CertificateParseException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
