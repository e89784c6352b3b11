package ukey.app.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.application.Application;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.logging.LogSetup;
import ukey.app.tokens.TokenService;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.tray.KeyNotifications;
import ukey.app.ui.tray.ReminderPolicy;
import ukey.app.ui.tray.TrayMenu;
import ukey.app.ui.tray.TrayProcess;
import ukey.app.ui.tray.WindowProcess;
import ukey.app.ui.tray.WindowProcess.Page;

/**
 * {@code ukey gui}: prints the version with {@code --version}; hands over to a running window if there is one;
 * otherwise opens the window, with a tray icon where the desktop has a tray (closing the window then keeps
 * the client running there). {@code --hidden} starts in the tray without the window (autostart at logon): as a
 * {@link TrayProcess} without JavaFX, which starts the window as a process of its own ({@code --window-of-tray})
 * when asked and lets it end when its window closes.
 * <p>
 * A window starts JavaFX first, on a thread of its own (before it asks whether a window runs already), and reads
 * the settings, starts logging, opens the key libraries and makes the main view meanwhile (src/bench.sh gui:
 * JavaFX takes ~150 ms to start, which this work no longer waits behind).
 */
public final class GuiLauncher {

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
    /** The window's libraries and keys, being read since it began to start (not for a tray process). */
    private Optional<KeysAtStart> keysAtStart = Optional.empty();
    private boolean startedUp;
    private boolean toldAboutTray;
    private boolean trayDecided;
    private final List<KeyNotifications.Notification> untold = new ArrayList<>();
    /** What waits for the first look at the keys (a page the tray process asked for). */
    private final List<Runnable> afterStartUp = new ArrayList<>();
    private GuiOptions options;
    /** The window's context, made on the main thread while JavaFX starts; {@link Window} waits for it. */
    private final CompletableFuture<UiContext> prepared = new CompletableFuture<>();
    /**
     * The main window's view, made on the main thread too (nodes may be built off the JavaFX thread while not in a
     * showing window): done when it is.
     */
    private final CompletableFuture<Void> mainViewMade = new CompletableFuture<>();
    /** JavaFX runs and has its own stylesheet: controls may be made on other threads ({@link Window#start}). */
    private final CompletableFuture<Void> javaFxReady = new CompletableFuture<>();
    /** The application's HostServices, once JavaFX has made it: they open web pages (有新版本). */
    private volatile HostServices host;
    /** The launcher of this process, for the {@link Window} that JavaFX makes. */
    private static GuiLauncher launching;

    private GuiLauncher() {
    }

    public static void main(String[] args) {
        new GuiLauncher().launch(args);
    }

    private void launch(String[] args) {
        try {
            options = GuiOptions.parse(args);
        } catch (AppException e) {
            System.err.println(new ErrorPresenter(language()).text(e));
            System.err.println(GuiOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.version()) {
            System.out.println("UKey Assistant " + app.version());
            return;
        }
        boolean trayProcess = options.hidden() && !options.ofTray(); // it needs its keys before anything
        if (!trayProcess) {
            startJavaFx();
        }
        if (!options.ofTray()) { // the window of a tray process: the tray process is the one instance
            SingleInstance.Claim claim = SingleInstance.claim(socket);
            if (claim.otherRunning()) { // it shows its window: this one ends, JavaFX started or not
                System.out.println(I18n.forLanguage(language()).tr("app.alreadyRunning"));
                System.exit(0);
                return;
            }
            instance = claim.instance();
        }
        try {
            settings = Settings.load(System.getenv());
            LogSetup.toFile(settings.logDirectory(), options.ofTray() ? LogSetup.WINDOW_FILE_NAME : LogSetup.FILE_NAME,
                    settings.debugLog(), System.getenv());
            log().info("UKey Assistant {} starting: Java {}, {} {}", app.version(), Runtime.version(),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
            if (trayProcess) {
                tokens = KeysAtStart.open(options, settings);
            }
        } catch (AppException e) {
            failAtStart(e);
            return;
        }
        workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ukey-worker");
            thread.setDaemon(true);
            return thread;
        });
        if (!trayProcess) { // the window: its keys are read while JavaFX starts
            keysAtStart = Optional.of(KeysAtStart.start(options, settings, Clock.systemDefaultZone()));
        } else if (inTrayProcess(args)) {
            return;
        } else {
            startJavaFx();
        }
        prepareWindow();
    }

    /**
     * Starts JavaFX on a thread of its own ({@code Application.launch} returns only when JavaFX ends); its
     * {@link Window} waits for {@link #prepareWindow()}.
     */
    private void startJavaFx() {
        launching = this;
        Thread.ofPlatform().name("ukey-javafx").start(() -> {
            try {
                Application.launch(Window.class);
            } catch (RuntimeException noDisplay) { // libraries that failed are still said on stderr
                prepared.handle((context, failure) -> failure).join();
                keysAtStart.flatMap(KeysAtStart::failure).ifPresent(e -> StartFailure.tell(e, language()));
                noDisplay.printStackTrace();
                System.exit(1);
            }
        });
    }

    /** The window's context and main view, made while JavaFX starts (its libraries open meanwhile too). */
    private void prepareWindow() {
        try {
            if (keysAtStart.isPresent()) {
                tokens = keysAtStart.get().tokens();
            }
            UiContext made = new UiContext(tokens, settings, app, Clock.systemDefaultZone(),
                    new Background(workers, Platform::runLater), url -> host.showDocument(url));
            prepared.complete(made);
            javaFxReady.join();
            made.prepareMain();
            mainViewMade.complete(null);
        } catch (AppException | RuntimeException e) {
            if (tokens != null) {
                tokens.close();
            }
            prepared.completeExceptionally(e);
            mainViewMade.completeExceptionally(e);
        }
    }

    /**
     * A hidden start stays in the tray without JavaFX and starts the window as its own process when asked; false
     * where the desktop has no tray or this process cannot tell how it was started (the window then runs here).
     */
    private boolean inTrayProcess(String[] args) {
        Optional<WindowProcess> window = WindowProcess.of(System.getProperties(), ProcessHandle.current().info(),
                List.of(args));
        try {
            TrayProcess.Ending ending = window.isEmpty() ? TrayProcess.Ending.NO_TRAY : TrayProcess.runUntilQuit(
                    settings, new KeyDirectory(tokens, Clock.systemDefaultZone(), settings.renewalWindowDays()),
                    window.get(), workers, show -> instance.ifPresent(listener -> listener.onShow(show)));
            if (ending == TrayProcess.Ending.WINDOW_HERE) { // the user asked for the window: it shows, with the tray
                options = options.shown();
            }
            if (ending != TrayProcess.Ending.QUIT) {
                return false;
            }
        } catch (AppException e) {
            failAtStart(e);
            return true;
        }
        log().info("UKey Assistant quits");
        instance.ifPresent(SingleInstance::close);
        tokens.close();
        System.exit(0);
        return true;
    }

    /**
     * The JavaFX application. JavaFX makes it itself, so it finds the launcher of this process in
     * {@link #launching}; its HostServices open web pages (有新版本).
     */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            // JavaFX's stylesheet set here, now: the first control made on another thread would otherwise queue
            // setting it behind this start, and the main window's first CSS pass would be made twice
            setUserAgentStylesheet(STYLESHEET_MODENA);
            launching.javaFxReady.complete(null);
            launching.start(stage, getHostServices());
        }
    }

    /** The user's language before the window exists (for messages at start). */
    private Language language() {
        return StartFailure.language(settings);
    }

    /** Says what went wrong: once JavaFX is starting, its {@link Window} says it; before that, alone. */
    private void failAtStart(AppException e) {
        if (launching == this) {
            prepared.completeExceptionally(e);
        } else {
            showFailure(e);
        }
    }

    private void showFailure(AppException e) {
        StartFailure.show(e, language(), () -> System.exit(1));
    }

    /** Logback starts with the first logger: not before JavaFX has begun to start. */
    private static Logger log() {
        return LoggerFactory.getLogger(GuiLauncher.class);
    }

    private void start(Stage stage, HostServices services) {
        host = services;
        try {
            context = prepared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AppException problem) {
                showFailure(problem);
                return;
            }
            throw e;
        }
        mainViewMade.join();
        keysAtStart.ifPresent(keys -> context.readKeysFrom(keys.firstLook()));
        stage.setOnHidden(event -> quit()); // until a tray icon keeps the client running
        notifyOfKeys();
        if (options.ofTray()) { // its tray process has the icon and says what there is to say: no tray here
            trayDecided = true;
            whenStartedUp(() -> showPage(options.page()));
            WindowProcess.listen(System.in, page -> Platform.runLater(() -> whenStartedUp(() -> showPage(page))));
        } else if (options.hidden()) {
            useTray(stage, TrayMenu.install(context.i18n(), new TrayActions(), Platform::runLater)); // none: it shows
        }
        if (options.showWindow(tray.isPresent())) {
            context.showMain(stage);
        } else {
            log().info("started hidden in the tray");
            context.buildMain(stage);
        }
        // What the first frame does not need waits for it: the tray icon (AWT's toolkit), the update check.
        Runnable rest = () -> {
            if (!trayDecided) {
                workers.execute(() -> {
                    Optional<TrayMenu> found = TrayMenu.install(context.i18n(), new TrayActions(), Platform::runLater);
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
        context.main().busyProperty().addListener((observable, was, busy) -> {
            if (was && !busy && !startedUp) {
                startedUp = true;
                afterStartUp.forEach(Runnable::run);
                afterStartUp.clear();
            }
        });
    }

    /** Runs this on the JavaFX thread once the first look at the keys is done (now, if it is). */
    private void whenStartedUp(Runnable action) {
        if (startedUp) {
            action.run();
        } else {
            afterStartUp.add(action);
        }
    }

    /** A page the tray process asked for. */
    private void showPage(Page page) {
        TrayActions actions = new TrayActions();
        switch (page) {
            case MAIN -> actions.open();
            case CHANGE_PIN -> actions.changePin();
            case CERTIFICATE -> actions.showCertificate();
            case REFRESH -> actions.refresh();
        }
    }

    /** A client left running in the tray for weeks still hears of a new version: it asks again once a day. */
    private void checkForUpdatesDaily() {
        Background.repeating("ukey-update-check", () -> Platform.runLater(context::checkForUpdate), Duration.ofDays(1),
                Duration.ofDays(1));
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
        log().info("UKey Assistant quits");
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
