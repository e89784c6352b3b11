package ukey.app.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo;
import ukey.cert.Validity;
import ukey.cert.gm.CsrResponse;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2;

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
        // an SM2 key may come back encoded otherwise (the curve as the algorithm, a compressed point): the same point
        SubjectPublicKeyInfo certified = issued.getSubjectPublicKeyInfo();
        if (!certified.equals(newKey) && !Sm2.sameKey(certified, newKey)) {
            throw new RenewalException(RenewalError.ISSUED_KEY_MISMATCH, "the certificate is for another key");
        }
        if (!CertificateInfo.sameName(issued.getSubject(), holder)) {
            throw new RenewalException(RenewalError.ISSUED_SUBJECT_MISMATCH,
                    "issued to " + issued.getSubject() + " instead of " + holder);
        }
        // outlasting the current certificate also refuses the current certificate sent back as "new": writing
        // nothing and then retiring it would leave the key without a certificate
        checkValidity(issued, current, now);
        checkChain(issued, chain, current, now);
    }

    /** Sane dates: valid now (give or take the clock skew), not absurdly long, ending after {@code outlast}. */
    private static void checkValidity(X509CertificateHolder issued, X509CertificateHolder outlast, Instant now)
            throws RenewalException {
        Instant notBefore = Validity.notBefore(issued);
        Instant notAfter = Validity.notAfter(issued);
        if (!notAfter.isAfter(now) || notBefore.isAfter(now.plus(SKEW)) || !notAfter.isAfter(notBefore)
                || Duration.between(notBefore, notAfter).compareTo(LONGEST) > 0
                || !notAfter.isAfter(Validity.notAfter(outlast))) {
            throw new RenewalException(RenewalError.ISSUED_VALIDITY, issued.getSubject() + " valid from " + notBefore
                    + " to " + notAfter + ", checked at " + now + " against " + Validity.notAfter(outlast));
        }
    }

    /**
     * SM2 dual certificates, after {@link #validate} passed for the signing certificate: the GM/T 0092 answer
     * parses strictly; its signing certificate is the one just checked; its encryption certificate certifies the
     * enveloped public key, names the same holder by value, is for encryption (and covers the old encryption
     * certificate's usages), lasts longer than the old one, and chains to the same configured root. Whether the
     * envelope is for the new signing key shows only on the token, when it imports it.
     *
     * @param oldEncryption the old identity's encryption certificate: an identity that had one must get one
     * @return the encryption half, when the answer brought one
     */
    Optional<EncryptionHalf> validateEncryption(CaConnector.IssuedCertificate answer, SubjectPublicKeyInfo newKey,
                                                Optional<X509CertificateHolder> oldEncryption,
                                                X509CertificateHolder current, Instant now) throws RenewalException {
        if (answer.csrResponse().isEmpty() || !Sm2.isSm2(newKey)) {
            if (oldEncryption.isPresent()) {
                throw encryption("the CA sent no encryption certificate for a dual-certificate key");
            }
            return Optional.empty();
        }
        CsrResponse response;
        try {
            response = CsrResponse.fromBase64(answer.csrResponse().get());
        } catch (GmFormatException e) {
            throw new RenewalException(RenewalError.ISSUED_ENCRYPTION, "the CA's csrResponse: " + e.getMessage(), e);
        }
        if (!response.signCertificateFor(newKey).filter(answer.certificate()::equals).isPresent()) {
            throw encryption("the csrResponse's signing certificate is not the certificate the CA issued");
        }
        if (response.envelope().isEmpty()) {
            if (oldEncryption.isPresent()) {
                throw encryption("the csrResponse has no encryption key pair for a dual-certificate key");
            }
            return Optional.empty();
        }
        X509CertificateHolder certificate = response.encryptCertificateForEnvelope().orElseThrow(() -> encryption(
                "no encryption certificate in the csrResponse is for the enveloped key"));
        IssuedCertificateForm.checkEncryption(certificate, answer.chain(), oldEncryption);
        if (!CertificateInfo.sameName(certificate.getSubject(), current.getSubject())) {
            throw new RenewalException(RenewalError.ISSUED_SUBJECT_MISMATCH,
                    "the encryption certificate is issued to " + certificate.getSubject() + " instead of "
                            + current.getSubject());
        }
        checkValidity(certificate, oldEncryption.orElse(current), now);
        Optional<X509CertificateHolder> root = CertificateChains.anchorOf(certificate, answer.chain(), roots, now);
        if (root.isEmpty() || !root.equals(CertificateChains.anchorOf(answer.certificate(), answer.chain(), roots,
                now))) {
            throw new RenewalException(RenewalError.ISSUED_UNTRUSTED, "the encryption certificate from "
                    + certificate.getIssuer() + " does not chain to the signing certificate's root");
        }
        return Optional.of(new EncryptionHalf(certificate, response.envelope().get()));
    }

    private static RenewalException encryption(String detail) {
        return new RenewalException(RenewalError.ISSUED_ENCRYPTION, detail);
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
                .or(() -> CertificateChains.anchorOf(current, chain, roots, Validity.notBefore(current)));
        if (!oldRoot.equals(root)) {
            throw new RenewalException(RenewalError.ISSUED_UNTRUSTED, "issued by " + issued.getIssuer()
                    + ", not by the old certificate's issuer " + current.getIssuer() + " nor under its root");
        }
    }
}
