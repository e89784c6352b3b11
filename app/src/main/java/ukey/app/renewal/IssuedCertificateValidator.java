package ukey.app.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

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
    private static final int MAX_CHAIN = 6;

    private final List<X509CertificateHolder> roots;
    private final JcaContentVerifierProviderBuilder verifiers =
            new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider());

    IssuedCertificateValidator(List<X509CertificateHolder> roots) {
        this.roots = List.copyOf(roots);
    }

    void validate(X509CertificateHolder issued, List<X509CertificateHolder> chain, SubjectPublicKeyInfo newKey,
                  X500Name holder, Instant now) throws RenewalException {
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
                || Duration.between(notBefore, notAfter).compareTo(LONGEST) > 0) {
            throw new RenewalException(RenewalError.ISSUED_VALIDITY,
                    "valid from " + notBefore + " to " + notAfter + ", checked at " + now);
        }
        checkChain(issued, chain, now);
    }

    /** Walks issuer by issuer, through the CA's chain, to one of the configured roots. */
    private void checkChain(X509CertificateHolder issued, List<X509CertificateHolder> chain, Instant now)
            throws RenewalException {
        List<X509CertificateHolder> candidates = new ArrayList<>(chain);
        X509CertificateHolder current = issued;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            for (X509CertificateHolder root : roots) {
                if (issuedBy(current, root)) {
                    return;
                }
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder candidate : candidates) {
                if (isValidCa(candidate, now) && issuedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            candidates.remove(next);
            current = next;
        }
        throw new RenewalException(RenewalError.ISSUED_UNTRUSTED,
                "no chain from " + issued.getIssuer() + " to a configured CA root");
    }

    private boolean issuedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        if (!CertificateInfo.sameName(certificate.getIssuer(), issuer.getSubject())) {
            return false;
        }
        try {
            return certificate.isSignatureValid(verifiers.build(issuer));
        } catch (Exception e) {
            return false; // an issuer key we cannot use verifies nothing
        }
    }

    private static boolean isValidCa(X509CertificateHolder certificate, Instant now) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(certificate.getExtensions());
        return constraints != null && constraints.isCA() && certificate.isValidOn(java.util.Date.from(now))
                && certificate.getExtension(Extension.basicConstraints) != null;
    }
}
