package ukey.app.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a renewal stands at the CA.
 *
 * @param status     what happens next
 * @param retryAfter how long to wait before polling again
 * @param challenge  the challenge to answer when {@link Status#PENDING_CHALLENGE}
 * @param rejection  why the CA rejected it, when {@link Status#REJECTED}
 */
public record CaProgress(Status status, Duration retryAfter, Optional<Challenge> challenge,
                         Optional<CaException> rejection) {

    public enum Status { PENDING_CHALLENGE, PROCESSING, ISSUED, REJECTED }

    public static CaProgress of(Status status) {
        return new CaProgress(status, Duration.ZERO, Optional.empty(), Optional.empty());
    }

    /**
     * A challenge from the CA, e.g. a code sent by SMS.
     *
     * @param destination where the code went, masked by the CA ("138****1234")
     * @param attemptsLeft wrong answers left before the challenge fails, -1 when unknown
     */
    public record Challenge(String id, String type, String destination, Optional<Instant> expiresAt,
                            int attemptsLeft) {
    }
}
