package ukey.app.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in the local time zone, looked up when first asked for. {@code Clock.systemDefaultZone()} looks
 * the zone up at once, and the first lookup of a named zone reads the JDK's time-zone database (~20–35 ms cold,
 * measured on {@code ukey list --json}); a JSON listing counts days on instants and never needs it.
 */
final class LocalClock extends Clock {

    private volatile ZoneId zone;

    @Override
    public ZoneId getZone() {
        ZoneId local = zone;
        if (local == null) {
            local = ZoneId.systemDefault();
            zone = local;
        }
        return local;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return Clock.system(other);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }
}
