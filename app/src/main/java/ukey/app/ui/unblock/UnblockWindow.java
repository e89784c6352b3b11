package ukey.app.ui.unblock;

import javafx.stage.Stage;

import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.FeatureContext;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.services.KeyCard;

/** 解锁服务 for one key, as a dialog. */
public final class UnblockWindow {

    private UnblockWindow() {
    }

    /** @param closed runs when the dialog closes (the key's PIN state may have changed) */
    public static Stage open(FeatureContext ui, KeyCard key, Runnable closed) {
        UnblockViewModel model = new UnblockViewModel(key, ui.background(), ui.i18n(), ui.errors(), ui.settings());
        return ui.windows().showPinDialog(FxmlView.UNBLOCK, "unblock.title",
                new UnblockController(model, ui.i18n(), CertificateWords.keyName(ui.i18n(), key)),
                model::clearFields, closed);
    }
}
