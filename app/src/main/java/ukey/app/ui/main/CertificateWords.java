package ukey.app.ui.main;

import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Tone;
import ukey.app.ui.services.CertificateSummary;

/** The words and colour for a certificate's status, shared by the side panel, the renewal page and the tray. */
public final class CertificateWords {

    private CertificateWords() {
    }

    public static String status(I18n i18n, CertificateSummary summary) {
        return switch (summary.status()) {
            case VALID -> i18n.format("status.valid", summary.daysLeft());
            case EXPIRING -> i18n.format("status.expiring", summary.daysLeft());
            case EXPIRED -> i18n.format("status.expired", -summary.daysLeft());
            case NOT_YET_VALID -> i18n.tr("status.notYetValid");
        };
    }

    public static Tone tone(CertificateSummary summary) {
        return switch (summary.status()) {
            case VALID -> Tone.GOOD;
            case EXPIRING -> Tone.WARNING;
            case EXPIRED -> Tone.DANGER;
            case NOT_YET_VALID -> Tone.NEUTRAL;
        };
    }

    /** 从 2019年04月04日 到 2027年04月10日 */
    public static String validity(I18n i18n, CertificateSummary summary) {
        return i18n.format("common.validity", i18n.date(summary.notBefore()), i18n.date(summary.notAfter()));
    }
}
