package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The CA across restarts, its TLS, an RSA issuing CA, and an IT department's own CA imported from PEM. */
class CaLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsKeysOrdersRenewalsCodesAndSettings() throws Exception {
        String trust;
        String renewalId;
        Holder holder;
        try (SandboxCa first = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0).windowDays(60))) {
            holder = Holder.ready(first);
            renewalId = holder.start().json().path("id").asText();
            trust = first.trustPem();
            assertEquals(first.url() + "\n", Files.readString(dir.resolve("url")));
            assertEquals(trust, Files.readString(dir.resolve("trust.pem")));
        }
        try (SandboxCa second = SandboxCa.start(SandboxSettings.in(dir))) {
            assertEquals(trust, second.trustPem(), "same TLS root and issuing CA");
            assertEquals(60, second.settings().windowDays);
            assertEquals(second.url() + "\n", Files.readString(dir.resolve("url")));
            TestClient client = new TestClient(second.url(), Files.readString(dir.resolve("trust.pem")));
            JsonNode renewal = client.get("/v1/renewals/" + renewalId).json();
            assertEquals("pending_challenge", renewal.path("status").asText());
            String challengeId = renewal.path("challenges").path(0).path("id").asText();
            TestClient.Response answered = client.post(
                    "/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                    java.util.Map.of("renewalId", renewalId, "challengeId", challengeId,
                            "code", second.lastSmsCode().orElseThrow()),
                    holder.oldKey.getPrivate(), holder.oldCertificate());
            assertEquals("processing", answered.json().path("status").asText(), answered.toString());
            assertEquals(holder.old.certId, second.certificates().getFirst().certId);
        }
    }

    @Test
    void tlsTrustsOnlyTheSandboxRootAndNamesTheLoopbackAddress() throws Exception {
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir))) {
            HttpClient platformTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThrows(SSLHandshakeException.class, () -> platformTrust.send(
                    HttpRequest.newBuilder(ca.url().resolve("/v1/directory")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            X509Certificate server = Pem.certificate(Files.readString(dir.resolve("ca/tls-server.pem")));
            assertTrue(server.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("127.0.0.1")));
            assertTrue(server.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
            TestClient byName = new TestClient(URI.create("https://localhost:" + ca.url().getPort() + "/"),
                    ca.trustPem());
            assertEquals(200, byName.get("/v1/directory").status());
            List<X509Certificate> trust = Pem.certificates(Files.readString(dir.resolve("trust.pem")));
            assertEquals(List.of(ca.tlsRoot(), ca.issuingCa()), trust);
        }
    }

    @Test
    void anRsaIssuingCaSignsWithRsa() throws Exception {
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir).caAlgorithm(SandboxSettings.CaAlgorithm.RSA)
                .sms(false).pollCount(0))) {
            assertEquals("RSA", ca.issuingCa().getPublicKey().getAlgorithm());
            Holder holder = Holder.ready(ca);
            assertEquals("SHA256withRSA", holder.oldCertificate().getSigAlgName());
            String id = holder.renewUntilIssued().path("id").asText();
            holder.fetchCertificate(id);
            RenewalFlowTest.validate(holder.newCertificate, ca.trustFile());
        }
    }

    @Test
    void startsFromAnExistingCaAndRenewsTheCertificatesItIssuedBefore() throws Exception {
        KeyPair caKey = TestKeys.rsa();
        X509Certificate itCa = caCertificate("CN=某单位测试 CA,O=某单位信息中心,C=CN", caKey, true);
        Path caPem = Files.writeString(dir.resolve("it-ca.pem"), Pem.encode(itCa));
        Path caKeyPem = Files.writeString(dir.resolve("it-ca.key"), Pem.encode(caKey.getPrivate()));
        KeyPair userKey = TestKeys.ec();
        X509Certificate earlier = userCertificate(itCa, caKey, userKey, Instant.now().minus(Duration.ofDays(350)));

        Path state = dir.resolve("state");
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(state).caFrom(caPem, caKeyPem).sms(false)
                .pollCount(0))) {
            assertEquals(itCa, ca.issuingCa());
            assertTrue(Pem.certificates(Files.readString(state.resolve("trust.pem"))).contains(itCa));

            CertRecord registered = ca.register(earlier);
            assertEquals(Certs.certId(earlier), registered.certId);
            assertTrue(registered.registered);
            ca.approveOrder(ca.createOrder(registered.serial, false).id);
            KeyPair newKey = TestKeys.ec();
            TestClient client = new TestClient(ca);
            java.util.Map<String, Object> body = java.util.Map.of("certId", registered.certId,
                    "csr", TestKeys.csr(newKey, "CN=王五,O=某单位,C=CN"), "mode", "renew");
            TestClient.Response started = client.post("/v1/renewals", body, userKey.getPrivate(), earlier);
            assertEquals("issued", started.json().path("status").asText(), started.toString());
            String id = started.json().path("id").asText();
            X509Certificate renewed = Pem.certificate(
                    client.get("/v1/renewals/" + id + "/certificate").json().path("certificate").asText());
            renewed.verify(itCa.getPublicKey());
            RenewalFlowTest.validate(renewed, ca.trustFile());
            assertEquals(registered.certId.split("\\.")[0], Certs.certId(renewed).split("\\.")[0],
                    "same authority key identifier");

            X509Certificate notByIt = userCertificate(caCertificate("CN=Other CA", TestKeys.ec(), true),
                    null, TestKeys.ec(), Instant.now());
            assertThrows(IllegalArgumentException.class, () -> ca.register(notByIt));
        }
        KeyPair otherKey = TestKeys.ec();
        Path otherPem = Files.writeString(dir.resolve("other.pem"),
                Pem.encode(caCertificate("CN=Other CA", otherKey, true)));
        Path otherKeyPem = Files.writeString(dir.resolve("other.key"), Pem.encode(otherKey.getPrivate()));
        IllegalArgumentException anotherCa = assertThrows(IllegalArgumentException.class,
                () -> SandboxCa.start(SandboxSettings.in(state).caFrom(otherPem, otherKeyPem)));
        assertTrue(anotherCa.getMessage().contains("already holds another issuing CA"), anotherCa.getMessage());
    }

    @Test
    void anImportedCaMustBeACaWithItsOwnKey() throws Exception {
        KeyPair key = TestKeys.ec();
        Path leafPem = Files.writeString(dir.resolve("leaf.pem"), Pem.encode(caCertificate("CN=Leaf", key, false)));
        Path keyPem = Files.writeString(dir.resolve("key.pem"), Pem.encode(key.getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> SandboxCa.start(SandboxSettings.in(dir.resolve("a")).caFrom(leafPem, keyPem)));
        Path caPem = Files.writeString(dir.resolve("ca.pem"), Pem.encode(caCertificate("CN=CA", key, true)));
        Path wrongKey = Files.writeString(dir.resolve("wrong.pem"), Pem.encode(TestKeys.ec().getPrivate()));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> SandboxCa.start(SandboxSettings.in(dir.resolve("b")).caFrom(caPem, wrongKey)));
        assertTrue(mismatch.getMessage().contains("is not the private key"), mismatch.getMessage());
    }

    /** A CA certificate made the way another tool would make it; self-signed. */
    static X509Certificate caCertificate(String name, KeyPair key, boolean ca) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        Instant now = Instant.now().minus(Duration.ofDays(400));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(name), BigInteger.TEN,
                Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), new X500Name(name), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
        return Pem.toX509(builder.build(new JcaContentSignerBuilder(TestKeys.algorithm(key.getPrivate()))
                .build(key.getPrivate())));
    }

    /** A user certificate issued by ca (with caKey; null = a throw-away key, so it does not verify). */
    static X509Certificate userCertificate(X509Certificate ca, KeyPair caKey, KeyPair user, Instant notBefore)
            throws Exception {
        KeyPair signer = caKey != null ? caKey : TestKeys.ec();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca,
                BigInteger.valueOf(Math.abs(notBefore.toEpochMilli())), Date.from(notBefore),
                Date.from(notBefore.plus(Duration.ofDays(365))), new X500Name("CN=王五,O=某单位,C=CN"), user.getPublic())
                .addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
        return Pem.toX509(builder.build(new JcaContentSignerBuilder(TestKeys.algorithm(signer.getPrivate()))
                .build(signer.getPrivate())));
    }
}
