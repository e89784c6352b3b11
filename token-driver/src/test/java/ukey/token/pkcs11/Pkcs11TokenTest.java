package ukey.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenObject;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;

/**
 * The binding against real SoftHSM2 tokens, each test on a token of its own: one contract, run twice, with the
 * library in this process (FFM) and in the Linux host process (RPC), which must behave alike.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"in-process", "host"})
@ExtendWith(DeleteTokensAfterwards.class)
class Pkcs11TokenTest {

    private static SoftHsm softHsm;

    @Parameter
    String backend;

    private Pkcs11Provider provider() throws TokenException {
        return backend.equals("host") ? softHsm.hostedProvider() : softHsm.provider();
    }

    private Token token(String label) throws TokenException {
        return SoftHsm.token(provider(), label);
    }

    @BeforeAll
    static void softHsm() {
        softHsm = SoftHsm.get();
    }

    private static char[] pin(String pin) {
        return pin.toCharArray();
    }

    @Test
    void describesTokensAndSkipsTheFreeSlot() throws Exception {
        String label = softHsm.createToken("describe");
        Token token = token(label);
        TokenInfo info = token.info();

        assertEquals(label, info.label());
        assertEquals("SoftHSM project", info.manufacturer());
        assertEquals("SoftHSM v2", info.model());
        assertEquals(16, info.serial().length());
        assertEquals(softHsm.library().toString(), info.library());
        assertEquals(new PinState(false, false, false, false, 4, 255), info.userPin());
        // SoftHSM always shows one free, uninitialised slot: it must not appear as a token
        for (Token t : provider().tokens()) {
            assertFalse(t.info().label().isEmpty(), "an uninitialised slot was listed");
        }
    }

    @Test
    void wrongPinSaysSoAndCarriesThePinState() throws Exception {
        Token token = token(softHsm.createToken("wrongpin"));

        TokenException e = assertThrows(TokenException.class, () -> token.login(pin("00000000")));

        assertEquals(TokenError.PIN_INCORRECT, e.error());
        assertEquals("CKR_PIN_INCORRECT", e.ckrName().orElseThrow());
        assertTrue(e.pinState().isPresent(), "PIN state attached");
        assertFalse(e.getMessage().contains("00000000"));
    }

    @Test
    void changesThePinAndRefusesATooShortOne() throws Exception {
        Token token = token(softHsm.createToken("changepin"));

        TokenException tooShort = assertThrows(TokenException.class,
                () -> token.changePin(pin(SoftHsm.USER_PIN), pin("12")));
        assertEquals(TokenError.PIN_LEN_RANGE, tooShort.error());

        TokenException wrongCurrent = assertThrows(TokenException.class,
                () -> token.changePin(pin("99999999"), pin("24681357")));
        assertEquals(TokenError.PIN_INCORRECT, wrongCurrent.error());

        token.changePin(pin(SoftHsm.USER_PIN), pin("24681357"));
        token.login(pin("24681357")).close();
        assertEquals(TokenError.PIN_INCORRECT,
                assertThrows(TokenException.class, () -> token.login(pin(SoftHsm.USER_PIN))).error());
    }

    @Test
    void unblocksWithTheSoPin() throws Exception {
        Token token = token(softHsm.createToken("unblock"));

        TokenException wrongSo = assertThrows(TokenException.class,
                () -> token.unblockPin(pin("11111111"), pin("13572468")));
        assertEquals(TokenError.PIN_INCORRECT, wrongSo.error());

        token.unblockPin(pin(SoftHsm.SO_PIN), pin("13572468"));
        token.login(pin("13572468")).close();
    }

    @Test
    void generatedKeysStayOnTheTokenAndSignWhatBouncyCastleVerifies() throws Exception {
        String label = softHsm.createToken("keygen");
        Token token = token(label);
        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.EC_P256, KeySpec.EC_P384)) {
                ObjectSession.GeneratedKey key = session.generateKeyPair(spec, null, "key " + spec);
                byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(key.publicKey().getPublicKeyData().getBytes());
                assertArrayEquals(sha1, key.id(), "CKA_ID is the SHA-1 of the public key");
                assertEquals(key.publicKey(), session.publicKey(key.id()));

                X509CertificateHolder selfSigned = selfSigned(key.publicKey(), session.signer(key.id()));
                assertTrue(selfSigned.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(key.publicKey())), spec + " signature verifies");
            }
        }
        // a second tool's view: private halves are sensitive and never extractable, public halves kept
        String objects = softHsm.pkcs11Tool(label, "--login", "--pin", SoftHsm.USER_PIN, "--list-objects");
        assertEquals(3, count(objects, "Private Key Object"), objects);
        assertEquals(3, count(objects, "Public Key Object"), objects);
        assertEquals(3, count(objects, "sensitive, always sensitive, never extractable"), objects);
    }

    /** A renewed key whose certificate can encipher must decrypt (RSA) or derive (EC); a signing key must not. */
    @Test
    void aKeyDecryptsOnlyWhenItsUseSaysSo() throws Exception {
        String label = softHsm.createToken("keyuse");
        try (ObjectSession session = ObjectSession.of(token(label).login(pin(SoftHsm.USER_PIN)))) {
            session.generateKeyPair(KeySpec.RSA_2048, KeyUse.SIGN_AND_DECRYPT, new byte[] {1}, "rsa-decrypt");
            session.generateKeyPair(KeySpec.RSA_2048, KeyUse.SIGN, new byte[] {2}, "rsa-sign");
            session.generateKeyPair(KeySpec.EC_P256, KeyUse.SIGN_AND_DECRYPT, new byte[] {3}, "ec-derive");
            session.generateKeyPair(KeySpec.EC_P256, KeyUse.SIGN, new byte[] {4}, "ec-sign");
        }
        String objects = softHsm.pkcs11Tool(label, "--login", "--pin", SoftHsm.USER_PIN, "--list-objects",
                "--type", "privkey");
        assertEquals(Set.of("decrypt", "sign", "unwrap"), usage(objects, "rsa-decrypt"), objects);
        assertEquals(Set.of("sign"), usage(objects, "rsa-sign"), objects);
        assertEquals(Set.of("sign", "derive"), usage(objects, "ec-derive"), objects);
        assertEquals(Set.of("sign"), usage(objects, "ec-sign"), objects);
    }

    /** The "Usage:" line pkcs11-tool prints for the object with this label. */
    private static Set<String> usage(String objects, String label) {
        String block = objects.substring(objects.indexOf("label:      " + label));
        String line = block.lines().filter(l -> l.strip().startsWith("Usage:")).findFirst().orElseThrow();
        return Set.of(line.substring(line.indexOf(':') + 1).strip().split(",\\s*"));
    }

    @Test
    void rsa3072KeysAreMadeToo() throws Exception {
        Token token = token(softHsm.createToken("rsa3072"));
        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.RSA_3072, new byte[] {7}, "big");
            assertArrayEquals(new byte[] {7}, key.id());
            assertEquals(3072, org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(
                    key.publicKey().parsePublicKey()).getModulus().bitLength());
        }
    }

    @Test
    void writesListsAndDestroysCertificates() throws Exception {
        String label = softHsm.createToken("certs");
        Token token = token(label);
        byte[] id;
        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, "签名证书");
            id = key.id();
            session.writeCertificate(id, "签名证书", selfSigned(key.publicKey(), session.signer(id)));
        }

        List<TokenCertificate> certificates = token.certificates();
        assertEquals(1, certificates.size());
        TokenCertificate certificate = certificates.getFirst();
        assertArrayEquals(id, certificate.id());
        assertEquals("签名证书", certificate.label());
        assertTrue(certificate.hasPrivateKey(), "paired with its key by CKA_ID");
        assertTrue(softHsm.pkcs11Tool(label, "--list-objects", "--type", "cert").contains("label:      签名证书"));

        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            session.setLabel(ObjectKind.PRIVATE_KEY, id, "已归档 签名证书");
            assertTrue(session.objects().stream().anyMatch(o -> o.kind() == ObjectKind.PRIVATE_KEY
                    && o.label().equals("已归档 签名证书")), "relabelled");
            assertEquals(1, session.destroy(ObjectKind.CERTIFICATE, id));
            List<TokenObject> left = session.objects();
            assertTrue(left.stream().noneMatch(o -> o.kind() == ObjectKind.CERTIFICATE));
            assertEquals(2, left.size(), "the key pair stays");
        }
        assertTrue(token.certificates().isEmpty());
    }

    @Test
    void aGarbageCertificateIsUnreadableAndTheOthersStillList() throws Exception {
        String label = softHsm.createToken("garbage");
        Token token = token(label);
        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, new byte[] {1}, "good");
            session.writeCertificate(key.id(), "good", selfSigned(key.publicKey(), session.signer(key.id())));
        }
        // the raw binding writes what a broken tool or vendor could have left on a key
        Pkcs11Provider provider = provider();
        long slot = ((Pkcs11Token) token).slot();
        long session = provider.openSession(slot, true);
        try {
            provider.p11().login(session, Ck.CKU_USER, pin(SoftHsm.USER_PIN));
            provider.p11().createObject(session, new Template()
                    .ulong(Ck.CKA_CLASS, Ck.CKO_CERTIFICATE).ulong(Ck.CKA_CERTIFICATE_TYPE, Ck.CKC_X_509)
                    .bool(Ck.CKA_TOKEN, true).bytes(Ck.CKA_ID, new byte[] {2}).utf8(Ck.CKA_LABEL, "broken")
                    .bytes(Ck.CKA_SUBJECT, new byte[] {0x30, 0}).bytes(Ck.CKA_VALUE, "not a certificate".getBytes()));
            provider.p11().logout(session);
        } finally {
            provider.closeSession(session);
        }

        List<TokenCertificate> certificates = token.certificates();
        assertEquals(2, certificates.size());
        TokenCertificate broken = certificates.stream().filter(c -> c.label().equals("broken")).findFirst().orElseThrow();
        assertFalse(broken.readable());
        assertFalse(broken.error().orElseThrow().getMessage().isBlank());
        assertTrue(certificates.stream().filter(c -> c.label().equals("good")).findFirst().orElseThrow().readable());
    }

    @Test
    void aPulledTokenSaysTokenRemoved() throws Exception {
        String label = softHsm.createToken("pulled");
        Token token = token(label);
        softHsm.deleteToken(label);

        TokenException e = assertThrows(TokenException.class, token::info);
        assertEquals(TokenError.TOKEN_REMOVED, e.error());
        assertTrue(e.needsRescan());
        provider().rescan();
        for (Token t : provider().tokens()) {
            assertFalse(t.info().label().equals(label), "gone after a rescan");
        }
    }

    @Test
    void aKeyPulledUnderAnOpenSessionFailsEveryCallAndComesBackWhenInserted() throws Exception {
        String label = softHsm.createToken("pulled-session");
        Token token = token(label);
        byte[] id;
        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            id = session.generateKeyPair(KeySpec.EC_P256, null, "key").id();
            softHsm.pull(label);
            // the library finds nothing on a pulled key: that must not read as "nothing to destroy"
            for (ObjectKind kind : List.of(ObjectKind.PRIVATE_KEY, ObjectKind.CERTIFICATE)) {
                TokenException e = assertThrows(TokenException.class, () -> session.destroy(kind, id));
                assertTrue(e.needsRescan(), kind + ": " + e.error());
            }
            assertTrue(assertThrows(TokenException.class, session::objects).needsRescan());
            assertTrue(assertThrows(TokenException.class, () -> session.signer(id)).needsRescan());
        }
        softHsm.insert(label);
        try (ObjectSession session = ObjectSession.of(token(label).login(pin(SoftHsm.USER_PIN)))) {
            assertEquals(2, session.objects().size(), "the same key pair, back");
        }
    }

    static X509CertificateHolder selfSigned(SubjectPublicKeyInfo key, ContentSigner signer) {
        X500Name name = new X500Name("CN=测试用户, O=UKey Test, C=CN");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new X509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
                Date.from(now.plus(365, ChronoUnit.DAYS)), name, key).build(signer);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
