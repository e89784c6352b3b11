package ukey.sandbox;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Verifiers;

/**
 * SM2 in the sandbox. The JDK has no SM2 (it cannot even parse a certificate with an SM2 key: "Unknown named curve"),
 * so SM2 keys and certificates go through BouncyCastle's provider, and RSA/EC ones stay with the JDK as before.
 */
final class Sm2Keys {

    static final Provider BC = new BouncyCastleProvider();
    static final String SIGNATURE = "SM3withSM2";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Sm2Keys() {
    }

    static boolean isSm2(PublicKey key) {
        return isSm2(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    static boolean isSm2(SubjectPublicKeyInfo key) {
        return Sm2.isSm2(key);
    }

    static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec("sm2p256v1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An imported SM2 chain must verify with Z over the default ID, as GM clients verify it. OpenSSL 3 signs with an
     * empty ID unless told otherwise: say how to make it right.
     */
    static void requireDefaultIdChain(List<X509Certificate> chain, Path file) {
        for (int i = 0; i < chain.size(); i++) {
            X509CertificateHolder certificate = Certs.holder(chain.get(i));
            X509CertificateHolder issuer = i + 1 < chain.size()
                    ? Certs.holder(chain.get(i + 1)) : certificate;
            if (!isSm2(issuer.getSubjectPublicKeyInfo()) || !certificate.getIssuer().equals(issuer.getSubject())) {
                continue;
            }
            if (!Sm2Verifiers.isSignedBy(certificate, issuer.getSubjectPublicKeyInfo())) {
                throw new IllegalArgumentException(file + ": the SM2 signature of " + certificate.getSubject()
                        + " does not verify with the ID 1234567812345678 (OpenSSL 3 uses an empty ID unless given "
                        + "-sigopt distid:1234567812345678 when it signs)");
            }
        }
    }

    /** An SM2 root and the issuing CA it certifies (SM3withSM2, Z with the default ID): [issuing, root]. */
    static CaKeys.KeyAndChain rootAndIssuing() throws GeneralSecurityException {
        KeyPair root = keyPair();
        X509Certificate rootCert = CaKeys.selfSignedCa(
                new X500Name("CN=UKey Sandbox SM2 Root CA,O=UKey Sandbox,C=CN"), root, Duration.ofDays(7300));
        KeyPair issuing = keyPair();
        X509Certificate issuingCert = CaKeys.subordinateCa(
                new X500Name("CN=UKey Sandbox SM2 Issuing CA,O=UKey Sandbox,C=CN"), issuing.getPublic(),
                rootCert, root.getPrivate(), Duration.ofDays(3650));
        return new CaKeys.KeyAndChain(issuing.getPrivate(), List.of(issuingCert, rootCert));
    }
}
