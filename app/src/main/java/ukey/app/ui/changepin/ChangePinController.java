package ukey.app.ui.changepin;

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
import ukey.app.ui.common.pin.PinFormFields;
import ukey.app.ui.common.pin.PinNotice;

/** Binds the 修改口令 dialog. */
public final class ChangePinController {

    private final ChangePinViewModel model;
    private final I18n i18n;
    private final String keyName;

    @FXML private Label keyLabel;
    @FXML private Label triesLabel;
    @FXML private Label noticeLabel;
    @FXML private GridPane form;
    @FXML private PasswordField currentField;
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

    public ChangePinController(ChangePinViewModel model, I18n i18n, String keyName) {
        this.model = model;
        this.i18n = i18n;
        this.keyName = keyName;
    }

    @FXML
    private void initialize() {
        keyLabel.setText(i18n.format("pin.key", keyName));
        currentField.textProperty().bindBidirectional(model.currentProperty());
        PinFormFields.bind(model, i18n, newField, confirmField, weakAcceptBox, finalTryBox, lengthLabel, problemLabel,
                resultLabel);
        PinFormFields.bindTries(model, triesLabel);

        noticeLabel.textProperty().bind(model.noticeProperty().map(PinNotice::text));
        model.noticeProperty().subscribe(notice -> Notices.tone(noticeLabel, notice.tone()));
        Notices.showWhenText(noticeLabel);
        Notices.showWhen(weakBox, model.weak());
        Notices.showWhen(finalTryBox, model.finalTry());

        form.disableProperty().bind(model.busyProperty().or(model.locked()).or(model.doneProperty()));
        Notices.showWhen(form, model.doneProperty().not());
        submitButton.disableProperty().bind(model.canSubmit().not());
        Notices.showWhen(submitButton, model.doneProperty().not());
        cancelButton.textProperty().bind(model.doneProperty().map(done -> i18n.tr(done ? "common.close"
                : "common.cancel")));
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
