package ukey.app.tokens;

import java.time.Instant;
import java.util.Optional;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateStatus;
import ukey.cert.Fingerprints;
import ukey.token.TokenCertificate;

/**
 * A certificate on a token as the client shows it: its status and days left against a clock and the renewal
 * window, and its SHA-256 fingerprint (of the stored bytes, so that unreadable objects have one too).
 *
 * @param certificate the certificate object
 * @param status      the status; empty when the object does not parse (shown as UNREADABLE)
 * @param daysLeft    days until notAfter (negative once expired); empty when unreadable
 * @param sha256      lower-case hex, no separators
 */
public record CertificateSummary(TokenCertificate certificate, Optional<CertificateStatus> status,
                                 Optional<Long> daysLeft, String sha256) {

    public static final String UNREADABLE = "UNREADABLE";

    public static CertificateSummary of(TokenCertificate certificate, Instant now, int renewalWindowDays) {
        Optional<CertificateInfo> info = certificate.info();
        return new CertificateSummary(certificate,
                info.map(i -> i.status(now, renewalWindowDays)),
                info.map(i -> i.daysLeft(now)),
                info.map(CertificateInfo::sha256).orElseGet(() -> Fingerprints.sha256(certificate.value())));
    }

    public Optional<CertificateInfo> info() {
        return certificate.info();
    }

    /** VALID, EXPIRING, EXPIRED, NOT_YET_VALID or UNREADABLE. */
    public String statusName() {
        return status.map(Enum::name).orElse(UNREADABLE);
    }

}
