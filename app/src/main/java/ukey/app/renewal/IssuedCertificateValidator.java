package ukey.app.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo;

/**
 * Checks a certificate the CA returned before anything is written to the key: it certifies the new key, names
 * the same holder (by value), chains to a configured root, and has a sane validity. The CA's answer is
 * untrusted input until this passes.
 */
final class IssuedCertificateValidator {

    /** Clock difference tolerated between this computer and the CA. */
    private static final Duration SKEW = Duration.ofHours(24);
    /** No CA issues end-user certificates for longer; more means a broken or hostile answer. */
    private static final Duration LONGEST = Duration.ofDays(5 * 366);

    private final List<X509CertificateHolder> roots;

    IssuedCertificateValidator(List<X509CertificateHolder> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * @param current the certificate being renewed: the new one names the same holder and lasts longer
     */
    void validate(X509CertificateHolder issued, List<X509CertificateHolder> chain, SubjectPublicKeyInfo newKey,
                  X509CertificateHolder current, Instant now) throws RenewalException {
        X500Name holder = current.getSubject();
        if (!issued.getSubjectPublicKeyInfo().equals(newKey)) {
            throw new RenewalException(RenewalError.ISSUED_KEY_MISMATCH, "the certificate is for another key");
        }
        if (!CertificateInfo.sameName(issued.getSubject(), holder)) {
            throw new RenewalException(RenewalError.ISSUED_SUBJECT_MISMATCH,
                    "issued to " + issued.getSubject() + " instead of " + holder);
        }
        Instant notBefore = issued.getNotBefore().toInstant();
        Instant notAfter = issued.getNotAfter().toInstant();
        if (!notAfter.isAfter(now) || notBefore.isAfter(now.plus(SKEW)) || !notAfter.isAfter(notBefore)
                || Duration.between(notBefore, notAfter).compareTo(LONGEST) > 0
                || !notAfter.isAfter(current.getNotAfter().toInstant())) {
            // the last check also refuses the current certificate sent back as "new": writing nothing and then
            // retiring it would leave the key without a certificate
            throw new RenewalException(RenewalError.ISSUED_VALIDITY,
                    "valid from " + notBefore + " to " + notAfter + ", checked at " + now);
        }
        checkChain(issued, chain, now);
    }

    private void checkChain(X509CertificateHolder issued, List<X509CertificateHolder> chain, Instant now)
            throws RenewalException {
        if (!CertificateChains.chainsTo(issued, chain, roots, now)) {
            throw new RenewalException(RenewalError.ISSUED_UNTRUSTED,
                    "no chain from " + issued.getIssuer() + " to a configured CA root");
        }
    }
}
