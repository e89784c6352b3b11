package ukey.app.ui;

import java.time.Clock;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

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
import ukey.app.ui.services.ErrorText;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.UiSettings;
import ukey.app.ui.unblock.UnblockController;
import ukey.app.ui.unblock.UnblockViewModel;

/**
 * The window's object graph: services in, view-models and controllers out. Controllers are made here with
 * their collaborators, so FXML never instantiates anything by reflection alone.
 */
public final class UiContext implements MainActions, AutoCloseable {

    private final KeyDirectory directory;
    private final UiSettings settings;
    private final ErrorText errors;
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

    public UiContext(KeyDirectory directory, UiSettings settings, ErrorText errors, AppInfo app, Clock clock,
                     Background background) {
        this.directory = directory;
        this.settings = settings;
        this.errors = errors;
        this.app = app;
        this.clock = clock;
        this.background = background;
        this.i18n = I18n.forLanguage(settings.language());
        this.views = new Views(i18n);
        this.main = new MainViewModel(directory, background, i18n, errors);
        this.renewal = new RenewalViewModel(main, i18n, settings);
        this.faq = new FaqViewModel(i18n);
        this.diagnostics = new DiagnosticsViewModel(
                new EnvironmentChecks(directory, settings, i18n, app, clock, EnvironmentChecks.PCSCD_SOCKET),
                directory, settings, background, i18n, errors, clock);
    }

    /** Builds the main window on this stage, starts watching keys, and shows it. */
    public Stage showMain(Stage stage) {
        Views.Loaded<MainController> loaded = views.load(FxmlView.MAIN, this::controller);
        mainController = loaded.controller();
        stage.setScene(scene(loaded.root()));
        stage.setTitle(i18n.tr("app.name"));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        mainStage = stage;
        main.start();
        stage.show();
        return stage;
    }

    private Object controller(Class<?> type) {
        if (type == MainController.class) {
            return new MainController(main, this, i18n, app);
        } else if (type == RenewalController.class) {
            return new RenewalController(renewal);
        } else if (type == FaqController.class) {
            return new FaqController(faq);
        } else if (type == DiagnosticsController.class) {
            return new DiagnosticsController(diagnostics, i18n);
        }
        return null;
    }

    @Override
    public void viewCertificate(KeyCard key) {
        CertificateViewModel model = new CertificateViewModel(key, background, i18n, errors, clock,
                settings.renewalWindowDays());
        dialog(FxmlView.CERTIFICATE, "certificate.title", new CertificateController(model, i18n)).show();
    }

    @Override
    public void changePin(KeyCard key) {
        ChangePinViewModel model = new ChangePinViewModel(key, background, i18n, errors);
        Stage stage = dialog(FxmlView.CHANGE_PIN, "changePin.title",
                new ChangePinController(model, i18n, main.keyName(key)));
        stage.setOnHidden(event -> main.refresh());
        stage.show();
    }

    @Override
    public void unblock(KeyCard key) {
        UnblockViewModel model = new UnblockViewModel(key, background, i18n, errors, settings);
        Stage stage = dialog(FxmlView.UNBLOCK, "unblock.title",
                new UnblockController(model, i18n, main.keyName(key)));
        stage.setOnHidden(event -> main.refresh());
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

    public UiSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        main.close();
    }
}
