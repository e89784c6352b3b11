package ukey.app.ui.common.pin;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;

import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.common.Tone;

/** Binds the fields both PIN dialogs have to their {@link PinFormViewModel}. */
public final class PinFormFields {

    private PinFormFields() {
    }

    public static void bind(PinFormViewModel model, I18n i18n, PasswordField newField, PasswordField confirmField,
                            CheckBox weakAcceptBox, CheckBox finalTryBox, Label lengthLabel, Label problemLabel,
                            Label resultLabel) {
        newField.textProperty().bindBidirectional(model.freshProperty());
        confirmField.textProperty().bindBidirectional(model.confirmProperty());
        weakAcceptBox.selectedProperty().bindBidirectional(model.weakAcceptedProperty());
        finalTryBox.selectedProperty().bindBidirectional(model.finalTryConfirmedProperty());
        lengthLabel.textProperty().bind(model.userStateProperty().map(state -> i18n.format("pin.length.hint",
                model.lengthRule())));
        problemLabel.textProperty().bind(model.problem());
        Notices.showWhenText(problemLabel);
        resultLabel.textProperty().bind(model.resultProperty());
        Notices.showWhenText(resultLabel);
        model.doneProperty().subscribe(done -> Notices.tone(resultLabel, done ? Tone.GOOD : Tone.DANGER));
    }

    /** The tries left of the PIN the dialog spends, where the key counts them (SKF): "还剩 5 次（共 6 次）". */
    public static void bindTries(PinFormViewModel model, Label triesLabel) {
        triesLabel.textProperty().bind(model.tries());
        Notices.showWhenText(triesLabel);
    }
}
