package ukey.app.ui;

import java.time.Clock;
import java.util.List;

import javafx.application.Application;
import javafx.application.HostServices;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.renewal.usecase.SealLookup;
import ukey.app.tokens.TokenService;
import ukey.app.ui.certificate.CertificateController;
import ukey.app.ui.certificate.CertificateViewModel;
import ukey.app.ui.changepin.ChangePinController;
import ukey.app.ui.changepin.ChangePinViewModel;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Views;
import ukey.app.ui.diagnostics.DiagnosticsController;
import ukey.app.ui.diagnostics.DiagnosticsViewModel;
import ukey.app.ui.diagnostics.EnvironmentChecks;
import ukey.app.ui.faq.FaqController;
import ukey.app.ui.faq.FaqViewModel;
import ukey.app.ui.main.MainActions;
import ukey.app.ui.main.MainController;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.renewal.RenewalController;
import ukey.app.ui.renewal.RenewalViewModel;
import ukey.app.ui.renewal.RenewalDialogs;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.unblock.UnblockController;
import ukey.app.ui.unblock.UnblockViewModel;

/**
 * The window's object graph: services in, view-models and controllers out. Controllers are made here with
 * their collaborators, so FXML never instantiates anything by reflection alone.
 */
public final class UiContext implements MainActions, AutoCloseable {

    private final KeyDirectory directory;
    private final SealLookup sealLookup;
    private final Settings settings;
    private final int windowDays;
    private final List<Integer> reminderDays;
    private final ErrorPresenter errors;
    private final AppInfo app;
    private final Clock clock;
    private final Background background;
    private final I18n i18n;
    private final Views views;

    private final MainViewModel main;
    private final RenewalViewModel renewal;
    private final FaqViewModel faq;
    private final DiagnosticsViewModel diagnostics;
    private Stage mainStage;
    private MainController mainController;
    private HostServices hostServices;

    /**
     * @param tokens   the window's one token service (the command line's libraries, loaded once)
     * @param settings the user's settings and IT policy
     * @throws AppException when a setting the window needs is unreadable
     */
    public UiContext(TokenService tokens, Settings settings, AppInfo app, Clock clock, Background background)
            throws AppException {
        this.settings = settings;
        Language language = settings.language().orElse(Language.ZH);
        this.windowDays = settings.renewalWindowDays();
        this.reminderDays = settings.reminderDays();
        this.errors = new ErrorPresenter(language);
        this.directory = new KeyDirectory(tokens, clock, windowDays);
        this.app = app;
        this.clock = clock;
        this.background = background;
        this.i18n = I18n.forLanguage(language);
        this.views = new Views(i18n);
        this.main = new MainViewModel(directory, background, i18n, errors);
        this.sealLookup = new SealLookup(settings);
        main.sealsFrom(certificate -> sealLookup.seals(certificate.holder()));
        this.renewal = new RenewalViewModel(main, i18n, errors, settings, windowDays, background);
        this.renewal.setPrompts(new RenewalDialogs(i18n, () -> mainStage));
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

    /** Builds the main window on this stage and starts watching keys, without showing it (started in the tray). */
    public Stage buildMain(Stage stage) {
        Views.Loaded<MainController> loaded = views.load(FxmlView.MAIN, this::controller);
        mainController = loaded.controller();
        stage.setScene(scene(loaded.root()));
        stage.setTitle(i18n.tr("app.name"));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        mainStage = stage;
        main.start();
        return stage;
    }

    private Object controller(Class<?> type) {
        if (type == MainController.class) {
            return new MainController(main, renewal, this, i18n, app);
        } else if (type == RenewalController.class) {
            return new RenewalController(renewal, i18n);
        } else if (type == FaqController.class) {
            return new FaqController(faq);
        } else if (type == DiagnosticsController.class) {
            return new DiagnosticsController(diagnostics, i18n);
        }
        return null;
    }

    @Override
    public void viewCertificate(KeyCard key) {
        CertificateViewModel model = new CertificateViewModel(key, background, i18n, errors, clock, windowDays);
        dialog(FxmlView.CERTIFICATE, "certificate.title", new CertificateController(model, i18n)).show();
    }

    /** 有新版本: looks for a newer version in the background, when the settings allow it. */
    public void checkForUpdate() {
        main.checkForUpdate(settings, app.version());
    }

    @Override
    public void openNewVersion() {
        main.newerVersionPage().ifPresent(page -> hostServices().showDocument(page.toString()));
    }

    /** JavaFX opens web pages through an application's HostServices; the window has no Application of its own. */
    private HostServices hostServices() {
        if (hostServices == null) {
            hostServices = new Application() {
                @Override
                public void start(Stage stage) {
                }
            }.getHostServices();
        }
        return hostServices;
    }

    @Override
    public void resumeRenewal() {
        main.showRenewal(true);
        renewal.start();
    }

    @Override
    public void changePin(KeyCard key) {
        ChangePinViewModel model = new ChangePinViewModel(key, background, i18n, errors);
        Stage stage = dialog(FxmlView.CHANGE_PIN, "changePin.title",
                new ChangePinController(model, i18n, main.keyName(key)));
        stage.setOnHidden(event -> {
            model.clearFields(); // no PIN stays in a closed dialog's fields
            main.refresh();
        });
        stage.show();
    }

    @Override
    public void unblock(KeyCard key) {
        UnblockViewModel model = new UnblockViewModel(key, background, i18n, errors, settings);
        Stage stage = dialog(FxmlView.UNBLOCK, "unblock.title",
                new UnblockController(model, i18n, main.keyName(key)));
        stage.setOnHidden(event -> {
            model.clearFields();
            main.refresh();
        });
        stage.show();
    }

    private Stage dialog(FxmlView view, String titleKey, Object controller) {
        Parent root = views.load(view, type -> controller).root();
        Stage stage = new Stage();
        Window owner = mainStage != null && mainStage.isShowing() ? mainStage : null;
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(i18n.tr(titleKey));
        stage.setScene(scene(root));
        // notices and warnings come and go: let the window grow and shrink with them
        root.needsLayoutProperty().addListener((observable, was, needs) -> {
            if (!needs && stage.isShowing()
                    && Math.abs(root.prefHeight(root.getLayoutBounds().getWidth()) - root.getLayoutBounds().getHeight()) > 1) {
                stage.sizeToScene();
            }
        });
        return stage;
    }

    private static Scene scene(Parent root) {
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Views.stylesheet());
        return scene;
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
