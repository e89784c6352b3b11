package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenSSL 3 as the second tool: it verifies what the SM2 sandbox issues (with -vfyopt distid:1234567812345678, the
 * flag OpenSSL 3.0 needs for GM signatures), and the sandbox takes an SM2 CA that OpenSSL made, and certificates that
 * OpenSSL issued with that CA's key (order --cert).
 */
class Sm2OpenSslTest {

    static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    @Test
    void openSslVerifiesTheRenewedSigningAndEncryptionCertificates() throws Exception {
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir.resolve("ca"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2).retryAfterSeconds(0))) {
            Holder holder = Holder.withDaysLeft(ca, TestKeys.sm2(), 20);
            holder.approveOrder(false);
            JsonNode renewal = holder.renewUntilIssued();
            JsonNode answer = holder.fetchCertificate(renewal.path("id").asText());
            var response = ukey.cert.gm.CsrResponse.fromBase64(answer.path("csrResponse").asText());
            Path root = write("root.pem", answer.path("chain").get(1).asText());
            Path issuing = write("issuing.pem", answer.path("chain").get(0).asText());
            Path signing = write("signing.pem", answer.path("certificate").asText());
            Path encryption = write("encryption.pem", Pem.encode(Pem.toX509(
                    response.encryptCertificateForEnvelope().orElseThrow())));

            // OpenSSL 3.0 applies -vfyopt to the certificate being verified only, not to the CAs above it: a chain
            // is verified link by link, each issuer the trust anchor (-partial_chain) of the one below it
            assertEquals(issuing + ": OK", openssl("verify", "-CAfile", root.toString(), "-vfyopt", DISTID,
                    issuing.toString()));
            for (Path leaf : List.of(signing, encryption)) {
                assertEquals(leaf + ": OK", openssl("verify", "-partial_chain", "-CAfile", issuing.toString(),
                        "-vfyopt", DISTID, leaf.toString()));
                assertThrows(IOException.class, () -> openssl("verify", "-partial_chain", "-CAfile",
                        issuing.toString(), leaf.toString()), "OpenSSL 3.0 without the ID uses an empty one");
            }
        }
    }

    @Test
    void servesWithAnOpenSslMadeSm2CaAndRegistersItsCertificates() throws Exception {
        Path root = openSslRoot("GM Root", true);
        Path issuing = openSslIssuing(root, true);
        Path chain = write("chain.pem", Files.readString(issuing.resolveSibling("issuing.pem"))
                + Files.readString(root));
        Path outside = openSslLeaf(issuing, "outside");

        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir.resolve("ca"))
                .caFrom(chain, issuing.resolveSibling("issuing.key")).retryAfterSeconds(0).sms(false))) {
            CertRecord registered = ca.register(Pem.certificate(Files.readString(outside)));
            assertEquals("C=CN,O=测试公司,CN=outside", registered.subject);
            CertRecord first = ca.issue(TestKeys.sm2().getPublic(), "CN=张三,O=测试公司,C=CN",
                    Instant.now().minus(Duration.ofDays(1)), 365);
            Path issued = write("issued.pem", first.pem);

            assertEquals(issued + ": OK", openssl("verify", "-partial_chain", "-CAfile",
                    issuing.resolveSibling("issuing.pem").toString(), "-vfyopt", DISTID, issued.toString()));
            assertEquals("[\"SM2\"]", new TestClient(ca).get("/v1/directory").json().path("algorithms").toString());
        }
    }

    @Test
    void refusesAnOpenSslCaSignedWithTheEmptyIdAndCertificatesSignedSo() throws Exception {
        Path root = openSslRoot("Empty-ID Root", true);
        Path issuing = openSslIssuing(root, false);
        Path chain = write("chain.pem", Files.readString(issuing.resolveSibling("issuing.pem"))
                + Files.readString(root));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SandboxCa.start(
                SandboxSettings.in(dir.resolve("bad")).caFrom(chain, issuing.resolveSibling("issuing.key"))));
        assertTrue(refused.getMessage().contains("-sigopt distid:1234567812345678"), refused.getMessage());

        Path good = openSslIssuing(root, true);
        Path goodChain = write("good-chain.pem", Files.readString(good.resolveSibling("issuing.pem")));
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir.resolve("ca"))
                .caFrom(goodChain, good.resolveSibling("issuing.key")))) {
            Path emptyIdLeaf = openSslLeaf(good, "empty", false);
            IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
                    () -> ca.register(Pem.certificate(Files.readString(emptyIdLeaf))));
            assertTrue(notOurs.getMessage().contains("not issued by this CA"), notOurs.getMessage());
        }
    }

    /** openssl genpkey -algorithm SM2; a self-signed CA, signed with the default ID when withId. */
    private Path openSslRoot(String name, boolean withId) throws Exception {
        Path key = dir.resolve("root.key");
        Path cert = dir.resolve("root.pem");
        openssl("genpkey", "-algorithm", "SM2", "-out", key.toString());
        List<String> command = new ArrayList<>(List.of("req", "-x509", "-key", key.toString(), "-sm3", "-days", "3650",
                "-subj", "/C=CN/O=UKey Test/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", cert.toString()));
        if (withId) {
            command.addAll(List.of("-sigopt", DISTID));
        }
        openssl(command.toArray(String[]::new));
        return cert;
    }

    /** An issuing CA under root; returns the directory's issuing.csr path (issuing.pem and issuing.key beside). */
    private Path openSslIssuing(Path root, boolean withId) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(withId ? "issuing-id" : "issuing-empty"));
        Path key = sub.resolve("issuing.key");
        Path csr = sub.resolve("issuing.csr");
        Path ext = write(sub.getFileName() + ".ext", "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                + "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
                + "authorityKeyIdentifier=keyid\n");
        openssl("genpkey", "-algorithm", "SM2", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-sm3", "-subj", "/C=CN/O=UKey Test/CN=GM Issuing CA",
                "-sigopt", DISTID, "-out", csr.toString());
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", root.toString(),
                "-CAkey", root.resolveSibling("root.key").toString(), "-sm3", "-days", "1825", "-vfyopt", DISTID,
                "-extfile", ext.toString(), "-out", sub.resolve("issuing.pem").toString()));
        if (withId) {
            sign.addAll(List.of("-sigopt", DISTID));
        }
        openssl(sign.toArray(String[]::new));
        return csr;
    }

    private Path openSslLeaf(Path issuingCsr, String name) throws Exception {
        return openSslLeaf(issuingCsr, name, true);
    }

    /** An end-entity certificate that the issuing CA's key signs outside the sandbox. */
    private Path openSslLeaf(Path issuingCsr, String name, boolean withId) throws Exception {
        Path sub = issuingCsr.getParent();
        Path key = sub.resolve(name + ".key");
        Path csr = sub.resolve(name + ".csr");
        Path cert = sub.resolve(name + ".pem");
        Path ext = write(name + ".ext", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,"
                + "nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        openssl("genpkey", "-algorithm", "SM2", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-sm3", "-utf8", "-subj", "/C=CN/O=测试公司/CN=" + name,
                "-sigopt", DISTID, "-out", csr.toString());
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA",
                sub.resolve("issuing.pem").toString(), "-CAkey", sub.resolve("issuing.key").toString(), "-sm3",
                "-days", "365", "-vfyopt", DISTID, "-extfile", ext.toString(), "-out", cert.toString()));
        if (withId) {
            sign.addAll(List.of("-sigopt", DISTID));
        }
        openssl(sign.toArray(String[]::new));
        return cert;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static String openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output.strip();
    }
}
