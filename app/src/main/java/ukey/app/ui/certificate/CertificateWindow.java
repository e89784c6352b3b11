package ukey.app.ui.certificate;

import javafx.stage.Stage;

import ukey.app.ui.common.FeatureContext;
import ukey.app.ui.common.FxmlView;
import ukey.app.ui.services.KeyCard;

/** 查看证书 for one key, as a dialog. */
public final class CertificateWindow {

    private CertificateWindow() {
    }

    public static Stage open(FeatureContext ui, KeyCard key) {
        CertificateViewModel model = new CertificateViewModel(key, ui.background(), ui.i18n(), ui.errors());
        Stage stage = ui.windows().dialog(FxmlView.CERTIFICATE, "certificate.title",
                new CertificateController(model, ui.i18n()));
        stage.show();
        return stage;
    }
}
