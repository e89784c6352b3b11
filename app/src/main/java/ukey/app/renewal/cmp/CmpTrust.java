package ukey.app.renewal.cmp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import ukey.app.renewal.CaException;
import ukey.app.renewal.CertificateChains;
import ukey.cert.CertificateInfo;

/**
 * Decides whether a CMP answer really comes from the CA: its protection is a signature by a certificate that is
 * one of the configured CA certificates or chains to one (through the answer's extraCerts). A shared-secret MAC
 * or a missing protection is never accepted: this client has no secret with the CA. BouncyCastle verifies, so
 * SM2 CAs work too.
 */
final class CmpTrust {

    private final List<X509CertificateHolder> anchors;
    private final JcaContentVerifierProviderBuilder verifiers =
            new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider());

    CmpTrust(List<X509CertificateHolder> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate to trust");
        }
        this.anchors = List.copyOf(anchors);
    }

    /** Returns quietly when the answer is signed by a trusted CA certificate; else throws "untrusted_ca". */
    void check(ProtectedPKIMessage message, Instant now) throws CaException {
        if (message.hasPasswordBasedMacProtection()) {
            throw untrusted("the answer is protected with a shared secret, not signed by the CA");
        }
        List<X509CertificateHolder> extraCerts = Arrays.asList(message.getCertificates());
        List<X509CertificateHolder> candidates = new ArrayList<>(extraCerts);
        candidates.addAll(anchors);
        for (X509CertificateHolder candidate : candidates) {
            if (namesSender(candidate, message) && signed(message, candidate) && trusted(candidate, extraCerts, now)) {
                return;
            }
        }
        throw untrusted("the answer is signed by " + message.getHeader().getSender()
                + ", which is not a configured CA certificate and does not chain to one");
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
            return message.verify(verifiers.build(certificate));
        } catch (Exception e) {
            return false; // a key or algorithm that does not fit verifies nothing
        }
    }

    /** The signer is valid and is a configured CA certificate, or chains to one through valid CA certificates. */
    private boolean trusted(X509CertificateHolder signer, List<X509CertificateHolder> extraCerts, Instant now) {
        return signer.isValidOn(Date.from(now)) && CertificateChains.chainsTo(signer, extraCerts, anchors, now);
    }
}
