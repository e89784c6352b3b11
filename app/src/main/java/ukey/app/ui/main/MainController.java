package ukey.app.ui.main;

import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.common.Tone;
import ukey.app.ui.common.pin.PinNotice;
import ukey.app.ui.services.KeyCard;

/** The main window: binds the view-model to the tabs, the four actions and the 我的UKey panel. */
public final class MainController {

    private final MainViewModel model;
    private final Resume resume;
    private final MainActions actions;
    private final I18n i18n;
    private final AppInfo app;
    private final Function<FxmlView, Parent> pages;

    @FXML private TabPane tabs;
    @FXML private Tab certificateTab;
    @FXML private Tab diagnosticsTab;
    @FXML private VBox actionsPage;
    @FXML private Tab faqTab;
    @FXML private StackPane renewalPage;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Button refreshButton;
    @FXML private Button viewCertificateButton;
    @FXML private Button renewButton;
    @FXML private Button unblockButton;
    @FXML private Button changePinButton;
    @FXML private ComboBox<KeyCard> keySelector;
    @FXML private VBox keyDetails;
    @FXML private VBox emptyState;
    @FXML private Label serialLabel;
    @FXML private Label ownerLabel;
    @FXML private Label validityTitle;
    @FXML private Label validityLabel;
    @FXML private VBox encryptionBox;
    @FXML private Label encryptionValidityLabel;
    @FXML private VBox pinTriesBox;
    @FXML private Label pinTriesLabel;
    @FXML private VBox sealBox;
    @FXML private Label sealLabel;
    @FXML private Label statusLabel;
    @FXML private Label keyDescriptionLabel;
    @FXML private Hyperlink renameLink;
    @FXML private VBox labelEditorBox;
    @FXML private TextField labelField;
    @FXML private Button saveLabelButton;
    @FXML private Label labelMessage;
    @FXML private Label pinNoticeLabel;
    @FXML private Hyperlink pinActionLink;
    @FXML private Label problemLabel;
    @FXML private VBox resumeBanner;
    @FXML private Button resumeButton;
    @FXML private Label versionLabel;
    @FXML private Hyperlink newVersionLink;

    /**
     * What the 继续更新 banner needs from 更新服务, given by the window so that this feature does not know that one.
     *
     * @param offered  the selected key has an unfinished renewal
     * @param possible 继续更新 can run now
     */
    public record Resume(ObservableBooleanValue offered, ObservableBooleanValue possible) {
    }

    /**
     * @param pages loads a page the first time it is shown (一键更新, 环境检测, 常见问题): the window's first frame
     *              needs none of them
     */
    public MainController(MainViewModel model, Resume resume, MainActions actions, I18n i18n, AppInfo app,
                          Function<FxmlView, Parent> pages) {
        this.pages = pages;
        this.model = model;
        this.resume = resume;
        this.actions = actions;
        this.i18n = i18n;
        this.app = app;
    }

    @FXML
    private void initialize() {
        busyIndicator.visibleProperty().bind(model.busyProperty());
        refreshButton.disableProperty().bind(model.busyProperty());
        viewCertificateButton.disableProperty().bind(model.hasCertificate().not());
        unblockButton.disableProperty().bind(model.hasKey().not());
        changePinButton.disableProperty().bind(model.hasKey().not());
        bindKeySelector();
        bindKeyPanel();
        bindVersion();
        bindPages();
        model.onPinChangeDue(this::askForNewPin);
        bindLabelEditor(model.labels());
    }

    private void bindKeySelector() {
        keySelector.setItems(model.keys());
        keySelector.setCellFactory(list -> new KeyCell());
        keySelector.setButtonCell(new KeyCell());
        // one-way each side: a ComboBox clears its value when its items change, which must not unselect the key
        model.selectedProperty().subscribe(keySelector::setValue);
        keySelector.valueProperty().subscribe(chosen -> {
            if (chosen != null) {
                model.selectedProperty().set(chosen);
            }
        });
        ShownLater.when(keySelector, model.severalKeys());
        ShownLater.when(keyDetails, model.hasKey());
        ShownLater.when(emptyState, model.hasKey().not());
    }

    private void bindKeyPanel() {
        serialLabel.textProperty().bind(model.serialProperty());
        ownerLabel.textProperty().bind(model.ownerProperty());
        validityLabel.textProperty().bind(model.validityProperty());
        // a dual-certificate key: the signing certificate's validity, and the encryption certificate's beside it
        validityTitle.textProperty().bind(model.encryptionValidityProperty().map(text -> i18n.tr(text.isEmpty()
                ? "main.panel.validity" : "main.panel.signValidity")));
        encryptionValidityLabel.textProperty().bind(model.encryptionValidityProperty());
        ShownLater.when(encryptionBox, model.encryptionValidityProperty().isNotEmpty());
        pinTriesLabel.textProperty().bind(model.pinTriesProperty());
        ShownLater.when(pinTriesBox, model.pinTriesProperty().isNotEmpty());
        sealLabel.textProperty().bind(model.sealProperty());
        ShownLater.when(sealBox, model.sealProperty().isNotEmpty());
        statusLabel.textProperty().bind(model.statusProperty());
        keyDescriptionLabel.textProperty().bind(model.keyDescriptionProperty());
        model.toneProperty().addListener((observable, before, now) -> tone(now));
        tone(model.toneProperty().get());
        pinNoticeLabel.textProperty().bind(model.pinNoticeProperty().map(PinNotice::text));
        model.pinNoticeProperty().subscribe(notice -> {
            Notices.tone(pinNoticeLabel, notice.tone());
            pinActionLink.setText(i18n.tr(model.pinLocked() ? "main.action.unblock" : "main.action.changePin"));
        });
        ShownLater.when(pinNoticeLabel, pinNoticeLabel.textProperty().isNotEmpty());
        ShownLater.when(pinActionLink, pinNoticeLabel.textProperty().isNotEmpty());
        ShownLater.when(resumeBanner, Bindings.and(resume.offered(), model.renewalShownProperty().not()));
        resumeButton.disableProperty().bind(Bindings.not(resume.possible()));
        problemLabel.textProperty().bind(model.problemProperty());
        ShownLater.when(problemLabel, model.problemProperty().isNotEmpty());
    }

    private void bindVersion() {
        versionLabel.setText(i18n.format("app.version", app.version()));
        newVersionLink.textProperty().bind(Bindings.createStringBinding(
                () -> model.newerVersionProperty().get().isEmpty() ? ""
                        : i18n.format("app.newVersion", model.newerVersionProperty().get()),
                model.newerVersionProperty()));
        ShownLater.when(newVersionLink, model.newerVersionProperty().isNotEmpty());
    }

    /** 更新服务 replaces the actions while it is shown; the pages and the tabs' content are loaded when first shown. */
    private void bindPages() {
        renewalPage.visibleProperty().bind(model.renewalShownProperty());
        actionsPage.visibleProperty().bind(model.renewalShownProperty().not());
        model.renewalShownProperty().subscribe(shown -> {
            if (shown && renewalPage.getChildren().isEmpty()) {
                renewalPage.getChildren().add(pages.apply(FxmlView.RENEWAL));
            }
        });
        tabs.getSelectionModel().selectedItemProperty().subscribe(tab -> {
            if (tab == diagnosticsTab) {
                fill(diagnosticsTab, FxmlView.DIAGNOSTICS);
            } else if (tab == faqTab) {
                fill(faqTab, FxmlView.FAQ);
            }
        });
    }

    private void fill(Tab tab, FxmlView page) {
        if (tab.getContent() == null) {
            tab.setContent(pages.apply(page));
        }
    }

    private void tone(Tone tone) {
        statusLabel.getStyleClass().removeIf(style -> style.startsWith("tone-"));
        statusLabel.getStyleClass().add(tone.styleClass());
    }

    @FXML
    private void refresh() {
        model.refresh();
    }

    @FXML
    private void viewCertificate() {
        actions.viewCertificate(model.selectedProperty().get());
    }

    @FXML
    private void showRenewal() {
        model.showRenewal(true);
    }

    @FXML
    private void resumeRenewal() {
        actions.resumeRenewal();
    }

    @FXML
    private void unblock() {
        actions.unblock(model.selectedProperty().get());
    }

    @FXML
    private void changePin() {
        actions.changePin(model.selectedProperty().get());
    }

    /** 修改标签: the link opens the field, 保存 writes the label to the key. */
    private void bindLabelEditor(LabelEditor labels) {
        Notices.showWhen(renameLink, labels.editingProperty().not());
        ShownLater.when(labelEditorBox, labels.editingProperty());
        labelField.textProperty().bindBidirectional(labels.labelProperty());
        labelEditorBox.disableProperty().bind(labels.busyProperty());
        saveLabelButton.disableProperty().bind(labels.labelProperty().isEmpty());
        labelMessage.textProperty().bind(labels.messageProperty());
        labels.toneProperty().subscribe(tone -> Notices.tone(labelMessage, tone));
        ShownLater.when(labelMessage, labelMessage.textProperty().isNotEmpty());
    }

    @FXML
    private void renameKey() {
        model.labels().start();
        labelField.requestFocus();
        labelField.selectAll();
    }

    @FXML
    private void saveLabel() {
        model.labels().save();
    }

    @FXML
    private void cancelLabel() {
        model.labels().cancel();
    }

    /** A default PIN: 修改口令 opens at once, with its notice, while the window shows (not from the tray). */
    private boolean askForNewPin(KeyCard key) {
        if (tabs.getScene() == null || tabs.getScene().getWindow() == null
                || !tabs.getScene().getWindow().isShowing()) {
            return false;
        }
        actions.changePin(key);
        return true;
    }

    @FXML
    private void pinAction() {
        if (model.pinLocked()) {
            unblock();
        } else {
            changePin();
        }
    }

    @FXML
    private void openNewVersion() {
        actions.openNewVersion();
    }

    @FXML
    private void openDiagnostics() {
        tabs.getSelectionModel().select(diagnosticsTab);
    }

    /** Brings the 证书服务 tab forward (from the tray). */
    public void showCertificates() {
        model.showRenewal(false);
        tabs.getSelectionModel().select(certificateTab);
    }

    private final class KeyCell extends ListCell<KeyCard> {
        @Override
        protected void updateItem(KeyCard item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : model.keyName(item));
        }
    }
}
