package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.sandbox.RenewalRefusalTest.assertProblem;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The SMS challenge: right, wrong, used up, expired and resent codes. */
class SmsChallengeTest {

    @TempDir
    Path dir;
    SandboxCa ca;
    Holder holder;
    JsonNode renewal;

    @BeforeEach
    void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0).settings(s -> s.smsAttempts = 3));
        holder = Holder.ready(ca);
        renewal = holder.start().json();
        assertEquals("pending_challenge", renewal.path("status").asText());
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    private String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void aWrongCodeCountsDownAndTheRightOneStillPasses() throws Exception {
        String code = ca.lastSmsCode().orElseThrow();
        TestClient.Response wrong = holder.answer(renewal, wrong(code));
        assertProblem(wrong, 422, "challenge_failed", false);
        assertEquals(2, wrong.json().path("attemptsLeft").asInt());
        assertTrue(wrong.json().path("message_zh").asText().contains("2 次"), wrong.toString());
        JsonNode polled = holder.client.get("/v1/renewals/" + renewal.path("id").asText()).json();
        assertEquals(2, polled.path("challenges").path(0).path("attemptsLeft").asInt());

        TestClient.Response right = holder.answer(renewal, code);
        assertEquals(200, right.status(), right.toString());
        assertEquals("processing", right.json().path("status").asText());
        assertEquals("passed", right.json().path("challenges").path(0).path("status").asText());
        TestClient.Response again = holder.answer(renewal, code);
        assertEquals(200, again.status(), "a passed challenge answers its renewal again");
    }

    @Test
    void usedUpAttemptsKillTheCodeUntilANewOneIsSent() throws Exception {
        String code = ca.lastSmsCode().orElseThrow();
        holder.answer(renewal, wrong(code));
        holder.answer(renewal, wrong(code));
        TestClient.Response last = holder.answer(renewal, wrong(code));
        assertProblem(last, 422, "challenge_failed", false);
        assertEquals(0, last.json().path("attemptsLeft").asInt());
        assertTrue(last.json().path("message_zh").asText().contains("重新获取"), last.toString());
        assertProblem(holder.answer(renewal, code), 422, "challenge_expired", false);

        ca.updateSettings(s -> s.smsResendSeconds = 0);
        assertEquals(200, holder.resend(renewal).status());
        assertEquals(200, holder.answer(renewal, ca.lastSmsCode().orElseThrow()).status());
    }

    @Test
    void anExpiredCodeIsRefusedAndAResentOneWorks() throws Exception {
        String first = ca.lastSmsCode().orElseThrow();
        ca.expireSmsCodes();
        TestClient.Response expired = holder.answer(renewal, first);
        assertProblem(expired, 422, "challenge_expired", false);

        ca.updateSettings(s -> s.smsResendSeconds = 0);
        TestClient.Response resent = holder.resend(renewal);
        assertEquals(200, resent.status(), resent.toString());
        assertEquals(2, ca.outbox().size());
        String second = ca.lastSmsCode().orElseThrow();
        assertEquals(3, resent.json().path("challenges").path(0).path("attemptsLeft").asInt());
        if (!second.equals(first)) {
            assertProblem(holder.answer(renewal, first), 422, "challenge_failed", false);
        }
        assertEquals("processing", holder.answer(renewal, second).json().path("status").asText());
    }

    @Test
    void resendIsRateLimitedWithRetryAfter() throws Exception {
        TestClient.Response tooSoon = holder.resend(renewal);
        assertProblem(tooSoon, 429, "rate_limited", true);
        int retryAfter = Integer.parseInt(tooSoon.header("Retry-After"));
        assertTrue(retryAfter > 55 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(retryAfter, tooSoon.json().path("retryAfterSeconds").asInt());
        assertEquals(1, ca.outbox().size(), "no second SMS");

        ca.updateSettings(s -> s.smsResendSeconds = 0);
        TestClient.Response resent = holder.resend(renewal);
        assertEquals(200, resent.status());
        assertEquals(2, ca.outbox().size());
        assertEquals(ca.outbox().get(0).challengeId, ca.outbox().get(1).challengeId, "a new code, same challenge");
    }

    @Test
    void theChallengeIsAnsweredWithTheOldKeyOnly() throws Exception {
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        TestClient.Response byNewKey = holder.client.post(
                "/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                java.util.Map.of("renewalId", renewalId, "challengeId", challengeId,
                        "code", ca.lastSmsCode().orElseThrow()),
                holder.newKey.getPrivate(), Holder.withDaysLeft(ca, holder.newKey, 300).oldCertificate());
        assertProblem(byNewKey, 401, "bad_signature", false);
        assertProblem(holder.client.post("/v1/renewals/" + renewalId + "/challenges/sms-nope",
                java.util.Map.of("renewalId", renewalId, "challengeId", "sms-nope", "code", "1"),
                holder.oldKey.getPrivate(), holder.oldCertificate()), 404, "not_found", false);
    }
}
