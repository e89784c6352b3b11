package ukey.app.renewal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo;
import ukey.token.Identity;
import ukey.token.KeyHalf;
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
     * encryption) has a readable certificate and its private key on the token, and that are not
     * {@linkplain #archived(Identity, List) archived}, the one whose certificate expires first. On PKCS#11 tokens it
     * is {@link #certificateToRenew}'s certificate.
     */
    public static Optional<Identity> identityToRenew(List<Identity> identities) {
        return identities.stream()
                .filter(i -> i.primary().filter(h -> h.readable() && h.hasPrivateKey()).isPresent())
                .filter(i -> !archived(i, identities))
                .min(Comparator.comparing(i -> i.primary().orElseThrow().info().orElseThrow().notAfter()));
    }

    /**
     * An identity a renewal kept: labelled 已归档 (PKCS#11), or an SKF container superseded by a renewal. SKF has no
     * way to rename a container, so the old one is known by its successor on the same key: another identity whose
     * signing certificate names the same holder, from the same issuer, and begins and ends later.
     */
    public static boolean archived(Identity identity, List<Identity> onKey) {
        if (identity.name().startsWith(ARCHIVED)) {
            return true;
        }
        Optional<CertificateInfo> mine = identity.signing().flatMap(KeyHalf::info);
        return mine.isPresent() && identity.container().isPresent() && onKey.stream()
                .filter(other -> other != identity && !other.id().equals(identity.id()))
                .flatMap(other -> other.signing().flatMap(KeyHalf::info).stream())
                .anyMatch(other -> supersedes(other, mine.get()));
    }

    private static boolean supersedes(CertificateInfo newer, CertificateInfo older) {
        return CertificateInfo.sameName(newer.subjectName(), older.subjectName())
                && CertificateInfo.sameName(newer.issuerName(), older.issuerName())
                && newer.notBefore().isAfter(older.notBefore()) && newer.notAfter().isAfter(older.notAfter());
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
