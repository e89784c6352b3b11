package ukey.sandbox;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Real keys, CSRs and CMS signatures, made the way a client makes them. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair ec() {
        return CaKeys.ecKey();
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        return CaKeys.rsaKey();
    }

    /** A new SM2 key pair made by BouncyCastle: the stand-in for a key made on an SKF token. */
    static KeyPair sm2() {
        return Sm2Keys.keyPair();
    }

    static boolean isSm2(PrivateKey key) {
        return key.getAlgorithm().equals("EC") && GMObjectIdentifiers.sm2p256v1.equals(
                PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters());
    }

    static String algorithm(PrivateKey key) {
        if (isSm2(key)) {
            return "SM3withSM2";
        }
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** The ContentSigner a client would use: SM2 through BouncyCastle (Z with the default ID), others the JDK. */
    static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws Exception {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm(key));
        return (isSm2(key) ? builder.setProvider(Sm2Keys.BC) : builder).build(key);
    }

    /** A PKCS#10 request signed by its own key (proof of possession), as PEM. */
    static String csr(KeyPair key, String subject) {
        return csr(key, new X500Name(subject), key.getPrivate());
    }

    /** A request for key whose signature is made by signer: with another key, a failed proof of possession. */
    static String csr(KeyPair key, X500Name subject, PrivateKey signer) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(signer(signer));
            return Pem.encode(csr);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The X-UKey-Signature value: detached CMS SignedData over body, SHA-256, signer certificate included. */
    static String sign(byte[] body, PrivateKey key, X509Certificate certificate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Sm2Keys.BC).build())
                    .build(signer(key), certificate));
            generator.addCertificate(new JcaX509CertificateHolder(certificate));
            return Base64.getEncoder().encodeToString(
                    generator.generate(new CMSProcessableByteArray(body), false).getEncoded("DER"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
