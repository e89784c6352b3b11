package ukey.app.ui.renewal;

import java.util.List;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.BooleanProperty;

import ukey.app.ui.common.I18n;
import ukey.app.ui.main.CertificateWords;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.services.CertificateSummary;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.UiSettings;

/**
 * 更新服务: what renewal means (更新说明), the certificate to renew (待更新证书) and the 一键更新 button.
 * The online renewal is not wired yet: the button stays disabled and says why.
 */
public final class RenewalViewModel {

    private final MainViewModel main;
    private final I18n i18n;
    private final UiSettings settings;

    private final StringProperty owner = new SimpleStringProperty(this, "owner", "");
    private final StringProperty validity = new SimpleStringProperty(this, "validity", "");
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final BooleanProperty hasCertificate = new SimpleBooleanProperty(this, "hasCertificate");
    private final BooleanProperty renewAvailable = new SimpleBooleanProperty(this, "renewAvailable");
    private final StringProperty renewUnavailableReason = new SimpleStringProperty(this, "reason", "");

    public RenewalViewModel(MainViewModel main, I18n i18n, UiSettings settings) {
        this.main = main;
        this.i18n = i18n;
        this.settings = settings;
        main.selectedProperty().addListener((observable, before, now) -> describe(now));
        describe(main.selectedProperty().get());
    }

    /** The four points of 更新说明, with the CA's renewal window. */
    public List<String> notes() {
        return List.of(
                i18n.format("renewal.note.window", settings.renewalWindowDays()),
                i18n.tr("renewal.note.keepInserted"),
                i18n.tr("renewal.note.extends"),
                i18n.tr("renewal.note.order"));
    }

    private void describe(KeyCard card) {
        CertificateSummary summary = card == null ? null : card.main().orElse(null);
        hasCertificate.set(summary != null);
        owner.set(summary == null ? "" : summary.owner());
        validity.set(summary == null ? "" : CertificateWords.validity(i18n, summary));
        state.set(summary == null ? "" : switch (summary.status()) {
            case EXPIRING -> i18n.tr("renewal.state.due");
            case VALID -> i18n.format("renewal.state.notYet", summary.daysLeft() - settings.renewalWindowDays());
            case EXPIRED -> i18n.tr("renewal.state.expired");
            case NOT_YET_VALID -> i18n.tr("status.notYetValid");
        });
        renewAvailable.set(false);
        if (card == null) {
            renewUnavailableReason.set(i18n.tr("renewal.reason.noKey"));
        } else if (summary == null) {
            renewUnavailableReason.set(i18n.tr("renewal.reason.noCertificate"));
        } else {
            renewUnavailableReason.set(i18n.tr("renewal.reason.notWired"));
        }
    }

    public void back() {
        main.showRenewal(false);
    }

    public ReadOnlyStringProperty ownerProperty() {
        return owner;
    }

    public ReadOnlyStringProperty validityProperty() {
        return validity;
    }

    public ReadOnlyStringProperty stateProperty() {
        return state;
    }

    public ReadOnlyBooleanProperty hasCertificateProperty() {
        return hasCertificate;
    }

    public ReadOnlyBooleanProperty renewAvailableProperty() {
        return renewAvailable;
    }

    public ReadOnlyStringProperty renewUnavailableReasonProperty() {
        return renewUnavailableReason;
    }
}
