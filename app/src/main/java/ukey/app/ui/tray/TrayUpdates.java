package ukey.app.ui.tray;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.update.UpdateCheck;

/**
 * 有新版本 from the tray: a client that waits in the tray for weeks with its window never opened still hears of a new
 * version (the window asks when it opens). The tray process asks {@link #FIRST} after its start (not in the rush of
 * the logon) and then once a day, when the settings allow it ({@link UpdateCheck#from}), and says each newer version
 * once; a click on the notice opens the window, whose footer offers the page. A failure only goes to the log.
 */
final class TrayUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(TrayUpdates.class);
    static final Duration FIRST = Duration.ofMinutes(10);
    static final Duration EVERY = Duration.ofDays(1);

    private final Settings settings;
    private final String current;
    private final I18n i18n;
    private final Consumer<KeyNotifications.Notification> tell;
    private String told = "";

    /**
     * @param current this client's version
     * @param tell    shows a notice at the tray icon
     */
    TrayUpdates(Settings settings, String current, I18n i18n, Consumer<KeyNotifications.Notification> tell) {
        this.settings = settings;
        this.current = current;
        this.i18n = i18n;
        this.tell = tell;
    }

    /** Asks now; says a newer version than this one unless it said that version already. */
    synchronized void checkNow() {
        try {
            Optional<UpdateCheck.Available> found = UpdateCheck.newerThan(settings, current);
            found.filter(available -> !available.version().equals(told)).ifPresent(available -> {
                LOG.info("a newer version is out: {} ({})", available.version(), available.page());
                told = available.version();
                tell.accept(new KeyNotifications.Notification(i18n.tr("tray.newVersion.title"),
                        i18n.format("tray.newVersion", available.version()), false));
            });
        } catch (Exception e) { // the network, the document, the settings' trust file: nothing for the user to do
            LOG.info("the update check failed: {}", e.toString());
        }
    }

    /** Asks {@link #FIRST} from now and then every {@link #EVERY}, on a thread of its own; closing it stops that. */
    AutoCloseable daily() {
        return Background.repeating("ukey-update-check", this::checkNow, FIRST, EVERY);
    }
}
