package ukey.app.ui;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.stage.Stage;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.renewal.usecase.SealLookup;
import ukey.app.tokens.TokenService;
import ukey.app.ui.certificate.CertificateWindow;
import ukey.app.ui.changepin.ChangePinWindow;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.Controllers;
import ukey.app.ui.common.FeatureContext;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.common.Views;
import ukey.app.ui.common.Windows;
import ukey.app.ui.diagnostics.DiagnosticsController;
import ukey.app.ui.diagnostics.DiagnosticsViewModel;
import ukey.app.ui.diagnostics.EnvironmentChecks;
import ukey.app.ui.faq.FaqController;
import ukey.app.ui.faq.FaqViewModel;
import ukey.app.ui.main.MainActions;
import ukey.app.ui.main.MainController;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.renewal.RenewalController;
import ukey.app.ui.renewal.RenewalDialogs;
import ukey.app.ui.renewal.RenewalViewModel;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.unblock.UnblockWindow;

/**
 * The window's object graph: services in, view-models and controllers out. It wires the features to each other
 * (they do not know one another); each feature builds its own dialogs from the {@link FeatureContext}.
 */
public final class UiContext implements MainActions, AutoCloseable {

    private final SealLookup sealLookup;
    private final Settings settings;
    private final List<Integer> reminderDays;
    private final ErrorPresenter errors;
    private final AppInfo app;
    private final I18n i18n;
    private final Consumer<String> browser;
    private final FeatureContext features;

    private final MainViewModel main;
    private final RenewalViewModel renewal;
    private final FaqViewModel faq;
    private final DiagnosticsViewModel diagnostics;
    private Stage mainStage;
    private MainController mainController;
    private Optional<CompletableFuture<List<KeyCard>>> firstLook = Optional.empty();
    /** The main window's controller and view, made ahead of its stage (see {@link #prepareMain()}). */
    private Optional<MainController> madeMain = Optional.empty();

    /**
     * @param tokens   the window's one token service (the command line's libraries, loaded once)
     * @param settings the user's settings and IT policy
     * @param browser  opens a web page in the user's browser (the application's HostServices)
     * @throws AppException when a setting the window needs is unreadable
     */
    public UiContext(TokenService tokens, Settings settings, AppInfo app, Clock clock, Background background,
                     Consumer<String> browser) throws AppException {
        this.settings = settings;
        Language language = settings.language().orElse(Language.ZH);
        int windowDays = settings.renewalWindowDays();
        this.reminderDays = settings.reminderDays();
        this.errors = new ErrorPresenter(language);
        this.app = app;
        this.browser = browser;
        this.i18n = I18n.forLanguage(language);
        Windows windows = new Windows(new Views(i18n), () -> mainStage);
        this.features = new FeatureContext(i18n, errors, background, clock, settings, windowDays, windows);
        KeyDirectory directory = new KeyDirectory(tokens, clock, windowDays);
        SelectedKey selection = new SelectedKey();
        this.main = new MainViewModel(directory, background, i18n, errors, selection);
        this.sealLookup = new SealLookup(settings);
        main.sealsFrom(certificate -> sealLookup.seals(certificate.holder()));
        this.renewal = new RenewalViewModel(selection, i18n, errors, settings, windowDays, background);
        renewal.setPrompts(new RenewalDialogs(i18n, () -> mainStage));
        renewal.onLeave(() -> main.showRenewal(false));
        this.faq = new FaqViewModel(i18n);
        this.diagnostics = new DiagnosticsViewModel(new EnvironmentChecks(directory, settings, errors, i18n, app,
                clock, EnvironmentChecks.PCSCD_SOCKET), directory, settings, background, i18n, errors, clock);
    }

    /** Builds the main window on this stage, starts watching keys, and shows it. */
    public Stage showMain(Stage stage) {
        buildMain(stage);
        stage.show();
        return stage;
    }

    /**
     * Makes the main window's view now, on this thread (JavaFX must be running): the window's start makes it on the
     * main thread while the JavaFX thread finishes starting.
     */
    public void prepareMain() {
        madeMain = Optional.of(makeMain());
    }

    /** Builds the main window on this stage and starts watching keys, without showing it (started in the tray). */
    public Stage buildMain(Stage stage) {
        mainController = madeMain.orElseGet(this::makeMain);
        madeMain = Optional.empty();
        stage.setScene(Windows.scene(mainController.root()));
        stage.setTitle(i18n.tr("app.name"));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        mainStage = stage;
        firstLook.ifPresentOrElse(main::start, main::start);
        return stage;
    }

    /** The keys are being read already (since the client started): the window takes them, not a scan of its own. */
    public void readKeysFrom(CompletableFuture<List<KeyCard>> look) {
        firstLook = Optional.of(look);
    }

    private MainController makeMain() {
        MainController.Resume resume = new MainController.Resume(renewal.resumable(), renewal.canStart());
        return new MainController(main, resume, this, i18n, app,
                page -> features.windows().views().load(page, pageControllers()).root());
    }

    /** The controllers of the pages the main window loads when they are first shown. */
    private Controllers pageControllers() {
        Map<Class<?>, Supplier<?>> makers = Map.of(
                RenewalController.class, () -> new RenewalController(renewal, i18n),
                FaqController.class, () -> new FaqController(faq),
                DiagnosticsController.class, () -> new DiagnosticsController(diagnostics, i18n));
        return Controllers.of(makers);
    }

    @Override
    public void viewCertificate(KeyCard key) {
        CertificateWindow.open(features, key);
    }

    @Override
    public void changePin(KeyCard key) {
        ChangePinWindow.open(features, key, main::refresh);
    }

    @Override
    public void unblock(KeyCard key) {
        UnblockWindow.open(features, key, main::refresh);
    }

    /** 有新版本: looks for a newer version in the background, when the settings allow it. */
    public void checkForUpdate() {
        main.checkForUpdate(settings, app.version());
    }

    @Override
    public void openNewVersion() {
        main.newerVersionPage().ifPresent(page -> browser.accept(page.toString()));
    }

    @Override
    public void resumeRenewal() {
        main.showRenewal(true);
        renewal.start();
    }

    public I18n i18n() {
        return i18n;
    }

    public MainViewModel main() {
        return main;
    }

    public MainController mainController() {
        return mainController;
    }

    public Stage mainStage() {
        return mainStage;
    }

    public Settings settings() {
        return settings;
    }

    /** Days before expiry at which the tray reminds, largest first. */
    public List<Integer> reminderDays() {
        return reminderDays;
    }

    public ErrorPresenter errors() {
        return errors;
    }

    public RenewalViewModel renewal() {
        return renewal;
    }

    @Override
    public void close() {
        main.close();
        sealLookup.close();
    }
}
