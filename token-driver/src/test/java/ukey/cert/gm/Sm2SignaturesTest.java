package ukey.cert.gm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.testing.GmReference;
import ukey.token.testing.TestCertificates;

/**
 * SM2 CSRs and signatures with Z over the default ID, checked by two other readers: BouncyCastle's JCA SM3withSM2
 * and OpenSSL 3 (which needs -vfyopt distid:1234567812345678: its own default ID is empty).
 */
class Sm2SignaturesTest {

    private static final String DISTID = "distid:" + Sm2.DEFAULT_ID;

    @TempDir
    Path dir;

    private final KeyPair key = GmReference.sm2KeyPair();
    private final SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
    private final X500Name subject = new X500Name("CN=张三,O=测试公司,C=CN");

    @Test
    void aCsrSignedOnADigestVerifiesWithBouncyCastleAndOpenSsl() throws Exception {
        Sm2ContentSigner onToken = Sm2ContentSigner.of(publicKey,
                e -> Sm2.derSignature(GmReference.signDigest(key, e)));

        PKCS10CertificationRequest csr = Sm2Csr.build(subject, publicKey, onToken);

        assertEquals(Sm2.SM3_WITH_SM2, csr.getSignatureAlgorithm().getAlgorithm());
        assertEquals(null, csr.getSignatureAlgorithm().getParameters());
        assertTrue(Sm2.isSm2(csr.getSubjectPublicKeyInfo()));
        Signature jca = Signature.getInstance("SM3withSM2", TestCertificates.BC);
        jca.initVerify(key.getPublic());
        jca.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded("DER"));
        assertTrue(jca.verify(csr.getSignature()), "BouncyCastle's JCA (default ID) verifies it");
        Path file = pem("request.csr", csr);
        CsrResponseTest.openssl("req", "-in", file.toString(), "-noout", "-verify", "-vfyopt", DISTID);
    }

    @Test
    void aCsrFromBouncyCastlesJcaSignerIsAccepted() throws Exception {
        ContentSigner jca = new JcaContentSignerBuilder("SM3withSM2").setProvider(TestCertificates.BC)
                .build(key.getPrivate());

        PKCS10CertificationRequest csr = Sm2Csr.build(subject, publicKey, jca);

        assertTrue(Sm2Verifiers.isSelfSigned(csr));
    }

    @Test
    void aSignatureWithoutTheDefaultIdIsCaught() throws Exception {
        // OpenSSL 3's default: an empty ID; and a token whose key is not the CSR's
        Sm2ContentSigner emptyId = Sm2ContentSigner.of(publicKey, new byte[0],
                e -> Sm2.derSignature(GmReference.signDigest(key, e)));
        KeyPair other = GmReference.sm2KeyPair();
        Sm2ContentSigner otherKey = Sm2ContentSigner.of(publicKey,
                e -> Sm2.derSignature(GmReference.signDigest(other, e)));

        assertThrows(IllegalStateException.class, () -> Sm2Csr.build(subject, publicKey, emptyId));
        assertThrows(IllegalStateException.class, () -> Sm2Csr.build(subject, publicKey, otherKey));
    }

    @Test
    void certificatesWithAndWithoutNullParametersVerify() throws Exception {
        KeyPair issuer = GmReference.sm2KeyPair();
        SubjectPublicKeyInfo issuerKey = SubjectPublicKeyInfo.getInstance(issuer.getPublic().getEncoded());
        ContentSigner plain = new JcaContentSignerBuilder("SM3withSM2").setProvider(TestCertificates.BC)
                .build(issuer.getPrivate());

        X509CertificateHolder withoutNull = certificate(plain);
        X509CertificateHolder withNull = certificate(withNullParameters(new JcaContentSignerBuilder("SM3withSM2")
                .setProvider(TestCertificates.BC).build(issuer.getPrivate())));

        assertEquals(null, withoutNull.getSignatureAlgorithm().getParameters());
        assertEquals(DERNull.INSTANCE, withNull.getSignatureAlgorithm().getParameters());
        assertTrue(Sm2Verifiers.isSignedBy(withoutNull, issuerKey));
        assertTrue(Sm2Verifiers.isSignedBy(withNull, issuerKey));
        assertFalse(Sm2Verifiers.isSignedBy(withNull, publicKey), "another key");
        assertFalse(Sm2Verifiers.isSignedBy(certificate(new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(TestCertificates.BC).build(TestCertificates.keyPair(
                        TestCertificates.KeyType.EC_P256).getPrivate())), issuerKey), "another algorithm");
    }

    @Test
    void readsOpenSslsSm2Certificates() throws Exception {
        Path caKey = dir.resolve("ca.key");
        CsrResponseTest.openssl("genpkey", "-algorithm", "SM2", "-out", caKey.toString());
        Path withId = dir.resolve("ca-id.pem");
        Path withoutId = dir.resolve("ca-empty.pem");
        CsrResponseTest.openssl("req", "-x509", "-key", caKey.toString(), "-sm3", "-subj", "/CN=GM CA", "-days", "9",
                "-sigopt", DISTID, "-out", withId.toString());
        CsrResponseTest.openssl("req", "-x509", "-key", caKey.toString(), "-sm3", "-subj", "/CN=GM CA", "-days", "9",
                "-out", withoutId.toString());

        X509CertificateHolder standard = holder(withId);
        X509CertificateHolder emptyId = holder(withoutId);

        assertTrue(Sm2Verifiers.isSignedBy(standard, standard.getSubjectPublicKeyInfo()));
        assertFalse(Sm2Verifiers.isSignedBy(emptyId, emptyId.getSubjectPublicKeyInfo()),
                "OpenSSL 3 without distid signs with an empty ID, which GM software does not verify");
    }

    @Test
    void zIsTheStandardsHashOfTheIdTheCurveAndTheKey() throws Exception {
        byte[] message = "UKey".getBytes(StandardCharsets.UTF_8);
        byte[] e = Sm2.digest(publicKey, message);

        byte[] der = Sm2.derSignature(GmReference.signDigest(key, e));

        assertTrue(Sm2.verify(publicKey, message, der));
        Signature jca = Signature.getInstance("SM3withSM2", TestCertificates.BC);
        jca.initVerify(key.getPublic());
        jca.update(message);
        assertTrue(jca.verify(der));
        assertArrayEquals(der, Sm2.derSignature(Sm2.rawSignature(der)));
        assertArrayEquals(der, SkfBlobs.derSignature(SkfBlobs.signatureBlob(der)));
    }

    private X509CertificateHolder certificate(ContentSigner signer) {
        return new X509v3CertificateBuilder(new X500Name("CN=GM CA"), java.math.BigInteger.TEN,
                new java.util.Date(), new java.util.Date(System.currentTimeMillis() + 86_400_000L), subject,
                publicKey).build(signer);
    }

    private static ContentSigner withNullParameters(ContentSigner signer) {
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(Sm2.SM3_WITH_SM2, DERNull.INSTANCE);
            }

            @Override
            public OutputStream getOutputStream() {
                return signer.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return signer.getSignature();
            }
        };
    }

    private Path pem(String name, Object object) throws Exception {
        Path file = dir.resolve(name);
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(object);
        }
        return file;
    }

    private static X509CertificateHolder holder(Path pem) throws Exception {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                Files.newBufferedReader(pem))) {
            return (X509CertificateHolder) parser.readObject();
        }
    }
}
