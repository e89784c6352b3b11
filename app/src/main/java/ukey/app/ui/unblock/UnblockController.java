package ukey.app.ui.unblock;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.common.Tone;
import ukey.app.ui.common.pin.PinFormFields;
import ukey.app.ui.common.pin.PinNotice;

/** Binds the 解锁服务 dialog. */
public final class UnblockController {

    private final UnblockViewModel model;
    private final I18n i18n;
    private final String keyName;

    @FXML private Label keyLabel;
    @FXML private Label triesLabel;
    @FXML private Label userNoticeLabel;
    @FXML private Label soNoticeLabel;
    @FXML private CheckBox noSoPinBox;
    @FXML private Label caHelpLabel;
    @FXML private GridPane form;
    @FXML private PasswordField soPinField;
    @FXML private PasswordField newField;
    @FXML private PasswordField confirmField;
    @FXML private Label lengthLabel;
    @FXML private Label problemLabel;
    @FXML private VBox weakBox;
    @FXML private CheckBox weakAcceptBox;
    @FXML private CheckBox finalTryBox;
    @FXML private Label resultLabel;
    @FXML private Button cancelButton;
    @FXML private Button submitButton;

    public UnblockController(UnblockViewModel model, I18n i18n, String keyName) {
        this.model = model;
        this.i18n = i18n;
        this.keyName = keyName;
    }

    @FXML
    private void initialize() {
        keyLabel.setText(i18n.format("pin.key", keyName));
        userNoticeLabel.textProperty().bind(model.userNotice());
        model.userStateProperty().subscribe(state -> Notices.tone(userNoticeLabel,
                state.locked() ? Tone.DANGER : Tone.NEUTRAL));
        soNoticeLabel.textProperty().bind(model.soNoticeProperty().map(PinNotice::text));
        model.soNoticeProperty().subscribe(notice -> Notices.tone(soNoticeLabel, notice.tone()));
        Notices.showWhenText(soNoticeLabel);

        noSoPinBox.selectedProperty().bindBidirectional(model.noSoPinProperty());
        caHelpLabel.setText(model.caHelp());
        Notices.showWhen(caHelpLabel, model.caHelpShown());

        soPinField.textProperty().bindBidirectional(model.soPinProperty());
        PinFormFields.bind(model, i18n, newField, confirmField, weakAcceptBox, finalTryBox, lengthLabel, problemLabel,
                resultLabel);
        PinFormFields.bindTries(model, triesLabel);
        Notices.showWhen(weakBox, model.weak().and(model.caHelpShown().not()));
        Notices.showWhen(finalTryBox, model.finalTry().and(model.caHelpShown().not()));

        Notices.showWhen(form, model.caHelpShown().not().and(model.doneProperty().not()));
        form.disableProperty().bind(model.busyProperty());
        noSoPinBox.disableProperty().bind(model.doneProperty());
        submitButton.disableProperty().bind(model.canSubmit().not());
        Notices.showWhen(submitButton, model.doneProperty().not().and(model.caHelpShown().not()));
        cancelButton.textProperty().bind(model.doneProperty().or(model.caHelpShown()).map(close ->
                i18n.tr(close ? "common.close" : "common.cancel")));
        model.load();
    }

    @FXML
    private void submit() {
        model.submit();
    }

    @FXML
    private void cancel() {
        ((Stage) cancelButton.getScene().getWindow()).close();
    }
}
