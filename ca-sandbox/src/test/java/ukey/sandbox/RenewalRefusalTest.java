package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Every refusal of POST /v1/renewals, each as RFC 9457 problem+json with its stable code. */
class RenewalRefusalTest {

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

    @ParameterizedTest(name = "{0} days left, window {1} days: open={2}")
    @CsvSource({"45, 30, false", "45, 60, true", "45, 90, true", "75, 60, false", "75, 90, true", "95, 90, false"})
    void theWindowDecides(int daysLeft, int windowDays, boolean open) throws Exception {
        ca.updateSettings(s -> s.windowDays = windowDays);
        Holder holder = Holder.withDaysLeft(ca, TestKeys.ec(), daysLeft);
        holder.approveOrder(false);
        assertEquals(open, holder.status().path("window").path("open").asBoolean());
        TestClient.Response response = holder.start();
        if (open) {
            assertEquals(201, response.status(), response.toString());
            return;
        }
        assertProblem(response, 403, "renewal_window_not_open", false);
        JsonNode problem = response.json();
        assertEquals(windowDays, problem.path("windowDays").asInt());
        assertEquals(holder.old.notAfter.minus(java.time.Duration.ofDays(windowDays)),
                Instant.parse(problem.path("windowStart").asText()));
        assertTrue(problem.path("message_zh").asText().contains(windowDays + " 天"), problem.toString());
    }

    @Test
    void aWindowChangedInTheSettingsFileActsOnTheNextRequest() throws Exception {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.ec(), 45);
        holder.approveOrder(false);
        assertEquals("renewal_window_not_open", holder.start().code());
        Path settings = dir.resolve("settings.json");
        String edited = Files.readString(settings).replace("\"windowDays\" : 30", "\"windowDays\" : 60");
        Files.writeString(settings, edited);
        assertEquals(201, holder.start().status());
    }

    @Test
    void withoutAnApprovedOrderNothingIsRenewed() throws Exception {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.ec(), 20);
        TestClient.Response none = holder.start();
        assertProblem(none, 403, "no_approved_order", false);
        assertEquals("none", none.json().path("orderStatus").asText());

        Order order = ca.createOrder(holder.old.serial, false);
        assertEquals("pending_review", holder.status().path("order").path("status").asText());
        TestClient.Response pending = holder.start();
        assertEquals("no_approved_order", pending.code());
        assertEquals("pending_review", pending.json().path("orderStatus").asText());
        assertTrue(pending.json().path("message_zh").asText().contains("待审核"), pending.toString());

        ca.closeOrder(holder.old.serial);
        assertEquals("closed", holder.start().json().path("orderStatus").asText());
        assertEquals(OrderStatus.CLOSED, ca.order(order.id).orElseThrow().status);
        assertTrue(ca.outbox().isEmpty(), "no SMS for a refused renewal");
    }

    @Test
    void aNewKeyIsRequiredUnlessThePolicyAllowsTheSameKey() throws Exception {
        Holder holder = Holder.ready(ca);
        String sameKeyCsr = TestKeys.csr(holder.oldKey, Holder.SUBJECT);
        TestClient.Response refused = holder.client.post("/v1/renewals", holder.renewalBody(sameKeyCsr, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(refused, 422, "key_reuse_forbidden", false);

        ca.updateSettings(s -> s.keyPolicy = KeyPolicy.SAME_ALLOWED);
        TestClient.Response allowed = holder.client.post("/v1/renewals", holder.renewalBody(sameKeyCsr, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertEquals(201, allowed.status(), allowed.toString());
        assertTrue(allowed.json().path("sameKey").asBoolean());
        String id = holder.answer(allowed.json(), ca.lastSmsCode().orElseThrow()).json().path("id").asText();
        assertEquals("issued", holder.pollUntilDone(id).json().path("status").asText());
        holder.fetchCertificate(id);
        assertEquals(holder.oldKey.getPublic(), holder.newCertificate.getPublicKey());
    }

    @Test
    void aKeyCertifiedForAnotherCertificateIsRefusedEvenWhenSameKeyIsAllowed() throws Exception {
        ca.updateSettings(s -> s.keyPolicy = KeyPolicy.SAME_ALLOWED);
        Holder holder = Holder.ready(ca);
        Holder other = Holder.withDaysLeft(ca, TestKeys.ec(), 200);
        TestClient.Response response = holder.client.post("/v1/renewals",
                holder.renewalBody(TestKeys.csr(other.oldKey, Holder.SUBJECT), "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(response, 422, "key_reuse_forbidden", false);
    }

    @Test
    void theSignatureMustBeTheOldCertificatesOverTheExactBody() throws Exception {
        Holder holder = Holder.ready(ca);
        Holder stranger = Holder.withDaysLeft(ca, TestKeys.ec(), 20);
        Map<String, Object> body = holder.renewalBody(TestKeys.csr(TestKeys.ec(), Holder.SUBJECT), "renew");

        TestClient.Response byStranger = holder.client.post("/v1/renewals", body, stranger.oldKey.getPrivate(),
                stranger.oldCertificate());
        assertProblem(byStranger, 401, "bad_signature", false);

        byte[] signed = Json.bytes(body);
        byte[] sent = new String(signed, StandardCharsets.UTF_8).replace("\"renew\"", "\"repair\"")
                .getBytes(StandardCharsets.UTF_8);
        String signature = TestKeys.sign(signed, holder.oldKey.getPrivate(), holder.oldCertificate());
        TestClient.Response tampered = postRaw(holder, sent, signature);
        assertProblem(tampered, 401, "bad_signature", false);

        KeyPair wrongKey = TestKeys.ec();
        TestClient.Response foreignKey = holder.client.post("/v1/renewals", body, wrongKey.getPrivate(),
                holder.oldCertificate());
        assertProblem(foreignKey, 401, "bad_signature", false);

        TestClient.Response unsigned = holder.client.post("/v1/renewals", signed, null, null,
                UUID.randomUUID().toString());
        assertProblem(unsigned, 401, "bad_signature", false);
        assertTrue(unsigned.json().path("detail").asText().contains("X-UKey-Signature"));

        TestClient.Response notCms = postRaw(holder, signed, "bm90IGNtcw==");
        assertProblem(notCms, 401, "bad_signature", false);
        assertTrue(ca.outbox().isEmpty());
    }

    @Test
    void theCsrMustProveItsKeyCarryTheSameSubjectAndASupportedAlgorithm() throws Exception {
        Holder holder = Holder.ready(ca);
        KeyPair newKey = TestKeys.ec();
        String otherSubject = TestKeys.csr(newKey, "CN=李四,O=测试公司,C=CN");
        TestClient.Response mismatch = holder.client.post("/v1/renewals", holder.renewalBody(otherSubject, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(mismatch, 422, "subject_mismatch", false);

        String respelled = TestKeys.csr(newKey, "cn=张三, o=测试公司, c=CN");
        assertEquals(201, holder.client.post("/v1/renewals", holder.renewalBody(respelled, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate()).status(), "names compare by value");

        String noPossession = TestKeys.csr(TestKeys.ec(), new X500Name(Holder.SUBJECT), newKey.getPrivate());
        TestClient.Response badPop = holder.client.post("/v1/renewals", holder.renewalBody(noPossession, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(badPop, 422, "bad_pop", false);

        String p521 = TestKeys.csr(TestKeys.ec("secp521r1"), Holder.SUBJECT);
        TestClient.Response unsupported = holder.client.post("/v1/renewals", holder.renewalBody(p521, "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(unsupported, 422, "unsupported_algorithm", false);
        assertTrue(unsupported.json().path("supported").asText().contains("EC-P256"));

        TestClient.Response garbage = holder.client.post("/v1/renewals", holder.renewalBody("not a csr", "renew"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(garbage, 400, "bad_csr", false);
    }

    @Test
    void unknownRevokedAndMalformedRequestsAreRefused() throws Exception {
        Holder holder = Holder.ready(ca);
        TestClient client = holder.client;
        assertProblem(client.get("/v1/certificates/AAAA.BBBB"), 404, "unknown_certificate", false);

        Map<String, Object> unknown = holder.renewalBody(TestKeys.csr(TestKeys.ec(), Holder.SUBJECT), "renew");
        unknown.put("certId", "AAAA.BBBB");
        assertProblem(client.post("/v1/renewals", unknown, holder.oldKey.getPrivate(), holder.oldCertificate()),
                404, "unknown_certificate", false);

        Map<String, Object> badMode = holder.renewalBody(TestKeys.csr(TestKeys.ec(), Holder.SUBJECT), "extend");
        assertProblem(client.post("/v1/renewals", badMode, holder.oldKey.getPrivate(), holder.oldCertificate()),
                400, "bad_request", false);
        assertProblem(client.post("/v1/renewals", "[1]".getBytes(StandardCharsets.UTF_8), holder.oldKey.getPrivate(),
                holder.oldCertificate(), UUID.randomUUID().toString()), 400, "bad_request", false);
        assertProblem(client.post("/v1/renewals", Json.bytes(badMode), holder.oldKey.getPrivate(),
                holder.oldCertificate(), null), 400, "bad_request", false);
        assertProblem(client.post("/v1/renewals", Json.bytes(badMode), holder.oldKey.getPrivate(),
                holder.oldCertificate(), "not-a-uuid"), 400, "bad_request", false);

        TestClient.Response wrongMethod = client.get("/v1/renewals");
        assertProblem(wrongMethod, 405, "method_not_allowed", false);
        assertEquals("POST", wrongMethod.header("Allow"));
        assertProblem(client.get("/v1/nothing"), 404, "not_found", false);

        JsonNode renewal = holder.start().json();
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        TestClient.Response otherRenewal = client.post("/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                Map.of("renewalId", "rnw_other", "challengeId", challengeId, "code", "123456"),
                holder.oldKey.getPrivate(), holder.oldCertificate());
        assertProblem(otherRenewal, 400, "bad_request", false);
        assertTrue(otherRenewal.json().path("detail").asText().contains("renewalId"));

        ca.revoke(holder.old.serial);
        assertEquals("revoked", holder.status().path("status").asText());
        assertProblem(holder.start(), 403, "cert_revoked", false);
    }

    private static TestClient.Response postRaw(Holder holder, byte[] body, String signature) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(holder.ca.url().resolve("/v1/renewals"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-UKey-Signature", signature)
                .header("Idempotency-Key", UUID.randomUUID().toString()).build();
        return holder.client.send(request);
    }

    /** The RFC 9457 shape every error has. */
    static void assertProblem(TestClient.Response response, int status, String code, boolean retryable) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"),
                response.header("Content-Type"));
        JsonNode problem = response.json();
        assertEquals(code, problem.path("code").asText(), response.toString());
        assertEquals(status, problem.path("status").asInt());
        assertEquals("urn:ukey:renewal:problem:" + code, problem.path("type").asText());
        assertEquals(retryable, problem.path("retryable").asBoolean());
        for (String field : new String[] {"title", "detail", "instance", "message_zh", "message_en"}) {
            assertFalse(problem.path(field).asText().isBlank(), field + " missing in " + problem);
        }
        assertFalse(problem.path("message_zh").asText().contains("{"), "unfilled placeholder: " + problem);
        assertFalse(problem.path("message_en").asText().contains("{"), "unfilled placeholder: " + problem);
    }
}
