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
        Stage stage = ui.windows().dialog(FxmlView.CHANGE_PIN, "changePin.title",
                new ChangePinController(model, ui.i18n(), CertificateWords.keyName(ui.i18n(), key)));
        stage.setOnHidden(event -> {
            model.clearFields(); // no PIN stays in a closed dialog's fields
            closed.run();
        });
        stage.show();
        return stage;
    }
}
