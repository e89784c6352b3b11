package ukey.app.renewal.api;

import static ukey.app.renewal.api.ApiMessages.certId;
import static ukey.app.renewal.api.ApiMessages.csr;
import static ukey.app.renewal.api.ApiMessages.derivedKey;
import static ukey.app.renewal.api.ApiMessages.instant;
import static ukey.app.renewal.api.ApiMessages.progress;
import static ukey.app.renewal.api.ApiMessages.required;
import static ukey.app.renewal.api.ApiMessages.sha256;
import static ukey.app.renewal.api.ApiMessages.sign;
import static ukey.app.renewal.api.ApiMessages.text;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import ukey.app.net.HttpClients;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.ConnectorState;
import ukey.app.renewal.RenewalOffer;
import ukey.app.renewal.RenewalRequest;

/**
 * The CA renewal API over HTTPS with JSON (docs/renewal-api.md). TLS trusts the configured roots only.
 * State-changing requests carry a detached CMS signature of their exact body, made on the token; each has an
 * Idempotency-Key derived from the journal's, so a resend after any failure is the same request.
 */
public final class ApiConnector implements CaConnector {

    static final String SIGNATURE_HEADER = "X-UKey-Signature";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String RENEWAL_ID = "api.renewalId";
    private static final String SUBMIT_BODY = "api.submitBody";
    private static final String RESENDS = "api.resends";

    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUrl    the CA's API root, e.g. https://127.0.0.1:8443/
     * @param tlsRoots   the only certificates trusted for the CA's TLS server
     */
    public ApiConnector(URI baseUrl, List<X509CertificateHolder> tlsRoots, Duration timeout) {
        HttpUrl url = HttpUrl.get(baseUrl.toString());
        if (!url.isHttps()) {
            throw new IllegalArgumentException("the CA endpoint must be https: " + baseUrl);
        }
        if (tlsRoots.isEmpty()) {
            throw new IllegalArgumentException("no CA trust roots configured");
        }
        this.base = url;
        this.http = HttpClients.forCa(tlsRoots, timeout);
    }

    /** Lets go of the pooled connections and the client's threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** A cheap look at the CA (环境检测): its directory, over TLS that trusts the configured roots only. */
    public void checkReachable() throws CaException {
        get("v1/directory");
    }

    // --- CaConnector ---

    @Override
    public RenewalOffer offer(X509CertificateHolder current) throws CaException {
        JsonNode directory = get("v1/directory");
        JsonNode status = get("v1/certificates/" + certId(current));
        List<String> algorithms = new ArrayList<>();
        directory.path("algorithms").forEach(a -> algorithms.add(a.asText()));
        boolean sameKeyAllowed = directory.path("keyPolicy").asText().equals("same-allowed");
        boolean sealService = directory.path("sealService").asBoolean(false);
        Optional<String> portal = text(status, "orderUrl").or(() -> text(directory, "portalUrl"));
        JsonNode window = status.path("window");
        JsonNode order = status.path("order");
        String certificateStatus = status.path("status").asText();
        boolean repair = status.path("mode").asText().equals("repair");
        Optional<String> orderStatus = order.isObject() ? text(order, "status") : Optional.empty();

        Optional<CaException> refusal = Optional.empty();
        switch (certificateStatus) {
            case "revoked" -> refusal = Optional.of(CaException.refusal("cert_revoked", Map.of()));
            case "superseded" -> refusal = Optional.of(CaException.refusal("cert_superseded", Map.of()));
            case "valid" -> {
                if (!window.path("open").asBoolean(false)) {
                    refusal = Optional.of(CaException.refusal("renewal_window_not_open", Map.of(
                            "windowStart", window.path("start").asText(), "windowDays", window.path("days").asText())));
                }
            }
            case "expired" -> {
                // expired: only a repair (修复) on an approved repair order
            }
            default -> refusal = Optional.of(CaException.refusal("cert_not_renewable",
                    Map.of("status", certificateStatus)));
        }
        String wantedMode = repair ? "repair" : "renew";
        boolean approved = order.isObject() && order.path("mode").asText().equals(wantedMode)
                && (orderStatus.orElse("").equals("approved") || orderStatus.orElse("").equals("issuing"));
        if (refusal.isEmpty() && !approved) {
            refusal = Optional.of(CaException.refusal("no_approved_order", Map.of(
                    "orderStatus", orderStatus.orElse("none"), "mode", wantedMode,
                    "portal", portal.orElse(""))));
        }
        return new RenewalOffer(refusal, instant(window, "start"), instant(window, "end"), orderStatus, repair,
                sameKeyAllowed, algorithms, sealService, portal);
    }

    @Override
    public CaProgress submit(RenewalRequest request, ConnectorState state) throws CaException {
        if (state.get(RENEWAL_ID).isPresent()) {
            return poll(request, state); // sent before, and the CA's answer reached the journal
        }
        String body = state.get(SUBMIT_BODY).orElse(null);
        if (body == null) {
            ObjectNode node = json.createObjectNode();
            node.put("certId", certId(request.current()));
            node.put("csr", csr(request));
            node.put("mode", request.repair() ? "repair" : "renew");
            body = node.toString();
            state.put(SUBMIT_BODY, body);
            state.save(); // a resend must be byte for byte the same request
        }
        JsonNode renewal = post("v1/renewals", body, request.idempotencyKey(), request.currentKey(),
                request.current());
        state.put(RENEWAL_ID, ApiMessages.id(renewal, "id"));
        state.save();
        return progress(renewal);
    }

    @Override
    public CaProgress poll(RenewalRequest request, ConnectorState state) throws CaException {
        return progress(get("v1/renewals/" + renewalId(state)));
    }

    @Override
    public CaProgress answerChallenge(RenewalRequest request, ConnectorState state, String challengeId, String code)
            throws CaException {
        String id = renewalId(state);
        ObjectNode body = json.createObjectNode().put("renewalId", id).put("challengeId", challengeId)
                .put("code", code);
        return progress(post("v1/renewals/" + id + "/challenges/" + challengeId, body.toString(),
                derivedKey(request, "answer/" + challengeId + "/" + code), request.currentKey(), request.current()));
    }

    @Override
    public CaProgress resendChallenge(RenewalRequest request, ConnectorState state, String challengeId)
            throws CaException {
        String id = renewalId(state);
        int resends = Integer.parseInt(state.get(RESENDS).orElse("0")) + 1;
        state.put(RESENDS, Integer.toString(resends));
        state.save();
        ObjectNode body = json.createObjectNode().put("renewalId", id).put("challengeId", challengeId);
        return progress(post("v1/renewals/" + id + "/challenges/" + challengeId + "/resend", body.toString(),
                derivedKey(request, "resend/" + challengeId + "/" + resends), request.currentKey(),
                request.current()));
    }

    @Override
    public IssuedCertificate certificate(RenewalRequest request, ConnectorState state) throws CaException {
        JsonNode answer = get("v1/renewals/" + renewalId(state) + "/certificate");
        X509CertificateHolder certificate = Pem.certificate(required(answer, "certificate"));
        List<X509CertificateHolder> chain = new ArrayList<>();
        for (JsonNode pem : answer.path("chain")) {
            chain.add(Pem.certificate(pem.asText()));
        }
        return new IssuedCertificate(certificate, chain);
    }

    @Override
    public void confirm(RenewalRequest request, ConnectorState state, X509CertificateHolder issued, boolean accepted,
                        String reason) throws CaException {
        String id = renewalId(state);
        ObjectNode body = json.createObjectNode().put("renewalId", id).put("certificateSha256", sha256(issued))
                .put("accepted", accepted);
        if (reason != null) {
            body.put("reason", reason);
        }
        // accepting proves the new key works; a refused certificate may not be for our key at all
        post("v1/renewals/" + id + "/confirm", body.toString(), derivedKey(request, "confirm/" + accepted),
                accepted ? request.newKey() : request.currentKey(), accepted ? issued : request.current());
    }

    /**
     * POST /v1/renewals/{id}/abandon, signed by the current key. When the request was sent but its answer never
     * reached the journal, it is sent again first (same Idempotency-Key: the stored answer) to learn the id.
     */
    @Override
    public boolean abandon(RenewalRequest request, ConnectorState state) throws CaException {
        if (state.get(RENEWAL_ID).isEmpty()) {
            if (state.get(SUBMIT_BODY).isEmpty()) {
                return false; // nothing reached the CA
            }
            submit(request, state);
        }
        String id = renewalId(state);
        ObjectNode body = json.createObjectNode().put("renewalId", id).put("reason", "abandoned by the holder");
        post("v1/renewals/" + id + "/abandon", body.toString(), derivedKey(request, "abandon"),
                request.currentKey(), request.current());
        return true;
    }

    @Override
    public List<String> extendSeals(RenewalRequest request, ConnectorState state, X509CertificateHolder issued)
            throws CaException {
        JsonNode seals = get("v1/seals?certId=" + certId(request.current()));
        List<String> extended = new ArrayList<>();
        for (JsonNode seal : seals.path("seals")) {
            String sealId = ApiMessages.id(seal, "id");
            ObjectNode body = json.createObjectNode().put("sealId", sealId).put("certId", certId(issued));
            JsonNode answer = post("v1/seals/" + sealId + "/extend", body.toString(),
                    derivedKey(request, "seal/" + sealId), request.newKey(), issued);
            extended.add(answer.path("name").asText(sealId));
        }
        return extended;
    }

    @Override
    public List<Seal> seals(X509CertificateHolder certificate) throws CaException {
        JsonNode answer;
        try {
            answer = get("v1/seals?certId=" + certId(certificate));
        } catch (CaException e) {
            if (e.code().equals("seal_service_disabled")) {
                return List.of();
            }
            throw e;
        }
        List<Seal> seals = new ArrayList<>();
        for (JsonNode seal : answer.path("seals")) {
            Optional<Instant> notAfter = instant(seal, "notAfter");
            if (notAfter.isPresent()) {
                seals.add(new Seal(seal.path("name").asText(""), notAfter.get()));
            }
        }
        return seals;
    }

    private static String renewalId(ConnectorState state) throws CaException {
        return state.get(RENEWAL_ID).orElseThrow(() -> new CaException("invalid_state", "no renewal was started"));
    }

    // --- HTTP ---

    private JsonNode get(String path) throws CaException {
        return call(new Request.Builder().url(url(path)).get().build());
    }

    private JsonNode post(String path, String body, String idempotencyKey, ContentSigner signer,
                          X509CertificateHolder certificate) throws CaException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return call(new Request.Builder().url(url(path))
                .header("Idempotency-Key", idempotencyKey)
                .header(SIGNATURE_HEADER, sign(bytes, signer, certificate))
                .post(RequestBody.create(bytes, JSON)).build());
    }

    private HttpUrl url(String path) {
        return base.resolve(path);
    }

    private JsonNode call(Request request) throws CaException {
        try (Response response = http.newCall(request).execute()) {
            byte[] body = HttpClients.body(response, HttpClients.MAX_ANSWER_BYTES);
            if (response.isSuccessful()) {
                return parse(body);
            }
            throw problem(response, body);
        } catch (HttpClients.AnswerTooLarge e) {
            throw CaException.badResponse(e.getMessage(), e); // not a network failure: resending gets the same
        } catch (SSLException e) {
            throw new CaException("untrusted_tls", false, null, null,
                    "the CA's TLS certificate is not trusted by the configured roots: " + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw CaException.network("the CA did not answer in time", e);
        } catch (IOException e) {
            throw CaException.network("the connection to the CA failed: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(byte[] body) throws CaException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw CaException.badResponse("the CA's answer is not a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw CaException.badResponse("the CA's answer is not JSON", e);
        }
    }

    /** An RFC 9457 problem, or whatever else an HTTP error brought. */
    private CaException problem(Response response, byte[] body) {
        Duration retryAfter = retryAfter(response.header("Retry-After"));
        JsonNode problem;
        try {
            problem = json.readTree(body);
        } catch (IOException notJson) {
            problem = null; // fall through to the status
        }
        int status = response.code();
        boolean retryableStatus = status == 429 || status >= 500;
        if (problem == null || !problem.isObject() || !problem.hasNonNull("code")) {
            return new CaException(retryableStatus ? "unavailable" : "http_" + status, retryableStatus, retryAfter,
                    null, "HTTP " + status, null);
        }
        JsonNode document = problem;
        return new CaException(document.path("code").asText(), document.path("retryable").asBoolean(retryableStatus),
                retryAfter, text(document, "message_zh").orElse(null),
                text(document, "message_en").or(() -> text(document, "detail")).orElse(null), null);
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to our own back-off
        }
    }
}
