package ukey.app.ui.tray;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.i18n.Language;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyEvent;
import ukey.app.ui.tray.WindowProcess.Page;
import ukey.token.TokenException;

/**
 * The client that waits in the tray all day ({@code ukey gui --hidden}), without JavaFX: the tray icon and its menu
 * (AWT), the key watch, the insert notices, the certificate reminders and the daily update check. The window is a
 * {@link WindowProcess} it starts when asked (the icon, the menu, another {@code ukey gui}) and that ends when its
 * window closes, so what stays resident is this much and no toolkit, scene graph or FXML (issue 13; src/bench.sh tray
 * measures it).
 */
public final class TrayProcess {

    private static final Logger LOG = LoggerFactory.getLogger(TrayProcess.class);

    /** How a tray process ended. */
    public enum Ending {
        /** The user chose 退出. */
        QUIT,
        /** The desktop has no tray: the window opens in this process, as a hidden start without a tray does. */
        NO_TRAY,
        /** A window process could not be started: the icon is gone and the window opens in this process instead. */
        WINDOW_HERE
    }

    private final KeyDirectory directory;
    private final KeyNotifications notices;
    private final WindowProcess window;
    private final Runnable onQuit;
    private final Set<String> present = new HashSet<>();
    private TrayMenu menu;
    private AutoCloseable watch;
    private AutoCloseable updates = () -> { };
    private volatile Ending ending = Ending.QUIT;

    private TrayProcess(KeyDirectory directory, KeyNotifications notices, WindowProcess window, Runnable onQuit) {
        this.directory = directory;
        this.notices = notices;
        this.window = window;
        this.onQuit = onQuit;
    }

    /**
     * Puts the icon in the tray, watches keys, and returns once the user chose 退出 (the window process closed, the
     * icon removed) or a window process could not be started (the icon removed, the watch stopped); at once where the
     * desktop has no tray. The caller opens the window in this process unless the ending is {@link Ending#QUIT}.
     *
     * @param workers where the menu's actions and the key reads run (never the AWT thread)
     * @param onShow  is given what another {@code ukey gui} does: bring up the window
     */
    public static Ending runUntilQuit(Settings settings, KeyDirectory directory, WindowProcess window,
                                      ExecutorService workers, Consumer<Runnable> onShow) throws AppException {
        I18n i18n = I18n.forLanguage(settings.language().orElse(Language.ZH));
        CountDownLatch quit = new CountDownLatch(1);
        TrayProcess tray = new TrayProcess(directory,
                new KeyNotifications(i18n, new ReminderPolicy(settings.reminderDays())), window, quit::countDown);
        Optional<TrayMenu> menu = TrayMenu.install(i18n, tray.new Actions(), workers);
        if (menu.isEmpty()) {
            return Ending.NO_TRAY;
        }
        tray.menu = menu.get();
        window.onStartFailure(tray::windowHere);
        LOG.info("started hidden in the tray (tray process, the window starts on demand)");
        workers.execute(tray::watchKeys);
        tray.updates = new TrayUpdates(settings, AppInfo.load().version(), i18n, n -> tray.tell(List.of(n))).daily();
        onShow.accept(() -> window.show(Page.MAIN));
        try {
            quit.await(); // the AWT and watcher threads do the work; this one waits for 退出
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tray.ending;
    }

    /** The keys inserted now get their reminders; those inserted later an insert notice and theirs. */
    private void watchKeys() {
        try {
            for (KeyCard key : directory.scan()) {
                synchronized (present) {
                    present.add(key.key());
                }
                tell(notices.forKey(key, false));
            }
        } catch (TokenException e) {
            LOG.warn("reading the keys at start failed: {}", e.getMessage());
        }
        // the watch's first look reports the keys read above as inserted: only keys not present are announced
        watch = directory.watch(event -> {
            switch (event) {
                case KeyEvent.Inserted inserted -> announce(inserted);
                case KeyEvent.Removed removed -> {
                    synchronized (present) {
                        present.remove(removed.info().key());
                    }
                }
            }
        });
    }

    private void announce(KeyEvent.Inserted inserted) {
        synchronized (present) {
            if (!present.add(inserted.info().key())) {
                return;
            }
        }
        try {
            tell(notices.forKey(directory.read(inserted.info()), true));
        } catch (TokenException e) {
            LOG.info("an inserted key could not be read: {}", e.getMessage()); // pulled out again: nothing to say
        }
    }

    private void tell(List<KeyNotifications.Notification> said) {
        said.forEach(n -> menu.notify(n.title(), n.text(), n.warning()));
    }

    private void quit() {
        LOG.info("UKey Assistant quits (tray process)");
        window.close();
        stop(Ending.QUIT);
    }

    /** No window process could be started (its launcher gone, say): the window comes in this process instead. */
    private void windowHere() {
        LOG.warn("no window process: the window opens in the tray process");
        stop(Ending.WINDOW_HERE);
    }

    private void stop(Ending how) {
        ending = how;
        menu.remove();
        try {
            updates.close();
            if (watch != null) {
                watch.close();
            }
        } catch (Exception e) {
            LOG.debug("closing the key watch: {}", e.getMessage());
        }
        onQuit.run();
    }

    private final class Actions implements TrayMenu.Actions {
        @Override
        public void open() {
            window.show(Page.MAIN);
        }

        @Override
        public void changePin() {
            window.show(Page.CHANGE_PIN);
        }

        @Override
        public void showCertificate() {
            window.show(Page.CERTIFICATE);
        }

        @Override
        public void refresh() {
            if (window.isRunning()) {
                window.show(Page.REFRESH);
                return;
            }
            try {
                for (KeyCard key : directory.scan()) {
                    tell(notices.forKey(key, false)); // the policy says each reminder once
                }
            } catch (TokenException e) {
                LOG.warn("refreshing the keys failed: {}", e.getMessage());
            }
        }

        @Override
        public void quit() {
            TrayProcess.this.quit();
        }
    }
}
