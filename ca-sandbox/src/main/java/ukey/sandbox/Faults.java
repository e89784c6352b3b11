package ukey.sandbox;

import java.util.regex.Pattern;

/**
 * Faults for tests, kept in settings.json. Counters count down with each API request whose request line
 * ("METHOD /path", e.g. "POST /v1/renewals/rnw_x/confirm") matches {@link #match}; one counted fault per request,
 * taken in the order unavailable, dropBefore, dropAfter, malformed.
 */
public final class Faults {
    /** a regular expression searched in the request line; empty matches every /v1 request */
    public String match = "";
    /** added before every matching request */
    public long delayMs;
    /** the next N matching requests are answered 503 unavailable with Retry-After, and not done */
    public int unavailable;
    public int unavailableRetryAfterSeconds = 1;
    /** the next N matching requests: the connection is closed without an answer, and nothing is done */
    public int dropBefore;
    /** the next N matching requests are done, then the connection is closed without an answer */
    public int dropAfter;
    /** the next N matching requests are done and answered with their JSON cut in half */
    public int malformed;
    /** while not NONE, every certificate answer is this hostile one */
    public HostileCertificate hostileCertificate = HostileCertificate.NONE;
    /** while not empty, answers show this in place of every renewal, challenge and seal id */
    public String hostileId = "";

    public Faults() {
    }

    /** What one request gets: the delay and at most one counted fault. */
    enum Kind { NONE, UNAVAILABLE, DROP_BEFORE, DROP_AFTER, MALFORMED }

    record Taken(long delayMs, Kind kind, int retryAfterSeconds) {
    }

    /** Decides the fault for a request and counts it down. */
    Taken take(String requestLine) {
        if (!match.isEmpty() && !Pattern.compile(match).matcher(requestLine).find()) {
            return new Taken(0, Kind.NONE, 0);
        }
        Kind kind = Kind.NONE;
        if (unavailable > 0) {
            unavailable--;
            kind = Kind.UNAVAILABLE;
        } else if (dropBefore > 0) {
            dropBefore--;
            kind = Kind.DROP_BEFORE;
        } else if (dropAfter > 0) {
            dropAfter--;
            kind = Kind.DROP_AFTER;
        } else if (malformed > 0) {
            malformed--;
            kind = Kind.MALFORMED;
        }
        return new Taken(delayMs, kind, unavailableRetryAfterSeconds);
    }

    void validate() {
        Pattern.compile(match);
        if (delayMs < 0 || unavailable < 0 || dropBefore < 0 || dropAfter < 0 || malformed < 0
                || unavailableRetryAfterSeconds < 0 || hostileCertificate == null || hostileId == null) {
            throw new IllegalArgumentException("faults: counts and delays must not be negative");
        }
    }
}
