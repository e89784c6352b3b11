package ukey.app.ui.changepin;

import javafx.stage.Stage;

import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.FeatureContext;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.services.KeyCard;

/** 修改口令 for one key, as a dialog. */
public final class ChangePinWindow {

    private ChangePinWindow() {
    }

    /** @param closed runs when the dialog closes (the key's PIN state may have changed) */
    public static Stage open(FeatureContext ui, KeyCard key, Runnable closed) {
        ChangePinViewModel model = new ChangePinViewModel(key, ui.background(), ui.i18n(), ui.errors());
        return ui.windows().showPinDialog(FxmlView.CHANGE_PIN, "changePin.title",
                new ChangePinController(model, ui.i18n(), CertificateWords.keyName(ui.i18n(), key)),
                model::clearFields, closed);
    }
}
