package ukey.app.ui.common;

/**
 * Every FXML file of the window, relative to {@code /ukey/app/ui/}. The main window itself is built in code
 * ({@code ui/main/MainView}).
 */
public enum FxmlView {
    RENEWAL("renewal/RenewalPage.fxml"),
    DIAGNOSTICS("diagnostics/DiagnosticsPage.fxml"),
    FAQ("faq/FaqPage.fxml"),
    CERTIFICATE("certificate/CertificateDialog.fxml"),
    CHANGE_PIN("changepin/ChangePinDialog.fxml"),
    UNBLOCK("unblock/UnblockDialog.fxml");

    private final String path;

    FxmlView(String path) {
        this.path = path;
    }

    public String resource() {
        return "/ukey/app/ui/" + path;
    }
}
