package ukey.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/** The JDK's HTTP client over real TLS, trusting only a trust.pem, signing requests as the API asks. */
final class TestClient {

    record Response(int status, Map<String, List<String>> headers, String text) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String code() {
            return json().path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    private final URI base;
    private final HttpClient http;

    TestClient(URI base, String trustPem) {
        this.base = base;
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate certificate : Pem.certificates(trustPem)) {
                trust.setCertificateEntry("trust" + i++, certificate);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trustManagers.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    TestClient(SandboxCa ca) {
        this(ca.url(), ca.trustPem());
    }

    Response get(String path) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** Signed POST with a fresh Idempotency-Key. */
    Response post(String path, Object body, PrivateKey key, X509Certificate certificate) throws IOException {
        return post(path, Json.bytes(body), key, certificate, UUID.randomUUID().toString());
    }

    Response post(String path, byte[] body, PrivateKey key, X509Certificate certificate, String idempotencyKey)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("X-UKey-Signature", TestKeys.sign(body, key, certificate));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** A POST with a signature header made by the test (a fresh Idempotency-Key). */
    Response postWithSignature(String path, byte[] body, String signature) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header("X-UKey-Signature", signature)
                .header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private Response send(HttpRequest.Builder request) throws IOException {
        return send(request.timeout(Duration.ofSeconds(10)).build());
    }

    Response send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
