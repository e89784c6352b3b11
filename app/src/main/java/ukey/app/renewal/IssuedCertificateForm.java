package ukey.app.renewal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The form of a certificate the CA returned, checked before anything else of it: an end-entity certificate
 * (basicConstraints CA=false) that can do everything the old one could (key usage and extended key usage cover
 * the old certificate's), signed without SHA-1 or MD5, of a sane size with a short chain. A CA that answers
 * otherwise is broken or hostile; nothing of its answer reaches the key.
 */
final class IssuedCertificateForm {

    static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    static final int MAX_CHAIN = 8;
    private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURES = Set.of(
            PKCSObjectIdentifiers.md2WithRSAEncryption, PKCSObjectIdentifiers.md4WithRSAEncryption,
            PKCSObjectIdentifiers.md5WithRSAEncryption, PKCSObjectIdentifiers.sha1WithRSAEncryption,
            OIWObjectIdentifiers.md5WithRSA, OIWObjectIdentifiers.sha1WithRSA, OIWObjectIdentifiers.dsaWithSHA1,
            X9ObjectIdentifiers.ecdsa_with_SHA1, X9ObjectIdentifiers.id_dsa_with_sha1);

    private IssuedCertificateForm() {
    }

    static void check(X509CertificateHolder issued, List<X509CertificateHolder> chain, X509CertificateHolder current)
            throws RenewalException {
        int size = encoded(issued).length;
        if (size > MAX_CERTIFICATE_BYTES) {
            throw refused("the certificate is " + size + " bytes, more than " + MAX_CERTIFICATE_BYTES);
        }
        if (chain.size() > MAX_CHAIN) {
            throw refused("the chain holds " + chain.size() + " certificates, more than " + MAX_CHAIN);
        }
        List<X509CertificateHolder> signed = new ArrayList<>(chain);
        signed.addFirst(issued);
        for (X509CertificateHolder certificate : signed) {
            if (WEAK_SIGNATURES.contains(certificate.getSignatureAlgorithm().getAlgorithm())) {
                throw refused(certificate.getSubject() + " is signed with SHA-1 or MD5 ("
                        + certificate.getSignatureAlgorithm().getAlgorithm() + ")");
            }
        }
        if (CertificateChains.isCa(issued)) {
            throw refused("it is a CA certificate (basicConstraints CA=true)");
        }
        checkKeyUsage(issued, current);
        checkExtendedKeyUsage(issued, current);
    }

    /** No key usage means every use; a key usage must hold every bit of the old one's. */
    private static void checkKeyUsage(X509CertificateHolder issued, X509CertificateHolder current)
            throws RenewalException {
        KeyUsage old = KeyUsage.fromExtensions(current.getExtensions());
        KeyUsage now = KeyUsage.fromExtensions(issued.getExtensions());
        if (now == null) {
            return;
        }
        if (old == null) {
            throw refused("its key usage restricts a key the old certificate left unrestricted");
        }
        int oldBits = ASN1BitString.getInstance(old.toASN1Primitive()).intValue();
        if (!now.hasUsages(oldBits)) {
            throw refused("its key usage " + now + " does not cover the old certificate's " + old);
        }
    }

    /** No extended key usage (or anyExtendedKeyUsage) means every purpose; else each old purpose must be there. */
    private static void checkExtendedKeyUsage(X509CertificateHolder issued, X509CertificateHolder current)
            throws RenewalException {
        ExtendedKeyUsage old = ExtendedKeyUsage.fromExtensions(current.getExtensions());
        ExtendedKeyUsage now = ExtendedKeyUsage.fromExtensions(issued.getExtensions());
        if (now == null || now.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            return;
        }
        if (old == null || old.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            throw refused("its extended key usage restricts a key the old certificate left unrestricted");
        }
        for (KeyPurposeId purpose : old.getUsages()) {
            if (!now.hasKeyPurposeId(purpose)) {
                throw refused("its extended key usage lacks " + purpose.getId() + " of the old certificate");
            }
        }
    }

    private static RenewalException refused(String detail) {
        return new RenewalException(RenewalError.ISSUED_USAGE, detail);
    }

    private static byte[] encoded(X509CertificateHolder certificate) throws RenewalException {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new RenewalException(RenewalError.ISSUED_UNREADABLE, e.getMessage(), e);
        }
    }
}
