package ukey.app.ui.tray;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;

/** What the tray says when a key shows up: that it was inserted, and the reminder its certificate is due. */
public final class KeyNotifications {

    /** One tray message. */
    public record Notification(String title, String text, boolean warning) {
    }

    private final I18n i18n;
    private final ReminderPolicy reminders;

    public KeyNotifications(I18n i18n, ReminderPolicy reminders) {
        this.i18n = i18n;
        this.reminders = reminders;
    }

    /**
     * @param inserted true for a key inserted while the client runs (not one found at start)
     */
    public List<Notification> forKey(KeyCard key, boolean inserted) {
        List<Notification> said = new ArrayList<>();
        String name = key.ownerOrLabel();
        if (inserted) {
            said.add(new Notification(i18n.tr("app.name"), i18n.format("tray.inserted", name), false));
        }
        key.main().filter(summary -> summary.daysLeft().isPresent()).ifPresent(certificate -> {
            long daysLeft = certificate.daysLeft().get();
            Instant notAfter = certificate.info().orElseThrow().notAfter();
            OptionalInt due = reminders.due(certificate.sha256(), daysLeft);
            if (due.isEmpty()) {
                return;
            }
            if (due.getAsInt() < 0) {
                said.add(new Notification(i18n.tr("tray.expired.title"),
                        i18n.format("tray.expired", name, i18n.date(notAfter)), true));
            } else {
                said.add(new Notification(i18n.tr("tray.reminder.title"), i18n.format("tray.reminder", name,
                        daysLeft, i18n.date(notAfter)), true));
            }
        });
        return said;
    }
}
