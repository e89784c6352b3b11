package ukey.app.renewal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine calls the CA: a failure the CA or the connector calls retryable (the network, 5xx, 429) is tried
 * again after a back-off that doubles, or after the CA's Retry-After, up to {@value #TRIES} tries in all; any
 * other failure ends the call at once as a {@link RenewalException}.
 */
final class CaRetry {

    private static final Logger LOG = LoggerFactory.getLogger(CaRetry.class);
    private static final int TRIES = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);

    interface Call<T> {
        T run() throws CaException;
    }

    interface Action {
        void run() throws CaException;
    }

    private final RenewalEngine.Sleeper sleeper;

    CaRetry(RenewalEngine.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    <T> T call(Call<T> call) throws RenewalException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (CaException e) {
                if (!e.retryable() || attempt >= TRIES) {
                    throw RenewalException.of(e);
                }
                LOG.info("CA call failed ({}), retry {} of {}", e.code(), attempt, TRIES - 1);
                pause(e.retryAfter().orElse(backoff));
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    void run(Action action) throws RenewalException {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Waits as the CA asked, at most a minute; an interrupt cancels the renewal (the journal stays). */
    void pause(Duration duration) throws RenewalException {
        Duration bounded = duration.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : duration;
        try {
            sleeper.sleep(bounded.isNegative() ? Duration.ZERO : bounded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenewalException(RenewalError.CANCELLED, "interrupted");
        }
    }
}
