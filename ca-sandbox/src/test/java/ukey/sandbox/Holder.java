package ukey.sandbox;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A certificate holder in the tests: a key pair, the certificate the sandbox issued for it, and the client calls of
 * a renewal, each signed as the contract says.
 */
final class Holder {

    static final String SUBJECT = "CN=张三,O=测试公司,C=CN";

    final SandboxCa ca;
    final TestClient client;
    final KeyPair oldKey;
    final CertRecord old;
    KeyPair newKey;
    X509Certificate newCertificate;

    private Holder(SandboxCa ca, KeyPair oldKey, CertRecord old) {
        this.ca = ca;
        this.client = new TestClient(ca);
        this.oldKey = oldKey;
        this.old = old;
    }

    /** A certificate of `days` validity that has `daysLeft` days to run. */
    static Holder withDaysLeft(SandboxCa ca, KeyPair key, int daysLeft) {
        int validity = 365;
        Instant notBefore = Instant.now().minus(Duration.ofDays(validity - daysLeft));
        return new Holder(ca, key, ca.issue(key.getPublic(), SUBJECT, notBefore, validity));
    }

    /** A certificate with 20 days left and an approved renewal order. */
    static Holder ready(SandboxCa ca) {
        Holder holder = withDaysLeft(ca, TestKeys.ec(), 20);
        holder.approveOrder(false);
        return holder;
    }

    Order approveOrder(boolean repair) {
        return ca.approveOrder(ca.createOrder(old.serial, repair).id);
    }

    X509Certificate oldCertificate() {
        return old.certificate();
    }

    Map<String, Object> renewalBody(String csr, String mode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certId", old.certId);
        body.put("csr", csr);
        body.put("mode", mode);
        if (TestKeys.isSm2(oldKey.getPrivate())) {
            body.put("keyAlgorithm", "SM2");
        }
        return body;
    }

    /** POST /v1/renewals with a new key (SM2 for an SM2 holder, else EC), signed by the old key. */
    TestClient.Response start() throws IOException {
        return start("renew");
    }

    TestClient.Response start(String mode) throws IOException {
        newKey = TestKeys.isSm2(oldKey.getPrivate()) ? TestKeys.sm2() : TestKeys.ec();
        return client.post("/v1/renewals", renewalBody(TestKeys.csr(newKey, SUBJECT), mode), oldKey.getPrivate(),
                oldCertificate());
    }

    TestClient.Response answer(JsonNode renewal, String code) throws IOException {
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        return client.post("/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                Map.of("renewalId", renewalId, "challengeId", challengeId, "code", code),
                oldKey.getPrivate(), oldCertificate());
    }

    TestClient.Response resend(JsonNode renewal) throws IOException {
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        return client.post("/v1/renewals/" + renewalId + "/challenges/" + challengeId + "/resend",
                Map.of("renewalId", renewalId, "challengeId", challengeId), oldKey.getPrivate(), oldCertificate());
    }

    /** Polls until the renewal leaves processing; returns the last answer. */
    TestClient.Response pollUntilDone(String renewalId) throws IOException {
        for (int i = 0; i < 20; i++) {
            TestClient.Response poll = client.get("/v1/renewals/" + renewalId);
            if (!poll.json().path("status").asText().equals("processing")) {
                return poll;
            }
        }
        throw new AssertionError("still processing after 20 polls");
    }

    /** Start, answer the SMS code when asked, poll: the renewal's issued answer. */
    JsonNode renewUntilIssued() throws IOException {
        JsonNode renewal = start().json();
        if (renewal.path("status").asText().equals("pending_challenge")) {
            renewal = answer(renewal, ca.lastSmsCode().orElseThrow()).json();
        }
        return pollUntilDone(renewal.path("id").asText()).json();
    }

    /** GET the certificate; keeps it when it parses. */
    JsonNode fetchCertificate(String renewalId) throws IOException {
        TestClient.Response response = client.get("/v1/renewals/" + renewalId + "/certificate");
        if (response.status() != 200) {
            throw new AssertionError("certificate: " + response);
        }
        JsonNode body = response.json();
        try {
            newCertificate = Pem.certificate(body.path("certificate").asText());
        } catch (RuntimeException garbage) {
            newCertificate = null;
        }
        return body;
    }

    TestClient.Response confirm(String renewalId, boolean accepted, KeyPair signer, X509Certificate signerCert)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("renewalId", renewalId);
        body.put("certificateSha256", Certs.sha256(newCertificate));
        body.put("accepted", accepted);
        body.put("reason", accepted ? null : "validation failed");
        return client.post("/v1/renewals/" + renewalId + "/confirm", body, signer.getPrivate(), signerCert);
    }

    JsonNode status() throws IOException {
        return client.get("/v1/certificates/" + old.certId).json();
    }
}
