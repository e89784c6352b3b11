package ukey.token.host;

import java.time.Duration;

/**
 * How long the client waits for a host, and how it treats a host that crashes or hangs.
 *
 * @param start       for the host's HELLO and for loading the library
 * @param call        for an ordinary call
 * @param longCall    for key generation and PIN entry, where vendor libraries may show their own dialogs
 * @param maxCrashes  this many crashes or hangs within {@code window} disable the library
 * @param window      see maxCrashes
 * @param backoff     the wait before the first restart after a crash; doubled for each further crash
 */
public record HostPolicy(Duration start, Duration call, Duration longCall, int maxCrashes, Duration window,
                         Duration backoff) {

    static final long PROTOCOL_VERSION = 1;

    public static final HostPolicy DEFAULT = new HostPolicy(Duration.ofSeconds(20), Duration.ofSeconds(20),
            Duration.ofMinutes(3), 3, Duration.ofMinutes(5), Duration.ofMillis(500));

    /** The deadline of an op; null for none (event waits). */
    Duration deadline(Op op) {
        return switch (op.deadline) {
            case CALL -> call;
            case LONG -> longCall;
            case NONE -> null;
        };
    }

    /** The wait before restarting after the n-th crash in the window (n from 1). */
    Duration backoff(int crashes) {
        return backoff.multipliedBy(1L << Math.min(10, Math.max(0, crashes - 1)));
    }
}
