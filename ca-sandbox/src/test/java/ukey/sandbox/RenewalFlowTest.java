package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The whole renewal over real HTTPS: start, SMS, poll, certificate, confirm, seals; RSA and EC; repair. */
class RenewalFlowTest {

    @TempDir
    Path dir;
    SandboxCa ca;

    @BeforeEach
    void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0));
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    @Test
    void renewsWithSmsCodeAndConfirmSupersedesTheOldCertificate() throws Exception {
        Holder holder = Holder.ready(ca);
        JsonNode status = holder.status();
        assertEquals("valid", status.path("status").asText());
        assertTrue(status.path("window").path("open").asBoolean(), status.toString());
        assertEquals("approved", status.path("order").path("status").asText());
        assertEquals("审核通过", status.path("order").path("statusText").asText());
        assertTrue(status.path("supersededBy").isMissingNode() && status.path("order").path("renewalId").isMissingNode(),
                "fields without a value are left out: " + status);

        TestClient.Response started = holder.start();
        assertEquals(201, started.status(), started.toString());
        JsonNode renewal = started.json();
        String id = renewal.path("id").asText();
        assertEquals("/v1/renewals/" + id, started.header("Location"));
        assertEquals("pending_challenge", renewal.path("status").asText());
        JsonNode challenge = renewal.path("challenges").path(0);
        assertEquals("sms", challenge.path("type").asText());
        assertEquals("138****8000", challenge.path("phone").asText());
        assertEquals(5, challenge.path("attemptsLeft").asInt());
        assertFalse(started.text().contains(ca.lastSmsCode().orElseThrow()), "the code must not be in the answer");
        SmsMessage sms = ca.outbox().getLast();
        assertTrue(sms.text.contains(sms.code) && sms.text.contains("张三"), sms.text);
        assertEquals(id, sms.renewalId);
        assertEquals("approved", ca.order(renewal.path("order").path("id").asText()).orElseThrow().status.wire());

        TestClient.Response answered = holder.answer(renewal, sms.code);
        assertEquals(200, answered.status(), answered.toString());
        assertEquals("processing", answered.json().path("status").asText());
        assertEquals("issuing", answered.json().path("order").path("status").asText());
        assertEquals("待制证", answered.json().path("order").path("statusText").asText());

        TestClient.Response notReady = holder.client.get("/v1/renewals/" + id + "/certificate");
        assertEquals(409, notReady.status());
        assertEquals("certificate_not_ready", notReady.code());
        assertEquals("0", notReady.header("Retry-After"));

        JsonNode issued = holder.pollUntilDone(id).json();
        assertEquals("issued", issued.path("status").asText());
        JsonNode answer = holder.fetchCertificate(id);
        X509Certificate renewed = holder.newCertificate;
        assertArrayEquals(holder.newKey.getPublic().getEncoded(), renewed.getPublicKey().getEncoded());
        assertTrue(BCStyle.INSTANCE.areEqual(new X500Name(Holder.SUBJECT),
                Certs.holder(renewed).getSubject()));
        assertEquals(issued.path("newCertId").asText(), Certs.certId(renewed));
        assertEquals(holder.old.notAfter.plus(Duration.ofDays(365)), renewed.getNotAfter().toInstant());
        assertEquals(1, answer.path("chain").size());
        assertEquals(ca.issuingCa(), Pem.certificate(answer.path("chain").path(0).asText()));
        validate(renewed, ca.trustFile());
        assertEquals(Issuer.usages(holder.oldCertificate()), Issuer.usages(renewed), "key usage is kept");

        assertEquals("valid", holder.status().path("status").asText(), "the old one stays valid until confirm");
        TestClient.Response confirmed = holder.confirm(id, true, holder.newKey, renewed);
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("confirmed", confirmed.json().path("status").asText());
        assertEquals("done", confirmed.json().path("order").path("status").asText());
        assertEquals("已完成", confirmed.json().path("order").path("statusText").asText());
        JsonNode after = holder.status();
        assertEquals("superseded", after.path("status").asText());
        assertEquals(Certs.certId(renewed), after.path("supersededBy").asText());

        TestClient.Response again = holder.start();
        assertEquals(403, again.status());
        assertEquals("cert_superseded", again.code());
    }

    @Test
    void renewsRsaKeysToo() throws Exception {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.rsa(), 10);
        holder.approveOrder(false);
        KeyPair newKey = TestKeys.rsa();
        TestClient.Response started = holder.client.post("/v1/renewals",
                holder.renewalBody(TestKeys.csr(newKey, Holder.SUBJECT), "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertEquals(201, started.status(), started.toString());
        JsonNode answered = holder.answer(started.json(), ca.lastSmsCode().orElseThrow()).json();
        String id = answered.path("id").asText();
        assertEquals("issued", holder.pollUntilDone(id).json().path("status").asText());
        holder.fetchCertificate(id);
        assertArrayEquals(newKey.getPublic().getEncoded(), holder.newCertificate.getPublicKey().getEncoded());
        assertEquals("RSA", holder.newCertificate.getPublicKey().getAlgorithm());
        assertEquals(200, holder.confirm(id, true, newKey, holder.newCertificate).status());
    }

    @Test
    void withoutSmsTheRenewalGoesStraightToProcessingAndPollsHonourTheCount() throws Exception {
        ca.updateSettings(s -> {
            s.sms = false;
            s.pollCount = 3;
            s.retryAfterSeconds = 2;
        });
        Holder holder = Holder.ready(ca);
        TestClient.Response started = holder.start();
        assertEquals("processing", started.json().path("status").asText());
        assertEquals("2", started.header("Retry-After"));
        assertEquals(2, started.json().path("retryAfterSeconds").asInt());
        assertTrue(started.json().path("challenges").isEmpty());
        String id = started.json().path("id").asText();
        for (int i = 0; i < 3; i++) {
            TestClient.Response poll = holder.client.get("/v1/renewals/" + id);
            assertEquals("processing", poll.json().path("status").asText(), "poll " + i);
            assertEquals("2", poll.header("Retry-After"));
        }
        TestClient.Response done = holder.client.get("/v1/renewals/" + id);
        assertEquals("issued", done.json().path("status").asText());
        assertNull(done.header("Retry-After"));
        assertTrue(ca.outbox().isEmpty());
    }

    @Test
    void repairsAnExpiredCertificateWithARepairOrder() throws Exception {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.ec(), -35);
        assertEquals("expired", holder.status().path("status").asText());
        assertEquals("repair", holder.status().path("mode").asText());
        holder.approveOrder(false);
        TestClient.Response renew = holder.start("renew");
        assertEquals(403, renew.status());
        assertEquals("cert_expired", renew.code());
        TestClient.Response repairWithRenewOrder = holder.start("repair");
        assertEquals("no_approved_order", repairWithRenewOrder.code());

        ca.closeOrder(holder.old.serial);
        holder.approveOrder(true);
        TestClient.Response repair = holder.start("repair");
        assertEquals(201, repair.status(), repair.toString());
        assertTrue(ca.outbox().getLast().text.contains("修复"));
        JsonNode renewal = holder.answer(repair.json(), ca.lastSmsCode().orElseThrow()).json();
        String id = renewal.path("id").asText();
        assertEquals("issued", holder.pollUntilDone(id).json().path("status").asText());
        holder.fetchCertificate(id);
        Instant notAfter = holder.newCertificate.getNotAfter().toInstant();
        assertTrue(Duration.between(Instant.now().plus(Duration.ofDays(365)), notAfter).abs().toMinutes() < 5,
                "a repair runs from now: " + notAfter);
        assertEquals(200, holder.confirm(id, true, holder.newKey, holder.newCertificate).status());
    }

    @Test
    void repairIsRefusedForAValidCertificate() throws Exception {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.ec(), 20);
        holder.approveOrder(true);
        assertEquals("repair_not_applicable", holder.start("repair").code());
    }

    @Test
    void confirmMustBeSignedByTheNewKeyOverTheIssuedCertificate() throws Exception {
        Holder holder = Holder.ready(ca);
        String id = holder.renewUntilIssued().path("id").asText();
        holder.fetchCertificate(id);

        TestClient.Response byOldKey = holder.confirm(id, true, holder.oldKey, holder.oldCertificate());
        assertEquals(401, byOldKey.status());
        assertEquals("bad_signature", byOldKey.code());

        X509Certificate issued = holder.newCertificate;
        Map<String, Object> wrongHash = Map.of("renewalId", id, "certificateSha256", "00".repeat(32),
                "accepted", true);
        TestClient.Response mismatch = holder.client.post("/v1/renewals/" + id + "/confirm", wrongHash,
                holder.newKey.getPrivate(), issued);
        assertEquals(409, mismatch.status());
        assertEquals("certificate_mismatch", mismatch.code());
        assertEquals(Certs.sha256(issued), mismatch.json().path("expectedSha256").asText());
        assertEquals("valid", holder.status().path("status").asText(), "nothing was superseded");
    }

    @Test
    void refusingTheCertificateRevokesItAndReopensTheOrder() throws Exception {
        Holder holder = Holder.ready(ca);
        String id = holder.renewUntilIssued().path("id").asText();
        holder.fetchCertificate(id);
        String newCertId = Certs.certId(holder.newCertificate);

        TestClient.Response refused = holder.confirm(id, false, holder.oldKey, holder.oldCertificate());
        assertEquals(200, refused.status(), refused.toString());
        assertEquals("rejected", refused.json().path("status").asText());
        assertEquals("validation failed", refused.json().path("reason").asText());
        assertEquals("approved", refused.json().path("order").path("status").asText());
        assertEquals(CertRecord.State.REVOKED, ca.certificate(newCertId).orElseThrow().state);
        assertEquals("valid", holder.status().path("status").asText());

        KeyPair sameNewKey = holder.newKey;
        TestClient.Response retry = holder.client.post("/v1/renewals",
                holder.renewalBody(TestKeys.csr(sameNewKey, Holder.SUBJECT), "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertEquals(201, retry.status(), "a retry may bring the key of the refused attempt: " + retry);
        JsonNode second = holder.answer(retry.json(), ca.lastSmsCode().orElseThrow()).json();
        assertEquals("issued", holder.pollUntilDone(second.path("id").asText()).json().path("status").asText());
        assertNotEquals(id, second.path("id").asText());
    }

    @Test
    void aNewRenewalOfTheSameOrderReplacesAnUnfinishedOne() throws Exception {
        Holder holder = Holder.ready(ca);
        JsonNode first = holder.renewUntilIssued();
        JsonNode second = holder.renewUntilIssued();
        assertEquals("issued", second.path("status").asText());
        JsonNode firstNow = holder.client.get("/v1/renewals/" + first.path("id").asText()).json();
        assertEquals("expired", firstNow.path("status").asText());
        assertEquals(CertRecord.State.REVOKED,
                ca.certificate(first.path("newCertId").asText()).orElseThrow().state);
    }

    @Test
    void sealsMoveToTheRenewedCertificateOnlyAfterConfirm() throws Exception {
        Holder holder = Holder.ready(ca);
        JsonNode seals = holder.client.get("/v1/seals?certId=" + holder.old.certId).json();
        assertEquals(1, seals.path("seals").size(), seals.toString());
        String sealId = seals.path("seals").path(0).path("id").asText();
        assertEquals("电子签章（张三）", seals.path("seals").path(0).path("name").asText());

        String id = holder.renewUntilIssued().path("id").asText();
        holder.fetchCertificate(id);
        String newCertId = Certs.certId(holder.newCertificate);
        Map<String, Object> extend = Map.of("sealId", sealId, "certId", newCertId);
        TestClient.Response early = holder.client.post("/v1/seals/" + sealId + "/extend", extend,
                holder.newKey.getPrivate(), holder.newCertificate);
        assertEquals(409, early.status());
        assertEquals("seal_not_extendable", early.code());

        assertEquals(200, holder.confirm(id, true, holder.newKey, holder.newCertificate).status());
        TestClient.Response byOldKey = holder.client.post("/v1/seals/" + sealId + "/extend", extend,
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertEquals("bad_signature", byOldKey.code());
        TestClient.Response extended = holder.client.post("/v1/seals/" + sealId + "/extend", extend,
                holder.newKey.getPrivate(), holder.newCertificate);
        assertEquals(200, extended.status(), extended.toString());
        assertEquals("extended", extended.json().path("status").asText());
        assertEquals(newCertId, extended.json().path("certId").asText());
        assertEquals(holder.newCertificate.getNotAfter().toInstant().toString(),
                extended.json().path("notAfter").asText());
        assertEquals(1, holder.client.get("/v1/seals?certId=" + newCertId).json().path("seals").size());

        ca.updateSettings(s -> s.sealService = false);
        assertEquals("seal_service_disabled", holder.client.get("/v1/seals?certId=" + newCertId).code());
        assertFalse(holder.client.get("/v1/directory").json().path("sealService").asBoolean());
    }

    @Test
    void directoryDescribesTheSettings() throws Exception {
        ca.updateSettings(s -> {
            s.windowDays = 60;
            s.keyPolicy = KeyPolicy.SAME_ALLOWED;
        });
        JsonNode directory = new TestClient(ca).get("/v1/directory").json();
        assertEquals(60, directory.path("renewalWindowDays").asInt());
        assertEquals("same-allowed", directory.path("keyPolicy").asText());
        assertEquals("sms", directory.path("challenges").path(0).asText());
        assertTrue(directory.path("sealService").asBoolean());
        assertEquals(List.of("RSA-2048", "RSA-3072", "RSA-4096", "EC-P256", "EC-P384"),
                Json.MAPPER.convertValue(directory.path("algorithms"), List.class));
        assertEquals("X-UKey-Signature", directory.path("signature").path("header").asText());
        assertEquals(ca.url().resolve("/portal").toString(), directory.path("portalUrl").asText());
    }

    /** PKIX validation against the trust.pem the sandbox wrote, as a client would do it. */
    static void validate(X509Certificate certificate, Path trustFile) throws Exception {
        Set<TrustAnchor> anchors = new java.util.HashSet<>();
        for (X509Certificate trusted : Pem.certificates(Pem.read(trustFile))) {
            anchors.add(new TrustAnchor(trusted, null));
        }
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
    }
}
