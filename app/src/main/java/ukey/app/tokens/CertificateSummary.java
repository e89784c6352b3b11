package ukey.app.tokens;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateStatus;
import ukey.cert.Fingerprints;
import ukey.token.Backend;
import ukey.token.Identity;
import ukey.token.KeyHalf;

/**
 * A certificate on a token as the client shows it: one half of an identity (the signing or the encryption
 * certificate), its status and days left against a clock and the renewal window, and its SHA-256 fingerprint (of
 * the stored bytes, so that unreadable certificates have one too).
 *
 * @param identity the identity the certificate belongs to (an SKF container, or a PKCS#11 certificate)
 * @param half     the half that holds the certificate
 * @param status   the status; empty when the certificate does not parse (shown as UNREADABLE)
 * @param daysLeft days until notAfter (negative once expired); empty when unreadable
 * @param sha256   lower-case hex, no separators
 */
public record CertificateSummary(Identity identity, KeyHalf half, Optional<CertificateStatus> status,
                                 Optional<Long> daysLeft, String sha256) {

    public static final String UNREADABLE = "UNREADABLE";

    /** The summary of a half that holds a certificate. */
    public static CertificateSummary of(Identity identity, KeyHalf half, Instant now, int renewalWindowDays) {
        Optional<CertificateInfo> info = half.info();
        byte[] value = half.certificate().orElseThrow(() -> new IllegalArgumentException("no certificate"));
        return new CertificateSummary(identity, half,
                info.map(i -> i.status(now, renewalWindowDays)),
                info.map(i -> i.daysLeft(now)),
                info.map(CertificateInfo::sha256).orElseGet(() -> Fingerprints.sha256(value)));
    }

    /** Every certificate of these identities, each identity's signing certificate first. */
    public static List<CertificateSummary> of(List<Identity> identities, Instant now, int renewalWindowDays) {
        List<CertificateSummary> all = new ArrayList<>();
        for (Identity identity : identities) {
            for (KeyHalf half : identity.halves()) {
                if (half.hasCertificate()) {
                    all.add(of(identity, half, now, renewalWindowDays));
                }
            }
        }
        return List.copyOf(all);
    }

    public Optional<CertificateInfo> info() {
        return half.info();
    }

    /** The stored bytes (DER, unless the certificate is unreadable). */
    public byte[] value() {
        return half.certificate().orElseThrow().clone();
    }

    /** The identity's opaque id: what {@code ukey show} takes and JSON calls "id". */
    public String id() {
        return identity.id();
    }

    /** What the token calls the identity: the PKCS#11 label, or the SKF container name. */
    public String label() {
        return identity.name();
    }

    public KeyHalf.Usage usage() {
        return half.usage();
    }

    public Backend backend() {
        return identity.backend();
    }

    public Optional<String> container() {
        return identity.container();
    }

    public boolean hasPrivateKey() {
        return half.hasPrivateKey();
    }

    /** Why the bytes do not parse, in English for logs and JSON; empty when they do. */
    public Optional<String> problemDetail() {
        return half.problem().map(KeyHalf.CertificateProblem::detail);
    }

    /** The same certificate of the same identity (summaries are remade on every read). */
    public boolean sameAs(CertificateSummary other) {
        return other != null && identity.id().equals(other.identity.id()) && usage() == other.usage()
                && sha256.equals(other.sha256);
    }

    /** VALID, EXPIRING, EXPIRED, NOT_YET_VALID or UNREADABLE. */
    public String statusName() {
        return status.map(Enum::name).orElse(UNREADABLE);
    }
}
