package ukey.app.ui.tray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which reminder a certificate is due: one per threshold (90, 30, 7 days by default) as it is crossed, and one
 * when it has expired. Remembers what it said for each certificate during this run, so a key re-inserted
 * on the same day is not announced again.
 */
public final class ReminderPolicy {

    /** Marks "expired" among the thresholds already announced. */
    private static final int EXPIRED = -1;

    private final List<Integer> thresholds;
    private final Map<String, Integer> announced = new HashMap<>();

    /** @param thresholds days before expiry, in any order */
    public ReminderPolicy(List<Integer> thresholds) {
        this.thresholds = thresholds.stream().sorted().toList();
    }

    /**
     * The threshold this certificate has entered and not yet been reminded of; -1 when it has expired and that
     * was not yet said; empty when there is nothing new to say.
     *
     * @param certificate what identifies the certificate (its fingerprint)
     * @param daysLeft    whole days until it expires, negative once expired
     */
    public OptionalInt due(String certificate, long daysLeft) {
        int tier;
        if (daysLeft < 0) {
            tier = EXPIRED;
        } else {
            OptionalInt entered = thresholds.stream().mapToInt(Integer::intValue)
                    .filter(days -> daysLeft <= days).findFirst();
            if (entered.isEmpty()) {
                return OptionalInt.empty();
            }
            tier = entered.getAsInt();
        }
        Integer before = announced.get(certificate);
        if (before != null && (before == EXPIRED || (tier != EXPIRED && before <= tier))) {
            return OptionalInt.empty();
        }
        announced.put(certificate, tier);
        return OptionalInt.of(tier);
    }
}
