package ukey.app.ui.services;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The settings the window reads (from the client's Settings and IT policy).
 *
 * @param language          zh or en
 * @param reminderDays      days before expiry at which the tray reminds, largest first (90, 30, 7)
 * @param renewalWindowDays days before expiry at which the CA renews (30 in the i信 flow)
 * @param caName            the CA's name as users know it
 * @param caPhone           the CA's service telephone, for unlocking and help
 * @param caPortal          the CA's service web address
 * @param logDirectory      where the client writes its logs
 */
public record UiSettings(Locale language, List<Integer> reminderDays, int renewalWindowDays, String caName,
                         String caPhone, String caPortal, Path logDirectory) {

    public UiSettings {
        reminderDays = reminderDays.stream().sorted((a, b) -> b - a).toList();
    }
}
