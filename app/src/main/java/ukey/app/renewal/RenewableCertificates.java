package ukey.app.renewal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo;
import ukey.token.Identity;
import ukey.token.TokenCertificate;

/**
 * Which certificate on a key a renewal renews, and how a renewal marks the old one it keeps: the one place that
 * knows the 已归档 label, for the engine, the command line and the window.
 */
public final class RenewableCertificates {

    /** The label prefix of an old certificate and key kept after a renewal (its key can still decrypt). */
    public static final String ARCHIVED = "已归档";

    private RenewableCertificates() {
    }

    /**
     * The certificate a renewal renews: of those with their private key on the token (and not archived by an
     * earlier renewal), the first to expire. The command line and the window renew the same one.
     */
    public static Optional<TokenCertificate> certificateToRenew(List<TokenCertificate> certificates) {
        return certificates.stream()
                .filter(c -> c.readable() && c.hasPrivateKey() && !archived(c))
                .min(Comparator.comparing(c -> c.info().orElseThrow().notAfter()));
    }

    /**
     * The identity a renewal renews, by the same rule over identities: of those whose first half (signing, else
     * encryption) has a readable certificate and its private key on the token, and that are not archived, the one
     * whose certificate expires first. On PKCS#11 tokens it is {@link #certificateToRenew}'s certificate.
     */
    public static Optional<Identity> identityToRenew(List<Identity> identities) {
        return identities.stream()
                .filter(i -> i.primary().filter(h -> h.readable() && h.hasPrivateKey()).isPresent())
                .filter(i -> !i.name().startsWith(ARCHIVED))
                .min(Comparator.comparing(i -> i.primary().orElseThrow().info().orElseThrow().notAfter()));
    }

    public static boolean archived(TokenCertificate certificate) {
        return certificate.label().startsWith(ARCHIVED);
    }

    /** Whether the certificate's key may decrypt (or agree keys); when in doubt, yes: such a key is kept. */
    static boolean canDecrypt(X509CertificateHolder certificate) {
        try {
            return CertificateInfo.parse(certificate.getEncoded()).canDecrypt();
        } catch (Exception e) {
            return true;
        }
    }

    static String archivedLabel(String label) {
        return ARCHIVED + " " + label;
    }
}
