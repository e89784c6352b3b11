package ukey.app.ui.common;

import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.services.KeyCard;
import ukey.cert.CertificateInfo;

/**
 * The words and colour for a certificate's status, shared by the side panel, the renewal page, the certificate
 * dialog and the tray, and the name a key goes by. Summaries given here are of readable certificates.
 */
public final class CertificateWords {

    private CertificateWords() {
    }

    public static String status(I18n i18n, CertificateSummary summary) {
        long days = summary.daysLeft().orElse(0L);
        return switch (summary.status().orElseThrow()) {
            case VALID -> i18n.format("status.valid", days);
            case EXPIRING -> i18n.format("status.expiring", days);
            case EXPIRED -> i18n.format("status.expired", -days);
            case NOT_YET_VALID -> i18n.tr("status.notYetValid");
        };
    }

    public static Tone tone(CertificateSummary summary) {
        return switch (summary.status().orElseThrow()) {
            case VALID -> Tone.GOOD;
            case EXPIRING -> Tone.WARNING;
            case EXPIRED -> Tone.DANGER;
            case NOT_YET_VALID -> Tone.NEUTRAL;
        };
    }

    /** 从 2019年04月04日 到 2027年04月10日 */
    public static String validity(I18n i18n, CertificateInfo info) {
        return i18n.format("common.validity", i18n.date(info.notBefore()), i18n.date(info.notAfter()));
    }

    /** How a key is named in the selector and the dialogs: its certificate's owner (or label) and serial. */
    public static String keyName(I18n i18n, KeyCard card) {
        return card == null ? "" : i18n.format("main.keyName", card.ownerOrLabel(), card.info().serial());
    }
}
