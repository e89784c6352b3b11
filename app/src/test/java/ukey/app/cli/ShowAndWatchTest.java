package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.BMP;
import static ukey.token.testing.TestCertificates.name;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ukey.cert.CertificateInfo;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.Validity;

/** {@code ukey show} and {@code ukey watch} on simulated tokens. */
class ShowAndWatchTest {

    private static final String LIBRARY = "/opt/sim/libukey-sim.so";
    private static final byte[] GARBAGE = "not a certificate".getBytes(StandardCharsets.US_ASCII);

    private static Issued certificate;
    private static String sha256;

    @TempDir
    Path configDir;

    private CliHarness cli;
    private SimulatedProvider provider;
    private SimulatedToken token;

    @BeforeAll
    static void certificates() {
        certificate = TestCertificates.builder().keyType(KeyType.SM2)
                .subject(name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=李四"))
                .validity(Validity.days(CliHarness.NOW.minus(Duration.ofDays(1)), 365))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build();
        sha256 = certificate.info().sha256();
    }

    @BeforeEach
    void setUp() {
        cli = new CliHarness(configDir);
        provider = cli.simulated(LIBRARY);
        token = new SimulatedToken("李四", "SIM0002", "123456", "87654321")
                .certificate(new byte[] {(byte) 0xAB, 0x01}, "签名证书", certificate.der(), true)
                .certificate(new byte[] {5}, "坏证书", GARBAGE, false);
        provider.insert(token);
    }

    @Test
    void showFindsACertificateByFingerprintPrefixOrId() {
        CliHarness.Result byPrefix = cli.run("show", sha256.substring(0, 8).toUpperCase(), "--module", LIBRARY);
        assertEquals(ExitCodes.OK, byPrefix.exit(), byPrefix.toString());
        String out = byPrefix.out();
        assertEquals("李四 (SIM0002)", row(out, "所在 UKey"));
        assertEquals("李四", row(out, "所有者"));
        assertEquals("CN=李四, O=示例招标代理有限公司, C=CN", row(out, "主题"));
        assertEquals("2026-02-28 12:00:00", row(out, "生效时间"), "local time of the clock's zone");
        assertEquals("有效，剩余 364 天", row(out, "状态"));
        assertEquals("SM2", row(out, "密钥算法"));
        assertEquals("SM3withSM2", row(out, "签名算法"));
        assertEquals("digitalSignature, nonRepudiation", row(out, "密钥用法"));
        assertEquals("—", row(out, "扩展密钥用法"));
        assertEquals("在这把 UKey 上", row(out, "私钥"));
        assertEquals(sha256, row(out, "SHA-256 指纹"));
        // the values start at the same terminal column, whatever the width of the Chinese labels
        assertEquals(1, out.lines().map(ShowAndWatchTest::valueColumn).distinct().count(), out);

        CliHarness.Result byId = cli.run("show", "AB:01", "--module", LIBRARY);
        assertEquals(byPrefix.out(), byId.out());
    }

    /** The terminal column where the value of a row of {@code show}'s output starts. */
    private static int valueColumn(String line) {
        Matcher m = Pattern.compile("^(.*?  +)\\S").matcher(line);
        return m.find() ? TextTable.width(m.group(1)) : -1;
    }

    /** The value in the row of {@code show}'s output that starts with this label. */
    private static String row(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label + " ")).findFirst()
                .map(l -> l.substring(label.length()).strip()).orElse("(no row " + label + ")");
    }

    @Test
    void showPemGivesTheCertificateBack() throws Exception {
        CliHarness.Result pem = cli.run("show", "ab01", "--pem", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, pem.exit(), pem.toString());
        assertEquals(certificate.pem().replace("\r\n", "\n").strip(), pem.out().strip());
        assertArrayEquals(certificate.der(),
                CertificateInfo.parsePemOrDer(pem.out().getBytes(StandardCharsets.US_ASCII)).encoded());
    }

    @Test
    void showJsonIsTheListEntryWithDetails() throws Exception {
        CliHarness.Result json = cli.run("show", "ab01", "--json", "--module", LIBRARY);
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertEquals(List.of("id", "label", "owner", "subject", "issuer", "serial", "notBefore", "notAfter", "status",
                "daysLeft", "keyAlgorithm", "hasPrivateKey", "sha256", "backend", "container", "usage", "tokenSerial",
                "tokenLabel", "signatureAlgorithm", "sha1", "keyUsage", "extendedKeyUsage"),
                ListCommandTest.fieldNames(node));
        assertEquals("ab01", node.get("id").asText());
        assertEquals("SIM0002", node.get("tokenSerial").asText());
        assertEquals(certificate.info().sha1(), node.get("sha1").asText());
        assertEquals(certificate.info().keyUsage().size(), node.get("keyUsage").size());
    }

    @Test
    void anUnreadableCertificateIsExplainedAndCanStillBeExported() {
        CliHarness.Result shown = cli.run("show", "05", "--module", LIBRARY);
        assertEquals(ExitCodes.OTHER, shown.exit(), shown.toString());
        assertTrue(shown.err().startsWith("错误：这张证书无法读取\n"), shown.err());
        assertTrue(shown.err().contains("不是有效的证书：内容不是 X.509 证书\n"), shown.err());
        CliHarness.Result english = cli.run("--lang", "en", "show", "05", "--module", LIBRARY);
        assertTrue(english.err().contains("does not hold a valid certificate: it is not an X.509 certificate\n"),
                english.err());
        assertTrue(shown.err().contains("--pem"), shown.err());

        CliHarness.Result pem = cli.run("show", "05", "--pem", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, pem.exit());
        assertEquals(ShowCommand.pem(GARBAGE), pem.out());
    }

    @Test
    void anIdThatMatchesNothingOrSeveral() {
        CliHarness.Result none = cli.run("show", "ffff", "--module", LIBRARY);
        assertEquals(ExitCodes.OTHER, none.exit());
        assertTrue(none.err().startsWith("错误：找不到编号或指纹为“ffff”的证书\n"), none.err());

        SimulatedToken twin = new SimulatedToken("王五", "SIM0003", "123456", "87654321")
                .certificate(new byte[] {(byte) 0xAB, 0x01}, "签名证书", certificate.der(), true);
        provider.insert(twin);
        CliHarness.Result several = cli.run("--lang", "en", "show", "ab01", "--module", LIBRARY);
        assertEquals(ExitCodes.OTHER, several.exit());
        assertTrue(several.err().startsWith("Error: Several certificates match \"ab01\": 签名证书 @ 李四 (SIM0002) "),
                several.err());
        assertEquals(ExitCodes.OK, cli.run("show", "ab01", "--token", "SIM0003", "--module", LIBRARY).exit());
    }

    @Test
    void watchPrintsALineForEachInsertAndRemove() throws Exception {
        CliHarness.Running watch = cli.start("watch", "--module", LIBRARY);
        List<String> lines = watch.awaitLines(1);
        assertEquals("2026-03-01 12:00:00  已插入  李四  序列号 SIM0002  驱动库 " + LIBRARY, lines.getFirst());

        SimulatedToken other = new SimulatedToken("王五", "SIM0003", "123456", "87654321");
        provider.insert(other);
        lines = watch.awaitLines(2);
        assertEquals("2026-03-01 12:00:00  插入  王五  序列号 SIM0003  驱动库 " + LIBRARY, lines.get(1));

        provider.remove(token);
        lines = watch.awaitLines(3);
        assertEquals("2026-03-01 12:00:00  拔出  李四  序列号 SIM0002  驱动库 " + LIBRARY, lines.get(2));

        assertEquals(ExitCodes.OK, watch.stop());
        assertEquals(3, watch.out().lines().count(), "no line without a change: " + watch.out());
        assertTrue(provider.closed(), "the library is closed when watch ends");
    }
}
