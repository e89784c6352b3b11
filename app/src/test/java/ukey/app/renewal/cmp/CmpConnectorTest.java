package ukey.app.renewal.cmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.crmf.AttributeTypeAndValue;
import org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers;
import org.bouncycastle.asn1.crmf.CertId;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.GeneralPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CertificateRequestMessage;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import ukey.app.net.TestTls;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.ConnectorState;
import ukey.app.renewal.RenewalOffer;
import ukey.app.renewal.RenewalRequest;
import ukey.app.renewal.api.Pem;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;

/**
 * The CMP connector on its own, against OpenSSL's CMP mock server, with keys on a SoftHSM token: what the kur
 * holds, what a crash in the middle of the exchange leaves and how the resume finishes, and the answers it
 * must not believe.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CmpConnectorTest {

    @TempDir
    Path directory;

    private CmpTestPki pki;
    private CmpTestPki.UserToken user;
    private ObjectSession session;
    private RenewalRequest request;
    private Path response;
    private OpenSslCmpServer server;

    @BeforeEach
    void prepare() throws Exception {
        pki = CmpTestPki.create(directory, "UKey CMP Test CA");
        user = pki.userToken();
        session = ObjectSession.of(user.token().login(SoftHsm.USER_PIN.toCharArray()));
        ObjectSession.GeneratedKey newKey = session.generateKeyPair(KeySpec.EC_P256, null, "new key");
        request = new RenewalRequest(user.certificate(), session.signer(user.keyId()), newKey.publicKey(),
                session.signer(newKey.id()), false, "test");
        response = pki.response("rsp.crt", newKey.publicKey(), user.certificate());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        session.close();
    }

    @Test
    void kurIsSignedByTheCurrentKeyAndProvesTheNewOne() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        JournalState state = new JournalState();
        CmpConnector connector = connector();

        assertEquals(CaProgress.Status.ISSUED, connector.submit(request, state).status());

        X509CertificateHolder current = user.certificate();
        ProtectedPKIMessage kur = new ProtectedPKIMessage(new GeneralPKIMessage(
                Base64.getDecoder().decode(state.get(CmpConnector.REQUEST).orElseThrow())));
        PKIHeader header = kur.getHeader();
        assertEquals(PKIBody.TYPE_KEY_UPDATE_REQ, kur.getBody().getType());
        assertEquals(new GeneralName(current.getSubject()), header.getSender());
        assertEquals(new GeneralName(current.getIssuer()), header.getRecipient());
        assertArrayEquals(SubjectKeyIdentifier.fromExtensions(current.getExtensions()).getKeyIdentifier(),
                header.getSenderKID().getOctets());
        assertEquals(state.get(CmpConnector.TRANSACTION_ID).orElseThrow(),
                HexFormat.of().formatHex(header.getTransactionID().getOctets()));
        assertEquals(current, kur.getCertificates()[0]);
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder()
                .setProvider(TestCertificates.BC);
        assertTrue(kur.verify(verifiers.build(current)), "protection by the current key");

        CertificateRequestMessage certRequest = new CertificateRequestMessage(
                CertReqMessages.getInstance(kur.getBody().getContent()).toCertReqMsgArray()[0]);
        assertEquals(BigInteger.ZERO, certRequest.getCertReqId().getValue());
        assertEquals(request.newPublicKey(), certRequest.getCertTemplate().getPublicKey());
        assertEquals(current.getSubject(), certRequest.getCertTemplate().getSubject());
        assertTrue(certRequest.isValidSigningKeyPOP(verifiers.build(request.newPublicKey())),
                "proof of possession by the new key");
        CertId oldCertId = null;
        for (AttributeTypeAndValue control : certRequest.toASN1Structure().getCertReq().getControls()
                .toAttributeTypeAndValueArray()) {
            if (control.getType().equals(CRMFObjectIdentifiers.id_regCtrl_oldCertID)) {
                oldCertId = CertId.getInstance(control.getValue());
            }
        }
        assertNotNull(oldCertId, "id-regCtrl-oldCertID");
        assertEquals(new GeneralName(current.getIssuer()), oldCertId.getIssuer());
        assertEquals(current.getSerialNumber(), oldCertId.getSerialNumber().getValue());

        // the issued certificate and the chain the CA sent with it (its own certificate in extraCerts)
        var issued = connector.certificate(request, state);
        assertEquals(Pem.readFile(response).getFirst(), issued.certificate());
        assertTrue(issued.chain().contains(pki.server.certificate()), issued.chain().toString());
        connector.confirm(request, state, issued.certificate(), true, null);
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        assertEquals(Optional.of("CONFIRMED"), state.get(CmpConnector.PHASE));
        connector.close();
    }

    @Test
    void aResumeAfterACrashResendsTheSavedKurByteForByte() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        JournalState beforeCrash = new JournalState();
        beforeCrash.crashAtSave = 2; // the kur is saved (1) and sent; the process dies before the answer is saved

        try (RecordingProxy proxy = new RecordingProxy(server.url());
             CmpConnector resumed = proxy.connector(pki)) {
            CmpConnector crashing = proxy.connector(pki);
            assertThrows(Crash.class, () -> crashing.submit(request, beforeCrash));
            crashing.close(); // a dead process holds no connection
            JournalState afterCrash = beforeCrash.afterCrash();
            assertEquals(Optional.of("SENT"), afterCrash.get(CmpConnector.PHASE));
            String savedTransaction = afterCrash.get(CmpConnector.TRANSACTION_ID).orElseThrow();
            byte[] savedKur = Base64.getDecoder().decode(afterCrash.get(CmpConnector.REQUEST).orElseThrow());

            assertEquals(CaProgress.Status.ISSUED, resumed.submit(request, afterCrash).status());

            assertEquals(2, proxy.bodies.size());
            assertArrayEquals(savedKur, proxy.bodies.get(0));
            assertArrayEquals(savedKur, proxy.bodies.get(1));
            assertEquals(Optional.of(savedTransaction), afterCrash.get(CmpConnector.TRANSACTION_ID));
            X509CertificateHolder issued = resumed.certificate(request, afterCrash).certificate();
            resumed.confirm(request, afterCrash, issued, true, null);
        }
        assertEquals(List.of("KUR", "KUR", "CERTCONF"), server.received());
    }

    @Test
    void aResumeAfterWaitingPollsInsteadOfResending() throws Exception {
        server = OpenSslCmpServer.start(directory, response, "-poll_count", "1", "-check_after", "0");
        JournalState beforeCrash = new JournalState();
        try (CmpConnector crashing = connector()) {
            assertEquals(CaProgress.Status.PROCESSING, crashing.submit(request, beforeCrash).status());
        }
        JournalState afterCrash = beforeCrash.afterCrash();
        assertEquals(Optional.of("WAITING"), afterCrash.get(CmpConnector.PHASE));

        CaProgress progress;
        try (CmpConnector resumed = connector()) {
            progress = resumed.submit(request, afterCrash);
        }

        assertEquals(List.of("KUR", "POLLREQ"), server.received());
        // OpenSSL 3.0's mock forgets a transaction when its connection closes, so it answers this poll with an
        // error; a CA that keeps its transactions answers it with the kup
        assertEquals("cmp_error", progress.rejection().orElseThrow().code());
    }

    /**
     * Another customer's ordinary certificate from the same CA chains to the CA's root, but it is neither the CA's
     * own certificate nor a CMP RA's (id-kp-cmcRA / id-kp-cmcCA): its answers are refused.
     */
    @Test
    void refusesAnAnswerSignedByACustomerCertificate() throws Exception {
        pki.signer(CmpTestPki.Signer.CUSTOMER);
        server = OpenSslCmpServer.start(directory, response);
        JournalState state = new JournalState();

        CaException refused = assertThrows(CaException.class, () -> connector().submit(request, state));

        assertEquals("untrusted_ca", refused.code());
        assertTrue(state.get(CmpConnector.CERTIFICATE).isEmpty(), "nothing of the answer is kept");
    }

    /** A pinned signer (ca.cmpSigner) and an expected sender (ca.cmpSender) are held to, as OpenSSL's are. */
    @Test
    void holdsToAPinnedSignerAndAnExpectedSender() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        X509CertificateHolder raCertificate = pki.server.certificate();
        CmpSigners otherPin = new CmpSigners(List.of(pki.ca.certificate()), List.of(pki.ca.certificate()),
                Optional.empty());
        CmpSigners otherSender = new CmpSigners(List.of(pki.ca.certificate()), List.of(),
                Optional.of(new org.bouncycastle.asn1.x500.X500Name("CN=Somebody Else, O=UKey Test, C=CN")));
        for (CmpSigners signers : List.of(otherPin, otherSender)) {
            // one connection at a time: OpenSSL's mock serves the next client once this one has closed
            try (CmpConnector connector = new CmpConnector(server.url(), List.of(), signers, false, false)) {
                CaException refused = assertThrows(CaException.class,
                        () -> connector.submit(request, new JournalState()));
                assertEquals("untrusted_ca", refused.code());
            }
        }
        CmpSigners pinned = new CmpSigners(List.of(), List.of(raCertificate),
                Optional.of(raCertificate.getSubject()));
        try (CmpConnector connector = new CmpConnector(server.url(), List.of(), pinned, false, false)) {
            assertEquals(CaProgress.Status.ISSUED, connector.submit(request, new JournalState()).status());
        }
    }

    /**
     * Three trust sets: a root added to ca.trust for TLS (here: a public web root) does not let its certificates
     * sign CMP answers once the issuing CA's roots are configured on their own (ca.issuerTrust).
     */
    @Test
    void aRootTrustedForTlsDoesNotSignCmpAnswers() throws Exception {
        pki.signer(CmpTestPki.Signer.FOREIGN_RA);
        server = OpenSslCmpServer.start(directory, response);
        java.nio.file.Path both = directory.resolve("tls-and-ca.pem");
        java.nio.file.Files.writeString(both, pki.web.pem() + pki.ca.pem());
        ukey.app.config.Settings settings = ukey.app.ui.Fixtures.settings(directory.resolve("settings"),
                "ca.url=" + server.url() + "\nca.connector=cmp\nca.trust=" + both + "\nca.issuerTrust="
                        + pki.caPem() + "\n");
        ukey.app.renewal.usecase.CaEndpoint endpoint = ukey.app.renewal.usecase.CaEndpoint.of(settings);
        assertEquals(2, endpoint.tlsRoots().size(), "ca.trust serves TLS");
        assertEquals(List.of(pki.ca.certificate()), endpoint.issuerRoots());

        try (var connector = endpoint.open()) {
            CaException refused = assertThrows(CaException.class, () -> connector.submit(request, new JournalState()));
            assertEquals("untrusted_ca", refused.code());
        }
    }

    /**
     * CMP over https trusts the TLS trust set as the renewal API does: ca.tlsTrust, else ca.trust. A server whose
     * TLS certificate chains there is reached; with only the issuing CA in ca.trust it is refused before anything
     * is sent, and never retried as a network failure.
     */
    @Test
    void overHttpsTheCmpServerMustChainToTheTlsTrustSet() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        TestCertificates.Issued tlsRoot = TestTls.ca("UKey CMP TLS Test Root");
        Path tlsTrust = TestTls.trustFile(tlsRoot, directory.resolve("cmp-tls.pem"));
        try (RecordingProxy front = new RecordingProxy(server.url(), TestTls.serverContext(tlsRoot))) {
            String cmp = "ca.url=" + front.url() + "\nca.connector=cmp\nca.trust=" + pki.caPem() + "\n";
            try (var connector = endpoint(cmp).open()) {
                CaException refused = assertThrows(CaException.class,
                        () -> connector.submit(request, new JournalState()));
                assertEquals("untrusted_tls", refused.code(), refused.toString());
                assertFalse(refused.retryable());
            }
            assertEquals(0, front.bodies.size(), "nothing sent to a server the TLS trust set does not trust");

            try (var connector = endpoint(cmp + "ca.tlsTrust=" + tlsTrust + "\n").open()) {
                assertEquals(CaProgress.Status.ISSUED, connector.submit(request, new JournalState()).status());
            }
            assertEquals(1, front.bodies.size(), "the kur, over https");
        }
    }

    /**
     * The JDK's roots are not the TLS trust set: a server with a certificate from a root the JDK trusts (here one
     * added to the JVM's trust store, as a public web CA is) but not the configured one is refused.
     */
    @Test
    void overHttpsTheJdksRootsAreNotTrusted() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        TestCertificates.Issued publicRoot = TestTls.ca("Public Web Root the JDK trusts");
        Path jdkTrust = directory.resolve("jdk-trust.p12");
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("public", new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(publicRoot.certificate()));
        try (var out = java.nio.file.Files.newOutputStream(jdkTrust)) {
            store.store(out, "changeit".toCharArray());
        }
        Map<String, String> saved = new HashMap<>();
        for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType",
                "javax.net.ssl.trustStorePassword")) {
            saved.put(key, System.getProperty(key));
        }
        try (RecordingProxy front = new RecordingProxy(server.url(), TestTls.serverContext(publicRoot))) {
            System.setProperty("javax.net.ssl.trustStore", jdkTrust.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            try (CmpConnector connector = front.connector(pki)) {
                CaException refused = assertThrows(CaException.class,
                        () -> connector.submit(request, new JournalState()));
                assertEquals("untrusted_tls", refused.code(), refused.toString());
            }
            assertEquals(0, front.bodies.size(), "nothing sent to a server only the JDK trusts");
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private ukey.app.renewal.usecase.CaEndpoint endpoint(String settings) throws Exception {
        return ukey.app.renewal.usecase.CaEndpoint.of(ukey.app.ui.Fixtures.settings(
                java.nio.file.Files.createTempDirectory(directory, "settings"), settings));
    }

    @Test
    void refusesAnUnprotectedAnswer() throws Exception {
        server = OpenSslCmpServer.start(directory, response, "-send_unprotected");
        JournalState state = new JournalState();

        CaException refused = assertThrows(CaException.class, () -> connector().submit(request, state));

        assertEquals("untrusted_ca", refused.code());
        assertFalse(refused.retryable());
        assertTrue(state.get(CmpConnector.CERTIFICATE).isEmpty());
    }

    @Test
    void refusesAnErrorMessageOfTheCaAsARejection() throws Exception {
        server = OpenSslCmpServer.start(directory, response, "-send_error");
        JournalState state = new JournalState();

        CaProgress progress = connector().submit(request, state);

        assertEquals(CaProgress.Status.REJECTED, progress.status());
        assertEquals("cmp_error", progress.rejection().orElseThrow().code());
    }

    @Test
    void anAnswerThatIsNotCmpIsABadResponse() throws Exception {
        HttpServer notCmp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notCmp.createContext("/", exchange -> {
            byte[] page = "<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        notCmp.start();
        try (CmpConnector connector = new CmpConnector(URI.create("http://127.0.0.1:"
                + notCmp.getAddress().getPort() + "/pkix/"), List.of(pki.ca.certificate()), false, false)) {
            CaException failed = assertThrows(CaException.class, () -> connector.submit(request, new JournalState()));
            assertEquals("bad_response", failed.code());
        } finally {
            notCmp.stop(0);
        }
    }

    @Test
    void anUnreachableCaIsARetryableNetworkFailure() throws Exception {
        server = OpenSslCmpServer.start(directory, response);
        int port = server.port();
        server.close();
        server = null;
        CmpConnector connector = new CmpConnector(URI.create("http://127.0.0.1:" + port + "/pkix/"),
                List.of(pki.ca.certificate()), false, false);
        JournalState state = new JournalState();

        CaException failed = assertThrows(CaException.class, () -> connector.submit(request, state));

        assertEquals("network", failed.code());
        assertTrue(failed.retryable());
        assertEquals(Optional.of("SENT"), state.get(CmpConnector.PHASE)); // saved before sending: resend later
    }

    @Test
    void cmpHasAnOfferButNoChallengeAndNoSeals() throws Exception {
        RenewalOffer offer = new CmpConnector(URI.create("http://127.0.0.1/pkix/"),
                List.of(pki.ca.certificate()), true, false).offer(user.certificate());
        assertTrue(offer.renewable());
        assertTrue(offer.sameKeyAllowed());
        assertFalse(offer.sealService());
        assertEquals(List.of(), connector().extendSeals(request, new JournalState(), user.certificate()));
        assertEquals("cmp_no_challenge", assertThrows(CaException.class,
                () -> connector().answerChallenge(request, new JournalState(), "c", "123456")).code());
        assertEquals("cmp_no_challenge", assertThrows(CaException.class,
                () -> connector().resendChallenge(request, new JournalState(), "c")).code());
    }

    @Test
    void takesOnlyAnHttpEndpoint() {
        for (String url : List.of("ftp://ca/pkix/", "file:///pkix/", "127.0.0.1:80")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new CmpConnector(URI.create(url), List.of(pki.ca.certificate()), false, false), url);
        }
    }

    private CmpConnector connector() {
        return new CmpConnector(server == null ? URI.create("http://127.0.0.1/pkix/") : server.url(),
                List.of(pki.ca.certificate()), false, false);
    }

    private static final class Crash extends RuntimeException {
    }

    /**
     * The connector's part of a journal as the engine keeps it: values in memory, written "to disk" on save.
     * A crash loses what was not saved; {@link #afterCrash} is what a restarted process reads back.
     */
    private static final class JournalState implements ConnectorState {
        private final Map<String, String> memory = new LinkedHashMap<>();
        private Map<String, String> disk = Map.of();
        private int saves;
        int crashAtSave = -1;

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(memory.get(key));
        }

        @Override
        public void put(String key, String value) {
            memory.put(key, value);
        }

        @Override
        public void save() {
            if (++saves == crashAtSave) {
                throw new Crash();
            }
            disk = new HashMap<>(memory);
        }

        JournalState afterCrash() {
            JournalState restarted = new JournalState();
            restarted.memory.putAll(disk);
            restarted.disk = new HashMap<>(disk);
            return restarted;
        }
    }

    /** A reverse proxy in front of the mock that keeps the body of every request: what went over the wire. */
    private static final class RecordingProxy implements AutoCloseable {
        final List<byte[]> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer http;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        RecordingProxy(URI target) throws IOException {
            this(target, null);
        }

        /** @param tls when not null, the proxy speaks HTTPS with this server side */
        RecordingProxy(URI target, SSLContext tls) throws IOException {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                http = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                http = https;
            }
            http.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                bodies.add(body);
                try {
                    HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(target)
                            .header("Content-Type", "application/pkixcmp")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                    exchange.getResponseBody().write(answer.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                } finally {
                    exchange.close();
                }
            });
            http.start();
        }

        CmpConnector connector(CmpTestPki pki) {
            return new CmpConnector(url(), List.of(pki.ca.certificate()), false, false);
        }

        URI url() {
            String scheme = http instanceof HttpsServer ? "https" : "http";
            return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort() + "/pkix/");
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
