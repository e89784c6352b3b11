package ukey.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A renewal's SMS challenge: the code is "sent" to the outbox, answered (a wrong code uses an attempt, and that
 * change is kept: it is returned, not thrown) or sent again after the resend pause.
 */
final class Challenges {

    private final Issuance issuance;
    private final Clock clock;

    Challenges(Issuance issuance, Clock clock) {
        this.issuance = issuance;
        this.clock = clock;
    }

    /** Puts a new renewal under a challenge and sends its first code. */
    void open(State state, Renewal renewal, Order order, CertRecord old) {
        renewal.status = RenewalStatus.PENDING_CHALLENGE;
        Challenge challenge = new Challenge();
        challenge.id = "sms-" + RandomIds.hex(4);
        challenge.phone = order.phone;
        renewal.challenge = challenge;
        sendCode(state, renewal, old);
    }

    ApiResponse answer(State state, ApiRequest request, String renewalId, String challengeId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        request.requireEcho(body, "challengeId", challengeId);
        String code = ApiRequest.text(body, "code");
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        ApiChecks.requireSigner(RequestSignature.verify(request.signature(), request.body()),
                state.certificates.get(renewal.certId), "the renewed certificate");
        Challenge challenge = ApiChecks.challenge(renewal, challengeId);
        if (challenge.status.equals("passed")) {
            return ApiViews.renewal(state, renewal, 200);
        }
        ApiChecks.requireStatus(renewal, RenewalStatus.PENDING_CHALLENGE);
        Instant now = clock.instant();
        if (!now.isBefore(challenge.expiresAt) || challenge.attemptsLeft <= 0) {
            throw Problem.of(ProblemCode.CHALLENGE_EXPIRED, challenge.attemptsLeft <= 0
                    ? "no attempts left for this code; ask for a new one (resend)"
                    : "the code expired at " + challenge.expiresAt + "; ask for a new one (resend)");
        }
        if (!code.equals(challenge.code)) {
            return wrongCode(request, renewal, challenge, now);
        }
        challenge.status = "passed";
        issuance.start(state, renewal, state.orders.get(renewal.orderId));
        return ApiViews.renewal(state, renewal, 200);
    }

    private static ApiResponse wrongCode(ApiRequest request, Renewal renewal, Challenge challenge, Instant now) {
        challenge.attemptsLeft--;
        renewal.updatedAt = now;
        Problem problem = Problem.of(ProblemCode.CHALLENGE_FAILED, "wrong code; "
                + challenge.attemptsLeft + " attempts left").with("attemptsLeft", challenge.attemptsLeft);
        if (challenge.attemptsLeft == 0) {
            problem.message("短信验证码不正确，错误次数已达上限。请重新获取验证码后输入。",
                    "The SMS code is wrong and no attempts are left. Ask for a new code and enter it.");
        }
        return problem.response(request.path());
    }

    ApiResponse resend(State state, ApiRequest request, String renewalId, String challengeId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        request.requireEcho(body, "challengeId", challengeId);
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        CertRecord old = state.certificates.get(renewal.certId);
        ApiChecks.requireSigner(RequestSignature.verify(request.signature(), request.body()), old,
                "the renewed certificate");
        Challenge challenge = ApiChecks.challenge(renewal, challengeId);
        ApiChecks.requireStatus(renewal, RenewalStatus.PENDING_CHALLENGE);
        long wait = Duration.between(clock.instant(), challenge.sentAt.plusSeconds(state.settings.smsResendSeconds))
                .toMillis();
        if (wait > 0) {
            int seconds = (int) ((wait + 999) / 1000);
            throw Problem.of(ProblemCode.RATE_LIMITED, "a new code can be sent in " + seconds + " s")
                    .retryAfter(seconds);
        }
        sendCode(state, renewal, old);
        return ApiViews.renewal(state, renewal, 200);
    }

    private void sendCode(State state, Renewal renewal, CertRecord certificate) {
        Challenge challenge = renewal.challenge;
        Instant now = clock.instant();
        int ttl = state.settings.smsCodeTtlSeconds;
        challenge.code = RandomIds.smsCode();
        challenge.sentAt = now;
        challenge.expiresAt = now.plusSeconds(ttl);
        challenge.attemptsLeft = state.settings.smsAttempts;
        renewal.updatedAt = now;
        SmsMessage message = new SmsMessage();
        message.sentAt = now;
        message.phone = challenge.phone;
        message.code = challenge.code;
        message.renewalId = renewal.id;
        message.challengeId = challenge.id;
        message.certId = renewal.certId;
        message.text = "【UKey 沙箱 CA】您正在" + ("repair".equals(renewal.mode) ? "修复" : "更新") + "证书（"
                + Certs.commonName(certificate.subject) + "），验证码 " + challenge.code + "，"
                + Math.max(1, ttl / 60) + " 分钟内有效。请勿告诉他人。";
        state.outbox.add(message);
    }

    /** Makes every pending SMS code expire now (an admin action for tests). */
    void expireCodes(State state) {
        Instant now = clock.instant();
        state.renewals.values().stream()
                .filter(r -> r.status == RenewalStatus.PENDING_CHALLENGE && r.challenge != null)
                .forEach(r -> r.challenge.expiresAt = now);
    }
}
