package ukey.app.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.application.Application;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.logging.LogSetup;
import ukey.app.tokens.LibrarySource;
import ukey.app.tokens.ProviderFactory;
import ukey.app.tokens.SkfLibraryOptions;
import ukey.app.tokens.TokenService;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.tray.KeyNotifications;
import ukey.app.ui.tray.ReminderPolicy;
import ukey.app.ui.tray.TrayMenu;

/**
 * {@code ukey gui}: prints the version with {@code --version}; hands over to a running window if there is one;
 * otherwise opens the window, with a tray icon where the desktop has a tray (closing the window then keeps
 * the client running there). {@code --hidden} starts in the tray without the window (autostart at logon).
 */
public final class GuiLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(GuiLauncher.class);
    /** After hiding, the garbage of the last frames is collected with the rest. */
    private static final long RELEASE_DELAY_SECONDS = 3;

    private final AppInfo app = AppInfo.load();
    private final Path socket = SingleInstance.defaultSocket();
    private Settings settings;
    private TokenService tokens;
    private UiContext context;
    private Optional<TrayMenu> tray = Optional.empty();
    private Optional<SingleInstance> instance = Optional.empty();
    private ExecutorService workers;
    private boolean startedUp;
    private boolean toldAboutTray;
    private boolean trayDecided;
    private final List<KeyNotifications.Notification> untold = new ArrayList<>();
    private Options options;
    /** The launcher of this process, for the {@link Window} that JavaFX makes. */
    private static GuiLauncher launching;

    private GuiLauncher() {
    }

    public static void main(String[] args) {
        new GuiLauncher().launch(args);
    }

    /**
     * What {@code ukey gui} was asked for.
     *
     * @param libraries {@code --module PATH}, any number of times
     * @param skf       {@code --skf PATH}, any number of times: SKF libraries
     * @param hidden    {@code --hidden} (or {@code --tray}): start in the tray without a window, for autostart
     * @param version   {@code --version}: print it and stop
     */
    record Options(List<Path> libraries, List<Path> skf, boolean hidden, boolean version) {

        static final String USAGE = "ukey gui [--module PATH]... [--skf PATH]... [--hidden | --tray] [--version]";

        static Options parse(String... args) throws AppException {
            List<Path> libraries = new ArrayList<>();
            List<Path> skf = new ArrayList<>();
            boolean hidden = false;
            boolean version = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--version" -> version = true;
                    case "--hidden", "--tray" -> hidden = true;
                    case "--module", "--skf" -> {
                        if (i + 1 == args.length || args[i + 1].isBlank()) {
                            throw new AppException(AppError.BAD_OPTION_VALUE, args[i], "PATH");
                        }
                        (args[i].equals("--skf") ? skf : libraries).add(Path.of(args[++i]));
                    }
                    default -> throw new AppException(AppError.UNKNOWN_OPTION, args[i]);
                }
            }
            return new Options(List.copyOf(libraries), List.copyOf(skf), hidden, version);
        }

        /** Hidden only where a tray icon can bring the window back; otherwise the user would see nothing at all. */
        boolean showWindow(boolean trayPresent) {
            return !hidden || !trayPresent;
        }
    }

    private void launch(String[] args) {
        try {
            options = Options.parse(args);
        } catch (AppException e) {
            System.err.println(new ErrorPresenter(language()).text(e));
            System.err.println(Options.USAGE);
            System.exit(64);
            return;
        }
        if (options.version()) {
            System.out.println("UKey Assistant " + app.version());
            return;
        }
        List<Path> libraries = options.libraries();
        SingleInstance.Claim claim = SingleInstance.claim(socket);
        if (claim.otherRunning()) {
            System.out.println(I18n.forLanguage(language()).tr("app.alreadyRunning"));
            return;
        }
        instance = claim.instance();
        try {
            settings = Settings.load(System.getenv());
            LogSetup.toFile(settings.logDirectory(), settings.debugLog(), System.getenv());
            LOG.info("UKey Assistant {} starting: Java {}, {} {}", app.version(), Runtime.version(),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
            // the same libraries as the command line: --module/--skf, UKEY_PKCS11_MODULE/UKEY_SKF_LIBRARY, settings,
            // discovery; the IT policy's win
            tokens = TokenService.open(TokenService.chooseLibraries(libraries, options.skf(), System.getenv(),
                    settings, LibrarySource.discovery()), ProviderFactory.pkcs11(), new SkfLibraryOptions(settings)::of);
        } catch (AppException e) {
            failAtStart(e);
            return;
        }
        workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ukey-worker");
            thread.setDaemon(true);
            return thread;
        });
        launching = this;
        Application.launch(Window.class);
    }

    /**
     * The JavaFX application. JavaFX makes it itself, so it finds the launcher of this process in
     * {@link #launching}; its HostServices open web pages (有新版本).
     */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            launching.start(stage, getHostServices());
        }
    }

    /** The user's language before the window exists (for messages at start), Chinese when it cannot be read. */
    private Language language() {
        try {
            Settings read = settings != null ? settings : Settings.load(System.getenv());
            return read.language().orElse(Language.ZH);
        } catch (AppException unreadable) {
            return Language.ZH; // the settings are what failed: Chinese, the base language
        }
    }

    /** Settings that cannot be read, or no library at all: said in words on stderr and in a window. */
    private void failAtStart(AppException e) {
        ErrorPresenter presenter = new ErrorPresenter(language());
        String text = presenter.render(presenter.present(e));
        System.err.print(text);
        Runnable show = () -> {
            Alert alert = new Alert(Alert.AlertType.ERROR, text);
            alert.setHeaderText(presenter.present(e).title());
            alert.showAndWait();
            System.exit(1);
        };
        if (Platform.isFxApplicationThread()) {
            show.run();
            return;
        }
        try {
            Platform.startup(show);
        } catch (RuntimeException noDisplay) {
            System.exit(1);
        }
    }

    private void start(Stage stage, HostServices host) {
        try {
            context = new UiContext(tokens, settings, app, Clock.systemDefaultZone(),
                    new Background(workers, Platform::runLater), host::showDocument);
        } catch (AppException e) {
            tokens.close();
            failAtStart(e);
            return;
        }
        stage.setOnHidden(event -> quit()); // until a tray icon keeps the client running
        notifyOfKeys();
        if (options.hidden()) {
            useTray(stage, TrayMenu.install(context.i18n(), new TrayActions())); // no tray: the window shows
        }
        if (options.showWindow(tray.isPresent())) {
            context.showMain(stage);
        } else {
            LOG.info("started hidden in the tray");
            context.buildMain(stage);
        }
        // What the first frame does not need waits for it: the tray icon (AWT's toolkit), the update check.
        Runnable rest = () -> {
            if (!trayDecided) {
                workers.execute(() -> {
                    Optional<TrayMenu> found = TrayMenu.install(context.i18n(), new TrayActions());
                    Platform.runLater(() -> useTray(stage, found));
                });
            }
            context.checkForUpdate();
        };
        if (stage.isShowing()) {
            afterFirstFrame(stage.getScene(), rest);
        } else {
            rest.run();
        }
        checkForUpdatesDaily();
        instance.ifPresent(listener -> listener.onShow(() -> Platform.runLater(this::bringForward)));
    }

    /** Says when a key comes or its certificate needs renewing (the tray's notifications). */
    private void notifyOfKeys() {
        KeyNotifications notifications = new KeyNotifications(context.i18n(),
                new ReminderPolicy(context.reminderDays()));
        // 已插入 only for a key that came after the keys found at start, and not for a key read again (刷新)
        Set<String> listed = new HashSet<>();
        context.main().keys().addListener((ListChangeListener<KeyCard>) change -> {
            while (change.next()) {
                for (KeyCard key : change.getAddedSubList()) {
                    tell(notifications.forKey(key, startedUp && !listed.contains(key.key())));
                }
            }
            listed.clear();
            change.getList().forEach(key -> listed.add(key.key()));
        });
        // started up once the first look at the keys is done
        context.main().busyProperty().subscribe((was, busy) -> {
            if (was && !busy) {
                startedUp = true;
            }
        });
    }

    /** A client left running in the tray for weeks still hears of a new version: it asks again once a day. */
    private void checkForUpdatesDaily() {
        ScheduledExecutorService daily = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ukey-update-check");
            thread.setDaemon(true);
            return thread;
        });
        daily.scheduleWithFixedDelay(() -> Platform.runLater(context::checkForUpdate), 1, 1, TimeUnit.DAYS);
    }

    /** Runs this on the JavaFX thread once the scene has been laid out and drawn for the first time. */
    private static void afterFirstFrame(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    /** The tray icon is there (closing the window keeps the client in the tray) or the desktop has none. */
    private void useTray(Stage stage, Optional<TrayMenu> found) {
        tray = found;
        trayDecided = true;
        if (found.isPresent()) {
            Platform.setImplicitExit(false);
            stage.setOnHidden(null);
            stage.showingProperty().subscribe(showing -> {
                if (!showing) {
                    releaseWhileHidden(stage);
                }
            });
            stage.setOnCloseRequest(event -> {
                event.consume();
                stage.hide();
                if (!toldAboutTray) {
                    toldAboutTray = true;
                    found.get().notify(context.i18n().tr("app.name"), context.i18n().tr("tray.stillRunning"), false);
                }
            });
        }
        List<KeyNotifications.Notification> waiting = List.copyOf(untold);
        untold.clear();
        tell(waiting);
    }

    /**
     * A client that waits in the tray all day gives its unused heap back: a full collection a moment after the
     * window went, which the serial collector ends by shrinking the heap (see the launcher's heap options).
     */
    private static void releaseWhileHidden(Stage stage) {
        CompletableFuture.delayedExecutor(RELEASE_DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!stage.isShowing()) { // shown again meanwhile: nothing to give back
                System.gc();
            }
        });
    }

    /** Key notices go to the tray icon; those that come before it is there wait for it. */
    private void tell(List<KeyNotifications.Notification> notices) {
        if (!trayDecided) {
            untold.addAll(notices);
            return;
        }
        tray.ifPresent(icon -> notices.forEach(n -> icon.notify(n.title(), n.text(), n.warning())));
    }

    private void bringForward() {
        Stage stage = context.mainStage();
        stage.show();
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
    }

    private void quit() {
        LOG.info("UKey Assistant quits");
        instance.ifPresent(SingleInstance::close);
        tray.ifPresent(TrayMenu::remove);
        context.close();
        tokens.close();
        Platform.exit();
        System.exit(0);
    }

    private final class TrayActions implements TrayMenu.Actions {
        @Override
        public void open() {
            bringForward();
            context.mainController().showCertificates();
        }

        @Override
        public void changePin() {
            bringForward();
            KeyCard key = context.main().selectedProperty().get();
            if (key != null) {
                context.changePin(key);
            }
        }

        @Override
        public void showCertificate() {
            bringForward();
            KeyCard key = context.main().selectedProperty().get();
            if (key != null && !key.certificates().isEmpty()) {
                context.viewCertificate(key);
            }
        }

        @Override
        public void refresh() {
            context.main().refresh();
        }

        @Override
        public void quit() {
            GuiLauncher.this.quit();
        }
    }
}
