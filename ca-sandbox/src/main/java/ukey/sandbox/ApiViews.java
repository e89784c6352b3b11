package ukey.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The renewal API's answers as JSON objects: the directory, a certificate's status, an order, a renewal. */
final class ApiViews {

    static final int POLL_TIMEOUT_SECONDS = 600;

    private final CaKeys ca;
    private final CertifiedAlgorithms algorithms;
    private final Clock clock;
    private final URI base;

    ApiViews(CaKeys ca, CertifiedAlgorithms algorithms, Clock clock, URI base) {
        this.ca = ca;
        this.algorithms = algorithms;
        this.clock = clock;
        this.base = base;
    }

    // ---- GET /v1/directory, GET /v1/certificates/{certId}

    Map<String, Object> directory(Settings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "1");
        body.put("caName", "UKey 沙箱 CA (UKey Sandbox CA)");
        body.put("issuer", ca.issuing().getSubjectX500Principal().getName());
        body.put("algorithms", algorithms.names());
        if (algorithms.sm2()) {
            body.put("dualCertificates", true);
        }
        body.put("keyPolicy", settings.keyPolicy);
        body.put("renewalWindowDays", settings.windowDays);
        body.put("validityDays", settings.validityDays);
        body.put("challenges", settings.sms ? List.of("sms") : List.of());
        body.put("sealService", settings.sealService);
        body.put("polling", ordered("intervalSeconds", settings.retryAfterSeconds,
                "timeoutSeconds", POLL_TIMEOUT_SECONDS));
        body.put("signature", ordered("header", RequestSignature.HEADER, "format", "cms-detached",
                "digest", algorithms.sm2() ? "SM3" : "SHA-256"));
        body.put("portalUrl", base.resolve("/portal").toString());
        return body;
    }

    Map<String, Object> certificateStatus(State state, String certId) {
        CertRecord record = ApiChecks.known(state, certId);
        Instant now = clock.instant();
        Instant windowStart = record.notAfter.minus(Duration.ofDays(state.settings.windowDays));
        String status = ApiChecks.status(record, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certId", record.certId);
        body.put("serial", record.serial);
        body.put("subject", record.subject);
        body.put("notBefore", record.notBefore);
        body.put("notAfter", record.notAfter);
        body.put("status", status);
        body.put("supersededBy", record.supersededBy);
        body.put("mode", status.equals("expired") ? "repair" : "renew");
        body.put("window", ordered(
                "days", state.settings.windowDays,
                "start", windowStart,
                "end", record.notAfter,
                "open", status.equals("valid") && !now.isBefore(windowStart)));
        body.put("order", state.latestOrder(certId).map(ApiViews::order).orElse(null));
        body.put("orderUrl", base.resolve("/portal?certId=" + certId).toString());
        return body;
    }

    static Map<String, Object> order(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id);
        view.put("certId", order.certId);
        view.put("mode", order.mode);
        view.put("status", order.status);
        view.put("statusText", order.status.zh());
        view.put("renewalId", order.renewalId);
        view.put("createdAt", order.createdAt);
        view.put("updatedAt", order.updatedAt);
        return view;
    }

    /** A renewal as every renewal endpoint answers it; a processing one says when to poll again. */
    static ApiResponse renewal(State state, Renewal renewal, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", shown(state, renewal.id));
        body.put("certId", renewal.certId);
        body.put("mode", renewal.mode);
        body.put("status", renewal.status);
        body.put("sameKey", renewal.sameKey);
        body.put("order", order(state.orders.get(renewal.orderId)));
        List<Map<String, Object>> challenges = new ArrayList<>();
        if (renewal.challenge != null) {
            challenges.add(challenge(state, renewal.challenge));
        }
        body.put("challenges", challenges);
        if (renewal.newCertId != null) {
            CertRecord issued = state.certificates.get(renewal.newCertId);
            body.put("newCertId", issued.certId);
            body.put("notBefore", issued.notBefore);
            body.put("notAfter", issued.notAfter);
        }
        body.put("reason", renewal.reason);
        body.put("createdAt", renewal.createdAt);
        body.put("updatedAt", renewal.updatedAt);
        ApiResponse response = ApiResponse.json(status, body);
        if (renewal.status == RenewalStatus.PROCESSING) {
            body.put("retryAfterSeconds", state.settings.retryAfterSeconds);
            response = ApiResponse.json(status, body)
                    .header("Retry-After", Integer.toString(state.settings.retryAfterSeconds));
        }
        return response;
    }

    /** A challenge without its code. */
    private static Map<String, Object> challenge(State state, Challenge challenge) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", shown(state, challenge.id));
        view.put("type", challenge.type);
        view.put("status", challenge.status);
        view.put("phone", maskPhone(challenge.phone));
        view.put("expiresAt", challenge.expiresAt);
        view.put("attemptsLeft", challenge.attemptsLeft);
        view.put("resendAt", challenge.sentAt.plusSeconds(state.settings.smsResendSeconds));
        return view;
    }

    /** The id an answer shows: the real one, or the hostile one a test asked for (faults.hostileId). */
    static String shown(State state, String id) {
        String hostile = state.settings.faults.hostileId;
        return hostile == null || hostile.isEmpty() ? id : hostile;
    }

    static String maskPhone(String phone) {
        return phone == null || phone.length() < 7 ? phone
                : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    /** A JSON object with its fields in the order given. */
    static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
