package ukey.app.renewal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A CA said no, or could not be reached. {@code code} is the CA's stable machine code (renewal-api.md:
 * renewal_window_not_open, no_approved_order, ...) or one of the client's own (network, bad_response,
 * untrusted_tls). The CA's own words are kept so the user sees what the CA said, in the CA's language.
 */
public class CaException extends Exception {

    private final String code;
    private final boolean retryable;
    private final transient Duration retryAfter;
    private final String messageZh;
    private final String messageEn;
    private final transient Map<String, String> arguments;

    public CaException(String code, boolean retryable, Duration retryAfter, String messageZh, String messageEn,
                       Throwable cause) {
        this(code, retryable, retryAfter, messageZh, messageEn, Map.of(), cause);
    }

    private CaException(String code, boolean retryable, Duration retryAfter, String messageZh, String messageEn,
                        Map<String, String> arguments, Throwable cause) {
        super(code + (messageEn == null ? "" : ": " + messageEn), cause);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.messageZh = messageZh;
        this.messageEn = messageEn;
        this.arguments = Map.copyOf(arguments);
    }

    /**
     * A refusal the client derived from what the CA published (window, order, status) rather than one the CA
     * worded: the error presenter words it from the code and these arguments (windowStart, orderStatus, ...).
     */
    public static CaException refusal(String code, Map<String, String> arguments) {
        return new CaException(code, false, null, null, null, arguments, null);
    }

    public CaException(String code, String messageEn) {
        this(code, false, null, null, messageEn, null);
    }

    /** A failure of the connection itself: always worth retrying. */
    public static CaException network(String detail, Throwable cause) {
        return new CaException("network", true, null, null, detail, cause);
    }

    /** The CA's TLS server is not trusted by the configured roots: resending changes nothing. */
    public static CaException untrustedTls(String detail, Throwable cause) {
        return new CaException("untrusted_tls", false, null, null, detail, cause);
    }

    /** The CA answered something we cannot accept or read. */
    public static CaException badResponse(String detail, Throwable cause) {
        return new CaException("bad_response", false, null, null, detail, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Values for the error presenter's text of this code (dates, statuses). */
    public Map<String, String> arguments() {
        return arguments;
    }

    /** The CA's own message in Chinese, when it sent one. */
    public Optional<String> messageZh() {
        return Optional.ofNullable(messageZh);
    }

    /** The CA's own message in English, when it sent one. */
    public Optional<String> messageEn() {
        return Optional.ofNullable(messageEn);
    }
}
