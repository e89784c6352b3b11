package ukey.sandbox;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The hostile answers that the real CA signs for the right key and subject, but in a form a client must refuse
 * (test-only: chosen with faults.hostileCertificate): too large, a CA certificate, usages that do not cover the
 * old certificate's, a SHA-1 signature.
 */
final class HostileForms {

    /** A private-arc OID for the padding extension of {@link HostileCertificate#OVERSIZED}. */
    private static final ASN1ObjectIdentifier PADDING = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1");

    private HostileForms() {
    }

    static X509Certificate issue(CaKeys ca, X509Certificate real, HostileCertificate mode) {
        X509CertificateHolder holder = Certs.holder(real);
        List<Extension> usages = new ArrayList<>(Issuer.usages(real));
        boolean isCa = false;
        String algorithm = CaKeys.signatureAlgorithm(ca.issuing().getPublicKey());
        try {
            switch (mode) {
                case OVERSIZED -> usages.add(new Extension(PADDING, false, new DEROctetString(new byte[20 * 1024])));
                case CA_TRUE -> isCa = true;
                case KEY_CERT_SIGN_ONLY -> {
                    usages.removeIf(e -> e.getExtnId().equals(Extension.keyUsage));
                    usages.add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)
                            .getEncoded()));
                }
                case SERVER_AUTH_ONLY -> {
                    usages.removeIf(e -> e.getExtnId().equals(Extension.extendedKeyUsage));
                    usages.add(new Extension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth).getEncoded()));
                }
                case SHA1 -> algorithm = algorithm.replace("SHA256", "SHA1");
                default -> throw new IllegalArgumentException("not a hostile form: " + mode);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Issuer.issue(holder.getSubjectPublicKeyInfo(), holder.getSubject(), real.getNotBefore().toInstant(),
                real.getNotAfter().toInstant(), usages, ca.issuing(), ca.issuingKey, isCa, algorithm);
    }
}
