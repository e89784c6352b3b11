package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged launcher, target/ca-sandbox, run as scripts run it: serve in the background, then issue, order, sms
 * and settings against the same directory while it serves. OpenSSL checks what it wrote.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("target", "ca-sandbox").toAbsolutePath();

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path dir;
    final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (Process server : servers) {
            server.destroy();
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    static Run run(Path workDir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new Run(process.exitValue(), out, err.get());
    }

    Run sandbox(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Starts `serve`, returns the URL it printed; its log goes to a file. */
    URI serve(Path stateDir, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "serve", "--dir", stateDir.toString()));
        command.addAll(List.of(options));
        Process server = new ProcessBuilder(command)
                .redirectError(dir.resolve("serve-" + servers.size() + ".log").toFile()).start();
        servers.add(server);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertTrue(line != null && line.matches("https://127\\.0\\.0\\.1:\\d+/"), "serve printed " + line);
        return URI.create(line);
    }

    @Test
    void serveOrderSmsAndSettingsWorkTogetherOnOneDirectory() throws Exception {
        Path state = dir.resolve("ca");
        URI url = serve(state, "--port", "0", "--window-days", "30", "--key-policy", "new", "--sms", "on");
        assertEquals(url + "\n", Files.readString(state.resolve("url")));
        Path trust = state.resolve("trust.pem");

        KeyPair key = TestKeys.ec();
        Path publicKey = Files.writeString(dir.resolve("key.pub.pem"), Pem.encode(key.getPublic()));
        String notBefore = Instant.now().minus(Duration.ofDays(345)).truncatedTo(ChronoUnit.SECONDS).toString();
        Run issued = sandbox("issue", "--dir", state.toString(), "--pubkey", publicKey.toString(),
                "--subject", "CN=张三,O=测试公司,C=CN", "--days", "365", "--not-before", notBefore,
                "--out", dir.resolve("cert.pem").toString());
        assertEquals(0, issued.exit(), issued.err());
        String serial = Json.MAPPER.readTree(issued.out()).path("serial").asText();

        Run verify = run(dir, "openssl", "verify", "-CAfile", trust.toString(), dir.resolve("cert.pem").toString());
        assertTrue(verify.out().contains(": OK"), verify.out() + verify.err());
        Run subject = run(dir, "openssl", "x509", "-in", "cert.pem", "-noout", "-serial", "-subject",
                "-nameopt", "utf8");
        assertTrue(subject.out().contains("CN=张三") || subject.out().contains("CN = 张三"), subject.out());
        assertTrue(subject.out().replace(":", "").toUpperCase().contains(serial), subject.out() + " vs " + serial);

        Run order = sandbox("order", "--dir", state.toString(), "--serial", serial.toLowerCase(), "--approve");
        assertEquals(0, order.exit(), order.err());
        assertEquals("approved", Json.MAPPER.readTree(order.out()).path("status").asText());

        TestClient client = new TestClient(url, Files.readString(trust));
        var certificate = Pem.certificate(Files.readString(dir.resolve("cert.pem")));
        String certId = Certs.certId(certificate);
        JsonNode status = client.get("/v1/certificates/" + certId).json();
        assertEquals("approved", status.path("order").path("status").asText(), status.toString());
        TestClient.Response started = client.post("/v1/renewals", Map.of("certId", certId,
                "csr", TestKeys.csr(TestKeys.ec(), "CN=张三,O=测试公司,C=CN"), "mode", "renew"),
                key.getPrivate(), certificate);
        assertEquals(201, started.status(), started.toString());

        Run sms = sandbox("sms", "--dir", state.toString());
        Run last = sandbox("sms", "--dir", state.toString(), "--last");
        String code = last.out().trim();
        assertTrue(code.matches("\\d{6}"), last.out() + last.err());
        assertTrue(sms.out().contains(code) && sms.out().contains("13800138000") && sms.out().contains("张三"),
                sms.out());

        JsonNode renewal = started.json();
        String renewalId = renewal.path("id").asText();
        String challengeId = renewal.path("challenges").path(0).path("id").asText();
        TestClient.Response answered = client.post("/v1/renewals/" + renewalId + "/challenges/" + challengeId,
                Map.of("renewalId", renewalId, "challengeId", challengeId, "code", code),
                key.getPrivate(), certificate);
        assertEquals("processing", answered.json().path("status").asText(), answered.toString());

        Run faults = sandbox("settings", "--dir", state.toString(), "faults.unavailable=1", "retryAfterSeconds=0");
        assertEquals(0, faults.exit(), faults.err());
        assertEquals(1, Json.MAPPER.readTree(faults.out()).path("faults").path("unavailable").asInt());
        assertEquals(503, client.get("/v1/renewals/" + renewalId).status());
        assertEquals(200, client.get("/v1/renewals/" + renewalId).status());

        Run typo = sandbox("order", "--dir", state.toString(), "--serial", serial, "--aprove");
        assertEquals(64, typo.exit());
        assertTrue(typo.err().contains("--aprove"), typo.err());
        Run unknownSerial = sandbox("order", "--dir", state.toString(), "--serial", "ABCDEF", "--approve");
        assertEquals(1, unknownSerial.exit());
        assertTrue(unknownSerial.err().contains("no certificate with serial"), unknownSerial.err());
        assertTrue(Files.readString(dir.resolve("serve-0.log")).contains("POST /v1/renewals -> 201"));
    }

    @Test
    void serveStartsFromAnOpensslMadeCaAndIssuesForAnOpensslCsr() throws Exception {
        assertEquals(0, run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "it-ca.key", "-out", "it-ca.pem", "-days", "30", "-subj", "/CN=IT Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign").exit());
        assertEquals(0, run(dir, "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "user.key",
                "-out", "user.csr", "-subj", "/CN=Li Si/O=IT").exit());
        Path state = dir.resolve("it");
        serve(state, "--ca-cert", dir.resolve("it-ca.pem").toString(), "--ca-key", dir.resolve("it-ca.key").toString(),
                "--sms", "off");
        Run issued = sandbox("issue", "--dir", state.toString(), "--csr", dir.resolve("user.csr").toString(),
                "--days", "20", "--out", dir.resolve("user.pem").toString());
        assertEquals(0, issued.exit(), issued.err());
        assertEquals("CN=Li Si,O=IT", Json.MAPPER.readTree(issued.out()).path("subject").asText());
        Run verify = run(dir, "openssl", "verify", "-CAfile", "it-ca.pem", "user.pem");
        assertTrue(verify.out().contains(": OK"), verify.out() + verify.err());
        assertTrue(Files.readString(state.resolve("trust.pem")).contains(
                Files.readString(dir.resolve("it-ca.pem")).strip()));
    }
}
