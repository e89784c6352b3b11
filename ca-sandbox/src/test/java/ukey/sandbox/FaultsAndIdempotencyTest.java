package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.sandbox.RenewalRefusalTest.assertProblem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Idempotency-Key replays and conflicts, and the faults: 503, dropped connections, cut JSON, delay. */
class FaultsAndIdempotencyTest {

    @TempDir
    Path dir;
    SandboxCa ca;
    Holder holder;
    byte[] body;
    String key;

    @BeforeEach
    void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0));
        holder = Holder.ready(ca);
        holder.newKey = TestKeys.ec();
        body = Json.bytes(holder.renewalBody(TestKeys.csr(holder.newKey, Holder.SUBJECT), "renew"));
        key = UUID.randomUUID().toString();
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    private TestClient.Response post(byte[] content, String idempotencyKey) throws IOException {
        return holder.client.post("/v1/renewals", content, holder.oldKey.getPrivate(), holder.oldCertificate(),
                idempotencyKey);
    }

    @Test
    void theSameKeyAndBodyGetTheSameAnswerAndAnotherBodyIsAConflict() throws Exception {
        TestClient.Response first = post(body, key);
        assertEquals(201, first.status());
        assertNull(first.header("Idempotent-Replayed"));
        TestClient.Response replay = post(body, key);
        assertEquals(201, replay.status());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(first.json(), replay.json());
        assertEquals(first.header("Location"), replay.header("Location"));
        assertEquals(1, ca.outbox().size(), "one renewal, one SMS");

        byte[] other = Json.bytes(holder.renewalBody(TestKeys.csr(TestKeys.ec(), Holder.SUBJECT), "renew"));
        assertProblem(post(other, key), 409, "idempotency_conflict", false);
        String renewalId = first.json().path("id").asText();
        String challengeId = first.json().path("challenges").path(0).path("id").asText();
        byte[] answer = Json.bytes(java.util.Map.of("renewalId", renewalId, "challengeId", challengeId,
                "code", ca.lastSmsCode().orElseThrow()));
        TestClient.Response otherPath = holder.client.post("/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                answer, holder.oldKey.getPrivate(), holder.oldCertificate(), key);
        assertProblem(otherPath, 409, "idempotency_conflict", false);
        assertEquals("pending_challenge", ca.renewal(renewalId).orElseThrow().status.wire(), "nothing done");
    }

    @Test
    void aWrongCodeAnswerIsReplayedWithoutUsingAnotherAttempt() throws Exception {
        var renewal = post(body, key).json();
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        String code = ca.lastSmsCode().orElseThrow();
        byte[] wrong = Json.bytes(java.util.Map.of("renewalId", renewalId, "challengeId", challengeId,
                "code", code.equals("000000") ? "111111" : "000000"));
        String answerKey = UUID.randomUUID().toString();
        String path = "/v1/renewals/" + renewalId + "/challenges/" + challengeId;
        TestClient.Response once = holder.client.post(path, wrong, holder.oldKey.getPrivate(),
                holder.oldCertificate(), answerKey);
        TestClient.Response twice = holder.client.post(path, wrong, holder.oldKey.getPrivate(),
                holder.oldCertificate(), answerKey);
        assertEquals(once.json(), twice.json());
        assertEquals("true", twice.header("Idempotent-Replayed"));
        assertEquals(4, ca.renewal(renewalId).orElseThrow().challenge.attemptsLeft);
    }

    @Test
    void unavailableAnswers503WithRetryAfterAndDoesNothing() throws Exception {
        ca.updateSettings(s -> {
            s.faults.unavailable = 2;
            s.faults.unavailableRetryAfterSeconds = 7;
        });
        for (int i = 0; i < 2; i++) {
            TestClient.Response refused = post(body, key);
            assertProblem(refused, 503, "unavailable", true);
            assertEquals("7", refused.header("Retry-After"));
            assertTrue(refused.json().path("message_zh").asText().contains("7 秒"));
        }
        assertTrue(ca.outbox().isEmpty());
        assertEquals(0, ca.settings().faults.unavailable, "the counter is used up");
        TestClient.Response done = post(body, key);
        assertEquals(201, done.status());
        assertNull(done.header("Idempotent-Replayed"), "the 503s were not stored");
    }

    @Test
    void aConnectionDroppedBeforeProcessingLeavesNothingDone() throws Exception {
        ca.updateSettings(s -> s.faults.dropBefore = 1);
        assertThrows(IOException.class, () -> post(body, key));
        assertTrue(ca.outbox().isEmpty());
        TestClient.Response resent = post(body, key);
        assertEquals(201, resent.status());
        assertNull(resent.header("Idempotent-Replayed"));
    }

    @Test
    void aConnectionDroppedAfterProcessingIsRecoveredByResendingWithTheSameKey() throws Exception {
        ca.updateSettings(s -> s.faults.dropAfter = 1);
        assertThrows(IOException.class, () -> post(body, key));
        assertEquals(1, ca.outbox().size(), "the renewal was made");
        TestClient.Response resent = post(body, key);
        assertEquals(201, resent.status());
        assertEquals("true", resent.header("Idempotent-Replayed"));
        assertEquals(ca.outbox().getLast().renewalId, resent.json().path("id").asText());
        assertEquals(1, ca.outbox().size());
    }

    @Test
    void malformedJsonIsCutAndTheResendIsWhole() throws Exception {
        ca.updateSettings(s -> s.faults.malformed = 1);
        TestClient.Response cut = post(body, key);
        assertEquals(201, cut.status());
        assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readTree(cut.text()));
        TestClient.Response whole = post(body, key);
        assertEquals("pending_challenge", whole.json().path("status").asText());
    }

    @Test
    void faultsHitOnlyMatchingRequestsAndDelayThem() throws Exception {
        ca.updateSettings(s -> {
            s.faults.match = "^GET /v1/directory$";
            s.faults.unavailable = 1;
        });
        assertEquals(201, post(body, key).status(), "a POST does not match");
        assertEquals(1, ca.settings().faults.unavailable);
        assertEquals(503, holder.client.get("/v1/directory").status());
        assertEquals(200, holder.client.get("/v1/directory").status());

        ca.updateSettings(s -> s.faults.delayMs = 300);
        long started = System.nanoTime();
        assertEquals(200, holder.client.get("/v1/directory").status());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 300, "the delay was applied");
    }

    @Test
    void faultSettingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ca.updateSettings(s -> s.faults.unavailable = -1));
        assertThrows(RuntimeException.class, () -> ca.updateSettings(s -> s.faults.match = "("));
        assertEquals(0, ca.settings().faults.unavailable, "a refused change is not saved");
        assertEquals("", ca.settings().faults.match);
    }
}
