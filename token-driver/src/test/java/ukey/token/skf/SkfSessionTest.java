package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.KeySpec;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.Sm2;
import ukey.token.sm2.EncryptionKeyCheck;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.Kmc;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;

/** A logged-in session on an SKF key: signing, and every step the SM2 renewal takes, on softskf. */
@ExtendWith(DeleteTokensAfterwards.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"in-process", "host"})
class SkfSessionTest {

    @Parameter
    String backend;

    private SkfProvider provider() throws ukey.token.TokenException {
        return backend.equals("host") ? softSkf.hostedProvider() : softSkf.provider();
    }

    private final SoftSkf softSkf = SoftSkf.get();

    private static byte[] sign(ContentSigner signer, byte[] message) throws Exception {
        try (OutputStream out = signer.getOutputStream()) {
            out.write(message);
        }
        return signer.getSignature();
    }

    private static String id(Token token, String container) throws TokenException {
        return token.identities().stream().filter(i -> i.name().equals(container)).findFirst().orElseThrow().id();
    }

    @Test
    void signaturesVerifyWithBouncyCastleAndOpenSsl(@TempDir Path dir) throws Exception {
        SoftSkfDevice device = softSkf.device("sign").identity("张三", "张三").build();
        Token token = device.token(provider());
        byte[] message = "投标文件摘要 2026".getBytes(StandardCharsets.UTF_8);
        byte[] signature;
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            ContentSigner signer = session.signer(id(token, "张三"));
            assertEquals("1.2.156.10197.1.501", signer.getAlgorithmIdentifier().getAlgorithm().getId());
            signature = sign(signer, message);
        }
        Issued certificate = device.signing().get("张三");
        assertTrue(Sm2.verify(certificate.certificate().getSubjectPublicKeyInfo(), message, signature));
        java.security.Signature bc = java.security.Signature.getInstance("SM3withSM2", new BouncyCastleProvider());
        bc.initVerify(certificate.keyPair().getPublic());
        bc.update(message);
        assertTrue(bc.verify(signature), "BouncyCastle's JCA SM3withSM2 with its default ID");

        Path publicKey = Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(certificate.keyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path sig = Files.write(dir.resolve("sig.der"), signature);
        Path msg = Files.write(dir.resolve("msg.txt"), message);
        String verified = softSkf.run("openssl", "dgst", "-sm3", "-verify", publicKey.toString(), "-sigopt",
                "distid:1234567812345678", "-signature", sig.toString(), msg.toString());
        assertTrue(verified.contains("Verified OK"), verified);
    }

    @Test
    void theSm2RenewalStepsOnANewContainer() throws Exception {
        SoftSkfDevice device = softSkf.device("renew").identity("old", "张三").build();
        Token token = device.token(provider());
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            Identity fresh = session.createIdentity("张三-2027", KeySpec.SM2);
            assertTrue(fresh.signing().orElseThrow().hasPrivateKey());
            assertTrue(fresh.signing().orElseThrow().certificate().isEmpty());
            SubjectPublicKeyInfo signingKey = session.publicKey(fresh.id(), KeyHalf.Usage.SIGN);

            PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(
                    device.signing().get("old").certificate().getSubject(), signingKey).build(session.signer(fresh.id()));
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(new BouncyCastleProvider()).build(signingKey)), "the CSR is signed by the new key");

            X509CertificateHolder signingCert = TestCertificates.builder().publicKey(signingKey)
                    .subject(csr.getSubject()).keyUsage(SoftSkf.SIGNING_USAGE).issuer(softSkf.ca()).certificate();
            session.writeCertificate(fresh.id(), KeyHalf.Usage.SIGN, signingCert);

            Kmc.Enveloped enveloped = Kmc.envelope(signingKey);
            assertEquals(388, enveloped.blob().length);
            session.importEncryptionKeyPair(fresh.id(), enveloped.blob());
            X509CertificateHolder encryptionCert = TestCertificates.builder().publicKey(enveloped.publicKey())
                    .subject(csr.getSubject()).keyUsage(SoftSkf.ENCRYPTION_USAGE).issuer(softSkf.ca()).certificate();
            session.writeCertificate(fresh.id(), KeyHalf.Usage.ENCRYPT, encryptionCert);

            assertTrue(EncryptionKeyCheck.proves(session, fresh.id(), enveloped.publicKey()));
            assertFalse(EncryptionKeyCheck.proves(session, fresh.id(), signingKey), "another key does not unwrap");
            byte[] message = "self-test".getBytes(StandardCharsets.UTF_8);
            assertTrue(Sm2.verify(signingKey, message, sign(session.signer(fresh.id()), message)));
        }
        Identity listed = token.identities().stream().filter(i -> i.name().equals("张三-2027")).findFirst()
                .orElseThrow();
        assertTrue(listed.signing().orElseThrow().readable() && listed.encryption().orElseThrow().readable());
        assertTrue(listed.encryption().orElseThrow().hasPrivateKey());
        assertEquals(2, token.identities().size(), "the old container stays");

        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            session.deleteIdentity(listed.id());
        }
        assertEquals(List.of("old"), token.identities().stream().map(Identity::name).toList());
    }

    @Test
    void anEnvelopeForAnotherKeyIsRefusedAndNothingIsStored() throws Exception {
        Token token = softSkf.device("hostile").identity("old", "张三").build().token(provider());
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            Identity fresh = session.createIdentity("new", KeySpec.SM2);
            SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(
                    TestCertificates.keyPair(TestCertificates.KeyType.SM2).getPublic().getEncoded());
            TokenException refused = assertThrows(TokenException.class,
                    () -> session.importEncryptionKeyPair(fresh.id(), Kmc.envelope(other).blob()));
            assertTrue(refused.codeName().orElseThrow().startsWith("SAR_"), refused.getMessage());
            assertTrue(session.identities().stream().filter(i -> i.id().equals(fresh.id())).findFirst()
                    .orElseThrow().encryption().isEmpty());
        }
    }

    @Test
    void theEnvelopeLayoutIsAPerLibrarySetting() throws Exception {
        SoftSkfDevice device = softSkf.device("left").config("envelope=left").identity("old", "张三").build();
        try (SkfProvider left = SkfProvider.open(softSkf.library(),
                SkfOptions.defaults().withEnvelope(PrivateKeyLayout.LEFT))) {
            Token token = device.token(left);
            try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
                Identity fresh = session.createIdentity("new", KeySpec.SM2);
                Kmc.Enveloped enveloped = Kmc.envelope(session.publicKey(fresh.id(), KeyHalf.Usage.SIGN));
                session.importEncryptionKeyPair(fresh.id(), enveloped.blob());
                assertTrue(EncryptionKeyCheck.proves(session, fresh.id(), enveloped.publicKey()));
                Identity second = session.createIdentity("second", KeySpec.SM2);
                Kmc.Enveloped gmt0009 = Kmc.envelope(session.publicKey(second.id(), KeyHalf.Usage.SIGN));
                session.importEncryptionKeyPair(second.id(), gmt0009.envelope());
                assertTrue(EncryptionKeyCheck.proves(session, second.id(), gmt0009.publicKey()),
                        "the GM/T 0009 envelope laid out by the library's setting");
            }
        }
        Token standard = device.token(provider());
        try (TokenSession session = standard.login(SoftSkf.USER_PIN.toCharArray())) {
            Identity other = session.createIdentity("other", KeySpec.SM2);
            Kmc.Enveloped enveloped = Kmc.envelope(session.publicKey(other.id(), KeyHalf.Usage.SIGN));
            TokenException refused = assertThrows(TokenException.class,
                    () -> session.importEncryptionKeyPair(other.id(), enveloped.blob()));
            assertEquals("SAR_INDATAERR", refused.codeName().orElseThrow(), "the key checks d·G and refuses");
        }
    }

    @Test
    void signingWithoutAKeyOrLoginFailsPlainly() throws Exception {
        SoftSkfDevice device = softSkf.device("nokey").rsa("rsa", "王五").empty("empty").build();
        Token token = device.token(provider());
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            TokenException none = assertThrows(TokenException.class, () -> session.signer(id(token, "empty")));
            assertEquals(TokenError.OBJECT_NOT_FOUND, none.error());
            assertEquals(TokenError.OBJECT_NOT_FOUND,
                    assertThrows(TokenException.class, () -> session.signer("SOFTSKF/missing")).error());
        }
        TokenSession closed = token.login(SoftSkf.USER_PIN.toCharArray());
        closed.close();
        assertEquals(TokenError.LOGIN_REQUIRED,
                assertThrows(TokenException.class, () -> closed.signer(id(token, "rsa"))).error());
    }
}
