package ukey.app.ui.main;

import java.util.List;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Parent;
import javafx.scene.control.ListCell;
import javafx.scene.control.Toggle;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;

import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.common.Tone;
import ukey.app.ui.common.pin.PinNotice;
import ukey.app.ui.services.KeyCard;

/** The main window: makes its view and binds the view-model to the tabs, the four actions and the 我的UKey panel. */
public final class MainController {

    private final MainViewModel model;
    private final Resume resume;
    private final MainActions actions;
    private final I18n i18n;
    private final AppInfo app;
    private final Function<FxmlView, Parent> pages;
    private final MainView view;

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
        this.view = new MainView(i18n);
        bindActions();
        view.busyIndicator.visibleProperty().bind(model.busyProperty());
        view.refreshButton.disableProperty().bind(model.busyProperty());
        view.viewCertificateButton.disableProperty().bind(model.hasCertificate().not());
        view.unblockButton.disableProperty().bind(model.hasKey().not());
        view.changePinButton.disableProperty().bind(model.hasKey().not());
        bindKeySelector();
        bindKeyPanel();
        bindVersion();
        bindPages();
        model.onPinChangeDue(this::askForNewPin);
        bindLabelEditor(model.labels());
    }

    /** The window's nodes, bound. */
    public Parent root() {
        return view.root;
    }

    private void bindActions() {
        view.refreshButton.setOnAction(event -> model.refresh());
        view.viewCertificateButton.setOnAction(event -> actions.viewCertificate(model.selectedProperty().get()));
        view.renewButton.setOnAction(event -> model.showRenewal(true));
        view.resumeButton.setOnAction(event -> actions.resumeRenewal());
        view.unblockButton.setOnAction(event -> unblock());
        view.changePinButton.setOnAction(event -> changePin());
        view.renameLink.setOnAction(event -> renameKey());
        view.labelField.setOnAction(event -> model.labels().save());
        view.saveLabelButton.setOnAction(event -> model.labels().save());
        view.cancelLabelButton.setOnAction(event -> model.labels().cancel());
        view.pinActionLink.setOnAction(event -> pinAction());
        view.newVersionLink.setOnAction(event -> actions.openNewVersion());
        view.openDiagnosticsLink.setOnAction(event -> view.diagnosticsTab.setSelected(true));
    }

    private void bindKeySelector() {
        view.keySelector.setItems(model.keys());
        view.keySelector.setCellFactory(list -> new KeyCell());
        view.keySelector.setButtonCell(new KeyCell());
        // one-way each side: a ComboBox clears its value when its items change, which must not unselect the key
        model.selectedProperty().subscribe(view.keySelector::setValue);
        view.keySelector.valueProperty().subscribe(chosen -> {
            if (chosen != null) {
                model.selectedProperty().set(chosen);
            }
        });
        ShownLater.when(view.keySelector, model.severalKeys());
        ShownLater.when(view.keyDetails, model.hasKey());
        ShownLater.when(view.emptyState, model.hasKey().not());
    }

    private void bindKeyPanel() {
        view.serialLabel.textProperty().bind(model.serialProperty());
        view.ownerLabel.textProperty().bind(model.ownerProperty());
        view.validityLabel.textProperty().bind(model.validityProperty());
        // a dual-certificate key: the signing certificate's validity, and the encryption certificate's beside it
        view.validityTitle.textProperty().bind(model.encryptionValidityProperty().map(text -> i18n.tr(text.isEmpty()
                ? "main.panel.validity" : "main.panel.signValidity")));
        view.encryptionValidityLabel.textProperty().bind(model.encryptionValidityProperty());
        ShownLater.when(view.encryptionBox, model.encryptionValidityProperty().isNotEmpty());
        view.pinTriesLabel.textProperty().bind(model.pinTriesProperty());
        ShownLater.when(view.pinTriesBox, model.pinTriesProperty().isNotEmpty());
        view.sealLabel.textProperty().bind(model.sealProperty());
        ShownLater.when(view.sealBox, model.sealProperty().isNotEmpty());
        view.statusLabel.textProperty().bind(model.statusProperty());
        view.keyDescriptionLabel.textProperty().bind(model.keyDescriptionProperty());
        model.toneProperty().addListener((observable, before, now) -> tone(now));
        tone(model.toneProperty().get());
        view.pinNoticeLabel.textProperty().bind(model.pinNoticeProperty().map(PinNotice::text));
        model.pinNoticeProperty().subscribe(notice -> {
            Notices.tone(view.pinNoticeLabel, notice.tone());
            view.pinActionLink.setText(i18n.tr(model.pinLocked() ? "main.action.unblock" : "main.action.changePin"));
        });
        ShownLater.when(view.pinNoticeLabel, view.pinNoticeLabel.textProperty().isNotEmpty());
        ShownLater.when(view.pinActionLink, view.pinNoticeLabel.textProperty().isNotEmpty());
        ShownLater.when(view.resumeBanner, Bindings.and(resume.offered(), model.renewalShownProperty().not()));
        view.resumeButton.disableProperty().bind(Bindings.not(resume.possible()));
        view.problemLabel.textProperty().bind(model.problemProperty());
        ShownLater.when(view.problemLabel, model.problemProperty().isNotEmpty());
    }

    private void bindVersion() {
        view.versionLabel.setText(i18n.format("app.version", app.version()));
        view.newVersionLink.textProperty().bind(Bindings.createStringBinding(
                () -> model.newerVersionProperty().get().isEmpty() ? ""
                        : i18n.format("app.newVersion", model.newerVersionProperty().get()),
                model.newerVersionProperty()));
        ShownLater.when(view.newVersionLink, model.newerVersionProperty().isNotEmpty());
    }

    /** 更新服务 replaces the actions while it is shown; the pages are loaded when first shown. */
    private void bindPages() {
        view.renewalPage.visibleProperty().bind(model.renewalShownProperty());
        view.actionsPage.visibleProperty().bind(model.renewalShownProperty().not());
        model.renewalShownProperty().subscribe(shown -> {
            if (shown && view.renewalPage.getChildren().isEmpty()) {
                view.renewalPage.getChildren().add(pages.apply(FxmlView.RENEWAL));
            }
        });
        view.tabs.selectedToggleProperty().addListener((observable, before, now) -> {
            if (now == null) { // the selected tab clicked again: it stays selected
                before.setSelected(true);
            } else if (now == view.diagnosticsTab) {
                show(view.diagnosticsPage, FxmlView.DIAGNOSTICS);
            } else if (now == view.faqTab) {
                show(view.faqPage, FxmlView.FAQ);
            } else {
                view.page.getChildren().setAll(view.certificatePages);
            }
        });
        // as in a TabPane: Ctrl+Tab and Ctrl+Shift+Tab select the next and the previous tab
        view.root.addEventFilter(KeyEvent.KEY_PRESSED, key -> {
            if (key.getCode() == KeyCode.TAB && key.isControlDown()) {
                List<Toggle> tabs = view.tabs.getToggles();
                int next = tabs.indexOf(view.tabs.getSelectedToggle()) + (key.isShiftDown() ? -1 : 1);
                tabs.get(Math.floorMod(next, tabs.size())).setSelected(true);
                key.consume();
            }
        });
    }

    private void show(StackPane holder, FxmlView page) {
        if (holder.getChildren().isEmpty()) {
            holder.getChildren().add(pages.apply(page));
        }
        view.page.getChildren().setAll(holder);
    }

    private void tone(Tone tone) {
        view.statusLabel.getStyleClass().removeIf(style -> style.startsWith("tone-"));
        view.statusLabel.getStyleClass().add(tone.styleClass());
    }

    private void unblock() {
        actions.unblock(model.selectedProperty().get());
    }

    private void changePin() {
        actions.changePin(model.selectedProperty().get());
    }

    /** 修改标签: the link opens the field, 保存 writes the label to the key. */
    private void bindLabelEditor(LabelEditor labels) {
        Notices.showWhen(view.renameLink, labels.editingProperty().not());
        ShownLater.when(view.labelEditorBox, labels.editingProperty());
        view.labelField.textProperty().bindBidirectional(labels.labelProperty());
        view.labelEditorBox.disableProperty().bind(labels.busyProperty());
        view.saveLabelButton.disableProperty().bind(labels.labelProperty().isEmpty());
        view.labelMessage.textProperty().bind(labels.messageProperty());
        labels.toneProperty().subscribe(tone -> Notices.tone(view.labelMessage, tone));
        ShownLater.when(view.labelMessage, view.labelMessage.textProperty().isNotEmpty());
    }

    private void renameKey() {
        model.labels().start();
        view.labelField.requestFocus();
        view.labelField.selectAll();
    }

    /** A default PIN: 修改口令 opens at once, with its notice, while the window shows (not from the tray). */
    private boolean askForNewPin(KeyCard key) {
        if (!ShownLater.inShowingWindow(view.root)) {
            return false;
        }
        actions.changePin(key);
        return true;
    }

    private void pinAction() {
        if (model.pinLocked()) {
            unblock();
        } else {
            changePin();
        }
    }

    /** Brings the 证书服务 tab forward (from the tray). */
    public void showCertificates() {
        model.showRenewal(false);
        view.certificateTab.setSelected(true);
    }

    private final class KeyCell extends ListCell<KeyCard> {
        @Override
        protected void updateItem(KeyCard item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : model.keyName(item));
        }
    }
}
