package ukey.app.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
        IssuedCertificateForm.check(issued, chain, current);
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
        checkChain(issued, chain, current, now);
    }

    /**
     * The new certificate chains to a configured issuing root, and comes from the old certificate's issuer or
     * from under the same root: a CA answering with a certificate from another of the configured hierarchies
     * (another CA that the same trust file happens to hold) is refused.
     */
    private void checkChain(X509CertificateHolder issued, List<X509CertificateHolder> chain,
                            X509CertificateHolder current, Instant now) throws RenewalException {
        Optional<X509CertificateHolder> root = CertificateChains.anchorOf(issued, chain, roots, now);
        if (root.isEmpty()) {
            throw new RenewalException(RenewalError.ISSUED_UNTRUSTED,
                    "no chain from " + issued.getIssuer() + " to a configured CA root");
        }
        if (CertificateInfo.sameName(issued.getIssuer(), current.getIssuer())) {
            return;
        }
        // the old certificate's hierarchy, as it stood when it was issued (a repair's issuer may have expired)
        Optional<X509CertificateHolder> oldRoot = CertificateChains.anchorOf(current, chain, roots, now)
                .or(() -> CertificateChains.anchorOf(current, chain, roots, current.getNotBefore().toInstant()));
        if (!oldRoot.equals(root)) {
            throw new RenewalException(RenewalError.ISSUED_UNTRUSTED, "issued by " + issued.getIssuer()
                    + ", not by the old certificate's issuer " + current.getIssuer() + " nor under its root");
        }
    }
}
