package ukey.app.renewal.cmp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;

import ukey.app.renewal.CaException;
import ukey.app.renewal.CertificateChains;
import ukey.app.renewal.SignatureVerifiers;
import ukey.cert.CertificateInfo;
import ukey.cert.Validity;

/**
 * Decides whether a CMP answer really comes from the CA ({@link CmpSigners}): its protection is a signature by a
 * certificate the answer's sender names, and that certificate is pinned, or chains to the issuing CA's roots and
 * is the CA's own or carries id-kp-cmcRA / id-kp-cmcCA. A customer's ordinary certificate from the same CA never
 * qualifies, so nobody on the path can "confirm" with one. A shared-secret MAC or a missing protection is never
 * accepted: this client has no secret with the CA. BouncyCastle verifies, so SM2 CAs work too.
 */
final class CmpTrust {

    /** id-kp-cmcCA and id-kp-cmcRA (RFC 6402). */
    static final KeyPurposeId CMC_CA = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.27"));
    static final KeyPurposeId CMC_RA = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.28"));

    private final CmpSigners signers;

    CmpTrust(CmpSigners signers) {
        this.signers = signers;
    }

    /**
     * Returns quietly when the answer is signed by a certificate allowed to speak for the CA that issued
     * {@code renewed}; else throws "untrusted_ca".
     */
    void check(ProtectedPKIMessage message, X509CertificateHolder renewed, Instant now) throws CaException {
        if (message.hasPasswordBasedMacProtection()) {
            throw untrusted("the answer is protected with a shared secret, not signed by the CA");
        }
        GeneralName sender = message.getHeader().getSender();
        if (signers.expectedSender().isPresent() && (sender.getTagNo() != GeneralName.directoryName
                || !CertificateInfo.sameName(X500Name.getInstance(sender.getName()), signers.expectedSender().get()))) {
            throw untrusted("the answer's sender is " + sender + ", not the expected " + signers.expectedSender().get());
        }
        List<X509CertificateHolder> extraCerts = Arrays.asList(message.getCertificates());
        List<X509CertificateHolder> candidates = new ArrayList<>(extraCerts);
        candidates.addAll(signers.pinned().isEmpty() ? signers.issuingRoots() : signers.pinned());
        for (X509CertificateHolder candidate : candidates) {
            if (namesSender(candidate, message) && signed(message, candidate)
                    && allowed(candidate, extraCerts, renewed, now)) {
                return;
            }
        }
        throw untrusted("the answer is signed by " + sender + ", which is not "
                + (signers.pinned().isEmpty() ? "the CA's own certificate or a CMP RA/CA certificate (id-kp-cmcRA, "
                + "id-kp-cmcCA) under the issuing CA's roots" : "the configured CMP signer (ca.cmpSigner)"));
    }

    static CaException untrusted(String detail) {
        return new CaException("untrusted_ca", false, null, null, detail, null);
    }

    /** The header's sender (and senderKID, when both are there) name this certificate. */
    private static boolean namesSender(X509CertificateHolder certificate, ProtectedPKIMessage message) {
        GeneralName sender = message.getHeader().getSender();
        if (sender.getTagNo() != GeneralName.directoryName
                || !CertificateInfo.sameName(X500Name.getInstance(sender.getName()), certificate.getSubject())) {
            return false;
        }
        ASN1OctetString senderKid = message.getHeader().getSenderKID();
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(certificate.getExtensions());
        return senderKid == null || ski == null || Arrays.equals(senderKid.getOctets(), ski.getKeyIdentifier());
    }

    private boolean signed(ProtectedPKIMessage message, X509CertificateHolder certificate) {
        try {
            return message.verify(SignatureVerifiers.of(certificate));
        } catch (Exception e) {
            return false; // a key or algorithm that does not fit verifies nothing
        }
    }

    /** The signer is valid now and pinned, or under the issuing roots and the CA's own or its CMP certificate. */
    private boolean allowed(X509CertificateHolder signer, List<X509CertificateHolder> extraCerts,
                            X509CertificateHolder renewed, Instant now) {
        if (!Validity.validOn(signer, now)) {
            return false;
        }
        if (!signers.pinned().isEmpty()) {
            return signers.pinned().contains(signer);
        }
        if (!CertificateChains.chainsTo(signer, extraCerts, signers.issuingRoots(), now)) {
            return false;
        }
        boolean theCaItself = CertificateChains.isCa(signer)
                && CertificateInfo.sameName(signer.getSubject(), renewed.getIssuer());
        ExtendedKeyUsage purposes = ExtendedKeyUsage.fromExtensions(signer.getExtensions());
        boolean cmpCertificate = purposes != null && (purposes.hasKeyPurposeId(CMC_RA)
                || purposes.hasKeyPurposeId(CMC_CA));
        return theCaItself || cmpCertificate;
    }
}
