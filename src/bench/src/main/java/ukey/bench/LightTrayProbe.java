package ukey.bench;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import ukey.app.config.Settings;
import ukey.app.logging.LogSetup;
import ukey.app.tokens.LibraryIsolation;
import ukey.app.tokens.LibrarySource;
import ukey.app.tokens.ProviderFactory;
import ukey.app.tokens.SkfLibraryOptions;
import ukey.app.tokens.TokenService;
import ukey.app.ui.SingleInstance;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyEvent;
import ukey.app.ui.tray.KeyNotifications;
import ukey.app.ui.tray.ReminderPolicy;

/**
 * What a resident tray process WITHOUT JavaFX would cost (issue 13's "light tray" idea): the client's own parts that
 * such a process would keep (single instance, settings and log file, the token service with the same libraries, the
 * key watch at the window's interval, reminders and insert notices through an AWT tray icon with the tray's menu)
 * and nothing of the window. Arguments: {@code [--module PATH]... [--skf PATH]...} as {@code ukey gui} takes them.
 * Prints {@code UKEY_BENCH hidden <epoch ms>} once the icon is up and the keys are read, and
 * {@code UKEY_BENCH key-added <epoch ms> <label>} for every key the watch reports inserted (read as the window reads
 * it), so {@link TrayBench} measures it as GuiBench measures the hidden window.
 */
public final class LightTrayProbe {

    private LightTrayProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> modules = new ArrayList<>();
        List<Path> skf = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            (args[i].equals("--skf") ? skf : modules).add(Path.of(args[i + 1]));
        }
        SingleInstance.Claim claim = SingleInstance.claim(SingleInstance.defaultSocket());
        if (claim.otherRunning()) {
            throw new IllegalStateException("another client runs");
        }
        Settings settings = Settings.load(System.getenv());
        LogSetup.toFile(settings.logDirectory(), settings.debugLog(), System.getenv());
        TokenService tokens = TokenService.open(TokenService.chooseLibraries(modules, skf, System.getenv(), settings,
                LibrarySource.discovery()), ProviderFactory.pkcs11().isolating(
                LibraryIsolation.choose(settings, System.getenv())), new SkfLibraryOptions(settings)::of);
        I18n i18n = I18n.forLanguage(settings.language().orElse(ukey.app.i18n.Language.ZH));
        KeyDirectory directory = new KeyDirectory(tokens, Clock.systemDefaultZone(), settings.renewalWindowDays());
        KeyNotifications notices = new KeyNotifications(i18n, new ReminderPolicy(settings.reminderDays()));
        TrayIcon icon = icon(i18n);
        claim.instance().ifPresent(instance -> instance.onShow(() -> System.out.println("UKEY_BENCH show")));
        for (KeyCard key : directory.scan()) { // the reminders of the keys found at start
            tell(icon, notices.forKey(key, false));
        }
        directory.watch(event -> {
            if (event instanceof KeyEvent.Inserted inserted) {
                try {
                    KeyCard key = directory.read(inserted.info());
                    tell(icon, notices.forKey(key, true));
                    say("key-added", key.info().label());
                } catch (Exception e) {
                    System.err.println("reading an inserted key failed: " + e);
                }
            }
        });
        Thread.sleep(3000); // as the window's releaseWhileHidden: the start's garbage goes, the heap shrinks
        System.gc();
        say("hidden", "");
        Thread.currentThread().join(); // the AWT and watcher threads keep it running
    }

    private static void say(String what, String rest) {
        System.out.println("UKEY_BENCH " + what + " " + System.currentTimeMillis() + (rest.isEmpty() ? "" : " " + rest));
        System.out.flush();
    }

    private static void tell(TrayIcon icon, List<KeyNotifications.Notification> notices) {
        for (KeyNotifications.Notification n : notices) {
            icon.displayMessage(n.title(), n.text(), n.warning() ? TrayIcon.MessageType.WARNING
                    : TrayIcon.MessageType.INFO);
        }
    }

    private static TrayIcon icon(I18n i18n) throws Exception {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            throw new IllegalStateException("no system tray (is trayer running?)");
        }
        PopupMenu menu = new PopupMenu();
        for (String key : List.of("tray.open", "main.action.changePin", "tray.showCertificate", "main.refresh",
                "tray.quit")) {
            MenuItem item = new MenuItem(i18n.tr(key));
            item.addActionListener(event -> System.out.println("UKEY_BENCH menu " + key));
            menu.add(item);
        }
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x1d5fa8));
        g.fillRect(4, 2, 24, 28);
        g.dispose();
        TrayIcon icon = new TrayIcon(image, i18n.tr("app.name"), menu);
        icon.setImageAutoSize(true);
        SystemTray.getSystemTray().add(icon);
        return icon;
    }
}
