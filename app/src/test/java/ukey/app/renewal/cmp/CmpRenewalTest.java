package ukey.app.renewal.cmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalEngine;
import ukey.app.renewal.RenewalError;
import ukey.app.renewal.RenewalException;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.PinOnly;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalJournalStore;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.api.Pem;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;
import ukey.token.TokenObject;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;

/**
 * Whole renewals through the {@link RenewalEngine} with the CMP connector, against OpenSSL's CMP mock server on
 * 127.0.0.1, with the keys on real SoftHSM tokens. The mock returns a canned certificate that must carry the new
 * public key, so new-key cases run the engine until it has made the new key pair on the token (stopping it there,
 * as a crash would), make the mock's certificate for that key, start the mock, and resume the renewal.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CmpRenewalTest {

    private static final RenewalInteraction PIN = new PinOnly();

    @TempDir
    Path directory;

    private CmpTestPki pki;
    private CmpTestPki.UserToken user;
    private RenewalJournalStore store;
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<OpenSslCmpServer> servers = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        pki = CmpTestPki.create(directory, "UKey CMP Test CA");
        user = pki.userToken();
        store = new RenewalJournalStore(directory.resolve("journals"));
    }

    @AfterEach
    void stopServers() {
        for (OpenSslCmpServer server : servers) {
            server.close();
        }
    }

    @Test
    void renewsWithANewKeyMadeOnTheToken() throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        OpenSslCmpServer server = server(response);

        RenewalJournal done = engine(connector(server, false)).run(journal, user.token(), PIN);

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        assertTokenHoldsOnly(certificate(response), newKey);
    }

    /**
     * Someone on the path answers the certConf with a pkiConf signed by another customer's certificate: refused,
     * so the engine never records CONFIRMED and never retires the old key on it; the renewal can be continued.
     */
    @Test
    void aForgedPkiConfIsRefusedAndTheOldKeyStays() throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        OpenSslCmpServer server = server(pki.response("rsp.crt", newKey, user.certificate()));
        TestCertificates.Issued forger = TestCertificates.builder()
                .subject(new org.bouncycastle.asn1.x500.X500Name("CN=李四, O=另一家公司, C=CN")).issuer(pki.ca)
                .keyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature).build();

        try (ForgingProxy proxy = new ForgingProxy(server.url(), forger)) {
            CmpConnector connector = new CmpConnector(proxy.url(), List.of(pki.ca.certificate()), false, false);
            RenewalException refused = assertThrows(RenewalException.class,
                    () -> engine(connector).run(journal, user.token(), PIN));

            assertEquals("untrusted_ca", ((CaException) refused.getCause()).code(), refused.toString());
            assertEquals(1, proxy.forged.get());
        }
        RenewalJournal after = store.load(journal.id()).orElseThrow();
        assertEquals(RenewalStep.SELF_TESTED, after.step(), "never CONFIRMED");
        byte[] old = user.certificate().getEncoded();
        assertTrue(user.token().certificates().stream().anyMatch(c -> Arrays.equals(c.value(), old)),
                "the old certificate was not retired");
        assertTrue(privateKeyIds().contains(HexFormat.of().formatHex(user.keyId())), "the old key stays");
    }

    /**
     * Stopped after any step (a pulled key, a cancelled PIN prompt) and resumed from the journal on disk, the
     * renewal finishes with every CMP message sent once. The connector (and so its connection) stays: OpenSSL's
     * mock forgets a transaction whose connection closes, which a process crash would do.
     */
    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"ISSUED", "VALIDATED", "WRITTEN", "SELF_TESTED", "CONFIRMED",
            "RETIRED"})
    void resumesAfterAStopAtAnyStep(RenewalStep stopAfter) throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        OpenSslCmpServer server = server(response);
        try (CmpConnector connector = connector(server, false)) {
            RenewalEngine stopping = new RenewalEngine(store, connector, List.of(pki.ca.certificate()),
                    Clock.systemUTC(), sleeps::add, step -> {
                        if (step == stopAfter) {
                            throw new Stop();
                        }
                    });
            assertThrows(Stop.class, () -> stopping.run(journal, user.token(), PIN));

            RenewalJournal saved = store.load(journal.id()).orElseThrow();
            assertEquals(stopAfter, saved.step());
            RenewalJournal done = engine(connector).run(saved, user.token(), PIN);

            assertEquals(RenewalStep.DONE, done.step());
        }
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        assertTokenHoldsOnly(certificate(response), newKey);
    }

    @Test
    void pollsWhileTheCaSaysWaiting() throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        OpenSslCmpServer server = server(response, "-poll_count", "2", "-check_after", "1");

        RenewalJournal done = engine(connector(server, false)).run(journal, user.token(), PIN);

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(List.of("KUR", "POLLREQ", "POLLREQ", "CERTCONF"), server.received());
        // "waiting" in the kup: poll at once; then the pollRep's checkAfter of 1 s
        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1)), sleeps);
        assertTokenHoldsOnly(certificate(response), newKey);
    }

    @Test
    void sendsNoCertConfWhenTheCaGrantsImplicitConfirmation() throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        OpenSslCmpServer server = server(response, "-grant_implicitconf");

        RenewalJournal done = engine(connector(server, true)).run(journal, user.token(), PIN);

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(List.of("KUR"), server.received());
        assertTokenHoldsOnly(certificate(response), newKey);
    }

    @Test
    void confirmsWhenImplicitConfirmationIsAskedButNotGranted() throws Exception {
        RenewalJournal journal = untilNewKeyPair();
        SubjectPublicKeyInfo newKey = keyMadeByTheEngine();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        OpenSslCmpServer server = server(response);

        RenewalJournal done = engine(connector(server, true)).run(journal, user.token(), PIN);

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
    }

    @Test
    void showsTheCasRejectionAndLeavesTheTokenAsItWas() throws Exception {
        String text = Charset.defaultCharset().equals(StandardCharsets.UTF_8) && "UTF-8".equals(
                System.getProperty("sun.jnu.encoding")) ? "证书更新被拒绝 (test)" : "renewal refused (test)";
        Path response = pki.response("rsp.crt", user.certificate().getSubjectPublicKeyInfo(), user.certificate());
        OpenSslCmpServer server = server(response, "-pkistatus", "2", "-failure", "9", "-statusstring", text);
        List<TokenCertificate> before = user.token().certificates();
        RenewalEngine engine = engine(connector(server, false));
        RenewalJournal journal = begin(engine, false);

        RenewalException stopped = assertThrows(RenewalException.class,
                () -> engine.run(journal, user.token(), PIN));

        assertEquals(RenewalError.CA, stopped.error());
        CmpRejection rejection = assertInstanceOf(CmpRejection.class, stopped.getCause());
        assertEquals("cmp_rejected", rejection.code());
        assertEquals(Optional.of(text), rejection.messageEn());
        assertEquals("rejection", rejection.status());
        assertEquals(List.of("badPOP"), rejection.failures());
        RenewalJournal failed = store.load(journal.id()).orElseThrow();
        assertEquals(RenewalStep.FAILED, failed.step());
        assertEquals(Optional.of("cmp_rejected"), failed.failure());
        assertTrue(failed.failureText().orElseThrow().contains(text));
        assertTrue(failed.failureText().orElseThrow().contains("badPOP"));
        assertEquals(List.of("KUR"), server.received());
        assertSameCertificates(before);
    }

    @Test
    void refusesAServerThatTheConfiguredCaDidNotCertify() throws Exception {
        Path response = pki.response("rsp.crt", user.certificate().getSubjectPublicKeyInfo(), user.certificate());
        OpenSslCmpServer server = server(response);
        Path otherCa = Files.createDirectory(directory.resolve("other"));
        X509CertificateHolder otherRoot = CmpTestPki.create(otherCa, "Another CA").ca.certificate();
        List<TokenCertificate> before = user.token().certificates();
        RenewalEngine engine = engine(new CmpConnector(server.url(), List.of(otherRoot), false, false));
        RenewalJournal journal = begin(engine, false);

        RenewalException stopped = assertThrows(RenewalException.class,
                () -> engine.run(journal, user.token(), PIN));

        assertEquals(RenewalError.CA, stopped.error());
        assertEquals("untrusted_ca", assertInstanceOf(CaException.class, stopped.getCause()).code());
        assertEquals(List.of("KUR"), server.received()); // the answer reached us and was not believed
        assertSameCertificates(before);
    }

    @Test
    void refusesACertificateForAnotherKeyWithARejectingCertConf() throws Exception {
        SubjectPublicKeyInfo strangerKey = SubjectPublicKeyInfo.getInstance(
                TestCertificates.keyPair(TestCertificates.KeyType.EC_P256).getPublic().getEncoded());
        OpenSslCmpServer server = server(pki.response("rsp.crt", strangerKey, user.certificate()));
        List<TokenCertificate> before = user.token().certificates();
        RenewalEngine engine = engine(connector(server, false));
        RenewalJournal journal = begin(engine, false);

        RenewalException stopped = assertThrows(RenewalException.class,
                () -> engine.run(journal, user.token(), PIN));

        assertEquals(RenewalError.ISSUED_KEY_MISMATCH, stopped.error());
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        assertTrue(server.log().contains("certificate rejected by client"), server.log());
        assertEquals(RenewalStep.FAILED, store.load(journal.id()).orElseThrow().step());
        assertSameCertificates(before);
        assertEquals(List.of(HexFormat.of().formatHex(user.keyId())), privateKeyIds()); // the new key is gone
    }

    @Test
    void refusesACertificateForAnotherKeyEvenWhenImplicitlyConfirmed() throws Exception {
        // why implicit confirmation is off unless configured: the CA can no longer be told of the refusal
        SubjectPublicKeyInfo strangerKey = SubjectPublicKeyInfo.getInstance(
                TestCertificates.keyPair(TestCertificates.KeyType.EC_P256).getPublic().getEncoded());
        OpenSslCmpServer server = server(pki.response("rsp.crt", strangerKey, user.certificate()),
                "-grant_implicitconf");
        List<TokenCertificate> before = user.token().certificates();
        RenewalEngine engine = engine(connector(server, true));
        RenewalJournal journal = begin(engine, false);

        RenewalException stopped = assertThrows(RenewalException.class,
                () -> engine.run(journal, user.token(), PIN));

        assertEquals(RenewalError.ISSUED_KEY_MISMATCH, stopped.error());
        assertEquals(List.of("KUR"), server.received()); // no certConf can undo an implicit confirmation
        assertEquals(RenewalStep.FAILED, store.load(journal.id()).orElseThrow().step());
        assertSameCertificates(before);
    }

    @Test
    void updatesTheCertificateOfTheSameKey() throws Exception {
        SubjectPublicKeyInfo key = user.certificate().getSubjectPublicKeyInfo();
        Path response = pki.response("rsp.crt", key, user.certificate());
        OpenSslCmpServer server = server(response);
        RenewalEngine engine = engine(connector(server, false, true));
        RenewalJournal journal = begin(engine, true);

        RenewalJournal done = engine.run(journal, user.token(), PIN);

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        assertTokenHoldsOnly(certificate(response), key);
        assertEquals(HexFormat.of().formatHex(user.keyId()), user.token().certificates().getFirst().idHex());
    }

    // --- the engine ---

    private RenewalEngine engine(CaConnector connector) {
        return new RenewalEngine(store, connector, List.of(pki.ca.certificate()), Clock.systemUTC(), sleeps::add,
                step -> { });
    }

    private RenewalJournal begin(RenewalEngine engine, boolean sameKey) throws Exception {
        TokenCertificate current = user.token().certificates().getFirst();
        return engine.begin(user.token(), current, sameKey, "cmp", "http://127.0.0.1/pkix/");
    }

    /** Stops the engine (as a crash would) right after it made the new key pair; returns the journal on disk. */
    private RenewalJournal untilNewKeyPair() throws Exception {
        // only offer() is asked before the stop, and it sends nothing: the URL is never used
        CmpConnector offerOnly = new CmpConnector(URI.create("http://127.0.0.1:9/pkix/"),
                List.of(pki.ca.certificate()), false, false);
        RenewalEngine stopping = new RenewalEngine(store, offerOnly, List.of(pki.ca.certificate()), Clock.systemUTC(),
                sleeps::add, step -> {
                    if (step == RenewalStep.SUBMITTED) {
                        throw new Stop();
                    }
                });
        RenewalJournal journal = begin(stopping, false);
        assertThrows(Stop.class, () -> stopping.run(journal, user.token(), PIN));
        return store.load(journal.id()).orElseThrow();
    }

    private static final class Stop extends RuntimeException {
    }

    private SubjectPublicKeyInfo keyMadeByTheEngine() throws Exception {
        try (ObjectSession session = ObjectSession.of(user.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            for (TokenObject object : session.objects()) {
                if (object.kind() == ObjectKind.PRIVATE_KEY && !Arrays.equals(object.id(), user.keyId())) {
                    return session.publicKey(object.id());
                }
            }
        }
        throw new AssertionError("the engine made no key pair");
    }

    private CmpConnector connector(OpenSslCmpServer server, boolean implicitConfirm) {
        return connector(server, implicitConfirm, false);
    }

    private CmpConnector connector(OpenSslCmpServer server, boolean implicitConfirm, boolean sameKey) {
        return new CmpConnector(server.url(), List.of(pki.ca.certificate()), sameKey, implicitConfirm);
    }

    private OpenSslCmpServer server(Path response, String... options) throws Exception {
        OpenSslCmpServer server = OpenSslCmpServer.start(directory, response, options);
        servers.add(server);
        return server;
    }

    // --- what is on the token ---

    /** Exactly one certificate (the issued one, under the old label) and one key pair (the certified one). */
    private void assertTokenHoldsOnly(X509CertificateHolder issued, SubjectPublicKeyInfo key) throws Exception {
        List<TokenCertificate> certificates = user.token().certificates();
        assertEquals(1, certificates.size());
        TokenCertificate written = certificates.getFirst();
        assertArrayEquals(issued.getEncoded(), written.value());
        assertEquals(CmpTestPki.CERT_LABEL, written.label());
        assertEquals(List.of(written.idHex()), privateKeyIds());

        // a second tool's view: pkcs11-tool reads the same certificate and public key under that CKA_ID
        SoftHsm softHsm = SoftHsm.get();
        String objects = softHsm.pkcs11Tool(user.label(), "--list-objects");
        assertTrue(objects.contains("label:      " + CmpTestPki.CERT_LABEL), objects);
        assertTrue(objects.contains("ID:         " + written.idHex()), objects);
        Path certificateFile = directory.resolve("read.crt.der");
        Path publicKeyFile = directory.resolve("read.pub.der");
        softHsm.pkcs11Tool(user.label(), "--read-object", "--type", "cert", "--id", written.idHex(),
                "--output-file", certificateFile.toString());
        softHsm.pkcs11Tool(user.label(), "--read-object", "--type", "pubkey", "--id", written.idHex(),
                "--output-file", publicKeyFile.toString());
        assertArrayEquals(issued.getEncoded(), Files.readAllBytes(certificateFile));
        assertArrayEquals(key.getEncoded(), Files.readAllBytes(publicKeyFile));
    }

    private void assertSameCertificates(List<TokenCertificate> before) throws Exception {
        List<TokenCertificate> after = user.token().certificates();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).value(), after.get(i).value());
            assertEquals(before.get(i).label(), after.get(i).label());
            assertArrayEquals(before.get(i).id(), after.get(i).id());
        }
        assertTrue(privateKeyIds().contains(HexFormat.of().formatHex(user.keyId())), "the old key is still there");
        assertFalse(before.isEmpty());
    }

    private List<String> privateKeyIds() throws Exception {
        try (ObjectSession session = ObjectSession.of(user.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            return session.objects().stream().filter(o -> o.kind() == ObjectKind.PRIVATE_KEY)
                    .map(TokenObject::idHex).toList();
        }
    }

    private static X509CertificateHolder certificate(Path pem) throws Exception {
        return Pem.readFile(pem).getFirst();
    }
}
