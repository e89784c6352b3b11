package ukey.app.renewal;

import java.time.Duration;
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

    public CaException(String code, boolean retryable, Duration retryAfter, String messageZh, String messageEn,
                       Throwable cause) {
        super(code + (messageEn == null ? "" : ": " + messageEn), cause);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.messageZh = messageZh;
        this.messageEn = messageEn;
    }

    public CaException(String code, String messageEn) {
        this(code, false, null, null, messageEn, null);
    }

    /** A failure of the connection itself: always worth retrying. */
    public static CaException network(String detail, Throwable cause) {
        return new CaException("network", true, null, null, detail, cause);
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

    /** The CA's own message in Chinese, when it sent one. */
    public Optional<String> messageZh() {
        return Optional.ofNullable(messageZh);
    }

    /** The CA's own message in English, when it sent one. */
    public Optional<String> messageEn() {
        return Optional.ofNullable(messageEn);
    }
}
