package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ukey.token.testing.TestCertificates.StringType.BMP;
import static ukey.token.testing.TestCertificates.name;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.testing.TestCertificates;

/**
 * OpenSSL (on every machine of this project) is a second, independent reader and writer of SM2 certificates:
 * what it reads from ours and what we read from its must agree.
 */
class OpenSslAgreementTest {

    @TempDir
    Path dir;

    @Test
    void openSslReadsOurSm2CertificateAsWeDo() throws Exception {
        var issued = TestCertificates.builder().keyType(TestCertificates.KeyType.SM2)
                .subject(name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三")).build();
        Path file = dir.resolve("ours.der");
        Files.write(file, issued.der());
        CertificateInfo info = issued.info();

        Map<String, String> openssl = x509Fields(file);
        assertEquals(info.serialHex(), openssl.get("serial").toLowerCase(Locale.ROOT));
        assertEquals(info.sha256(), openssl.get("sha256 Fingerprint").replace(":", "").toLowerCase(Locale.ROOT));
        assertEquals(info.subject(), openssl.get("subject"));
        assertEquals(opensslTime(info.notAfter()), openssl.get("notAfter"));
    }

    @Test
    void weReadOpenSslsSm2CertificateAsItDoes() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("theirs.der");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", key.toString());
        run("openssl", "req", "-x509", "-key", key.toString(), "-sm3", "-utf8", "-days", "30",
                "-subj", "/C=CN/O=示例招标代理有限公司/CN=张三", "-outform", "DER", "-out", cert.toString());
        CertificateInfo info = CertificateInfo.parse(Files.readAllBytes(cert));

        assertEquals("SM2", info.keyAlgorithm());
        assertEquals("SM3withSM2", info.signatureAlgorithm());
        assertEquals("张三", info.owner());
        Map<String, String> openssl = x509Fields(cert);
        assertEquals(openssl.get("subject"), info.subject());
        assertEquals(openssl.get("serial").toLowerCase(Locale.ROOT), info.serialHex());
        assertEquals(openssl.get("sha256 Fingerprint").replace(":", "").toLowerCase(Locale.ROOT), info.sha256());
        assertEquals(openssl.get("notAfter"), opensslTime(info.notAfter()));
        assertEquals(30, info.daysLeft(info.notBefore()));
    }

    /** serial, sha256 Fingerprint, notAfter and subject (RFC 2253 order, UTF-8, ", " between parts). */
    private Map<String, String> x509Fields(Path der) throws IOException, InterruptedException {
        String out = run("openssl", "x509", "-inform", "DER", "-in", der.toString(), "-noout", "-serial",
                "-fingerprint", "-sha256", "-enddate", "-subject", "-nameopt", "RFC2253,-esc_msb,sep_comma_plus_space");
        Map<String, String> fields = new HashMap<>();
        for (String line : out.split("\n")) {
            int equals = line.indexOf('=');
            fields.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return fields;
    }

    private static String opensslTime(java.time.Instant instant) {
        return DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(instant);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output.strip();
    }
}
