package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.UTF8;
import static ukey.token.testing.TestCertificates.name;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ukey.app.tokens.LibraryChoice;
import ukey.token.LibraryDefect;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.Validity;

/** {@code ukey list}: the JSON that IT scripts read, the table people read, and libraries that fail. */
class ListCommandTest {

    private static final String LIBRARY = "/opt/sim/libukey-sim.so";
    private static final byte[] GARBAGE = "not a certificate".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Issued valid;
    private static Issued expiring;

    @TempDir
    Path configDir;

    private CliHarness cli;
    private SimulatedProvider provider;
    private SimulatedToken token;

    @BeforeAll
    static void certificates() {
        valid = TestCertificates.builder()
                .subject(name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三"))
                .validity(new Validity(CliHarness.NOW.minus(Duration.ofDays(165)),
                        CliHarness.NOW.plus(Duration.ofDays(200))))
                .build();
        expiring = TestCertificates.builder()
                .subject(name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三"))
                .validity(new Validity(CliHarness.NOW.minus(Duration.ofDays(353)),
                        CliHarness.NOW.plus(Duration.ofDays(12))))
                .build();
    }

    @BeforeEach
    void setUp() {
        cli = new CliHarness(configDir);
        provider = cli.simulated(LIBRARY);
        token = new SimulatedToken("张三的UKey", "SIM0001", "123456", "87654321")
                .certificate(new byte[] {1, 2}, "签名证书", valid.der(), true)
                .certificate(new byte[] {3, 4}, "加密证书", expiring.der(), false)
                .certificate(new byte[] {5}, "坏证书", GARBAGE, false);
        provider.insert(token);
    }

    @Test
    void jsonHasExactlyTheDocumentedShape() throws Exception {
        token.userTriesLeft(SimulatedToken.DEFAULT_TRIES - 1).toBeChanged(true);
        CliHarness.Result result = cli.run("list", "--json", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals("", result.err());

        JsonNode root = JSON.readTree(result.out());
        assertEquals(List.of("tokens"), fieldNames(root));
        assertEquals(1, root.get("tokens").size());
        JsonNode t = root.get("tokens").get(0);
        assertEquals(List.of("label", "manufacturer", "model", "serial", "library", "pin", "certificates"),
                fieldNames(t));
        assertEquals("张三的UKey", t.get("label").asText());
        assertEquals("UKey Simulation", t.get("manufacturer").asText());
        assertEquals("SIM-6", t.get("model").asText());
        assertEquals("SIM0001", t.get("serial").asText());
        assertEquals(LIBRARY, t.get("library").asText());

        JsonNode pin = t.get("pin");
        assertEquals(List.of("countLow", "finalTry", "locked", "toBeChanged", "minLength", "maxLength", "retriesLeft",
                "maxRetries"), fieldNames(pin));
        assertTrue(pin.get("retriesLeft").isNull() && pin.get("maxRetries").isNull(), "PKCS#11 has flags only");
        assertTrue(pin.get("countLow").isBoolean() && pin.get("countLow").asBoolean());
        assertFalse(pin.get("finalTry").asBoolean());
        assertFalse(pin.get("locked").asBoolean());
        assertTrue(pin.get("toBeChanged").asBoolean());
        assertTrue(pin.get("minLength").isInt());
        assertEquals(6, pin.get("minLength").asInt());
        assertEquals(16, pin.get("maxLength").asInt());

        JsonNode certificates = t.get("certificates");
        assertEquals(3, certificates.size());
        List<String> certificateFields = List.of("id", "label", "owner", "subject", "issuer", "serial", "notBefore",
                "notAfter", "status", "daysLeft", "keyAlgorithm", "hasPrivateKey", "sha256", "backend", "container",
                "usage");

        assertSigningCertificate(certificates.get(0), certificateFields);

        JsonNode encryption = certificates.get(1);
        assertEquals(certificateFields, fieldNames(encryption));
        assertEquals("EXPIRING", encryption.get("status").asText());
        assertEquals(12, encryption.get("daysLeft").asInt());
        assertFalse(encryption.get("hasPrivateKey").asBoolean());
        assertEquals("sign", encryption.get("usage").asText(), "its key usage says what it is for");

        assertUnreadableCertificate(certificates.get(2), certificateFields);
    }

    private static void assertSigningCertificate(JsonNode signing, List<String> certificateFields) throws Exception {
        assertEquals(certificateFields, fieldNames(signing));
        assertEquals("0102", signing.get("id").asText());
        assertEquals("签名证书", signing.get("label").asText());
        assertEquals("张三", signing.get("owner").asText());
        assertEquals("CN=张三, O=示例招标代理有限公司, C=CN", signing.get("subject").asText());
        assertEquals(valid.info().issuer(), signing.get("issuer").asText());
        assertEquals(valid.certificate().getSerialNumber(), new BigInteger(signing.get("serial").asText(), 16));
        assertEquals("2025-09-17T04:00:00Z", signing.get("notBefore").asText());
        assertEquals("2026-09-17T04:00:00Z", signing.get("notAfter").asText());
        assertEquals("VALID", signing.get("status").asText());
        assertTrue(signing.get("daysLeft").isIntegralNumber());
        assertEquals(200, signing.get("daysLeft").asInt());
        assertEquals("EC-P256", signing.get("keyAlgorithm").asText());
        assertTrue(signing.get("hasPrivateKey").asBoolean());
        assertEquals(sha256(valid.der()), signing.get("sha256").asText());
        assertEquals("pkcs11", signing.get("backend").asText());
        assertTrue(signing.get("container").isNull(), "PKCS#11 has no containers");
        assertEquals("sign", signing.get("usage").asText());
    }

    /** An object that does not parse: its fields and why, in both languages. */
    private void assertUnreadableCertificate(JsonNode broken, List<String> certificateFields) throws Exception {
        List<String> withError = new ArrayList<>(certificateFields);
        withError.add("error");
        withError.add("errorCode");
        assertEquals(withError, fieldNames(broken));
        assertEquals("05", broken.get("id").asText());
        assertEquals("UNREADABLE", broken.get("status").asText());
        assertTrue(broken.get("owner").isNull());
        assertTrue(broken.get("notAfter").isNull());
        assertTrue(broken.get("daysLeft").isNull());
        assertEquals(sha256(GARBAGE), broken.get("sha256").asText(), "unreadable objects have a fingerprint too");
        assertEquals("内容不是 X.509 证书", broken.get("error").asText());
        assertEquals("NOT_A_CERTIFICATE", broken.get("errorCode").asText());

        JsonNode english = JSON.readTree(cli.run("--lang", "en", "list", "--json", "--module", LIBRARY).out());
        assertEquals("it is not an X.509 certificate", english.at("/tokens/0/certificates/2/error").asText());
        assertEquals("NOT_A_CERTIFICATE", english.at("/tokens/0/certificates/2/errorCode").asText());
    }

    @Test
    void theRenewalWindowComesFromTheSettings() throws Exception {
        Files.writeString(configDir.resolve("settings.properties"), "renewal.windowDays=10\n", StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(cli.run("list", "--json", "--module", LIBRARY).out());
        assertEquals("VALID", root.at("/tokens/0/certificates/1/status").asText(), "12 days left, window 10");

        Files.writeString(configDir.resolve("settings.properties"), "renewal.windowDays=365\n", StandardCharsets.UTF_8);
        root = JSON.readTree(cli.run("list", "--json", "--module", LIBRARY).out());
        assertEquals("EXPIRING", root.at("/tokens/0/certificates/0/status").asText(), "200 days left, window 365");
    }

    @Test
    void theTableShowsOwnerSerialValidityAndStatus() {
        CliHarness.Result result = cli.run("list", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        List<String> lines = result.out().lines().toList();
        assertEquals("UKey：张三的UKey（序列号 SIM0001）", lines.get(0));
        assertEquals("  PIN：正常", lines.get(2));
        String header = lines.get(3);
        assertTrue(header.startsWith("  所有者  证书序列号"), header);
        String signing = lines.get(4);
        assertTrue(signing.startsWith("  张三    " + valid.info().serialHex()), signing);
        assertTrue(signing.contains("2026-09-17  有效，剩余 200 天"), signing);
        assertTrue(lines.get(5).contains("即将到期，剩余 12 天，请尽快更新"), lines.get(5));
        assertTrue(lines.get(6).startsWith("  —       —"), lines.get(6));
        assertTrue(lines.get(6).contains("无法读取"), lines.get(6));
        // why, in the user's words: not the certificate parser's English
        assertEquals("  无法读取的证书“坏证书”（编号 05）：内容不是 X.509 证书", lines.get(7));

        // the fingerprint column starts at the same terminal column on every row, Chinese counting two
        List<Integer> columns = new ArrayList<>();
        columns.add(TextTable.width(header.substring(0, header.indexOf("指纹"))));
        for (String row : lines.subList(4, 7)) {
            int at = row.lastIndexOf("  ") + 2;
            columns.add(TextTable.width(row.substring(0, at)));
        }
        assertEquals(1, columns.stream().distinct().count(), columns.toString());
        assertEquals("查看证书详情：ukey show <指纹的前几位>", lines.getLast());
    }

    @Test
    void theTableInEnglishWithThePinState() {
        token.userTriesLeft(1).toBeChanged(true);
        CliHarness.Result result = cli.run("list", "--lang", "en", "--module", LIBRARY);
        assertTrue(result.out().startsWith("Key: 张三的UKey (serial SIM0001)\n"), result.out());
        assertTrue(result.out().contains("  PIN: final try left; must be changed first\n"), result.out());
        assertTrue(result.out().contains("valid, 200 days left"), result.out());
    }

    @Test
    void noTokenIsAnEmptyList() throws Exception {
        provider.remove(token);
        CliHarness.Result json = cli.run("list", "--json", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, json.exit());
        assertEquals(0, JSON.readTree(json.out()).get("tokens").size());
        assertEquals("没有检测到 UKey。请插入 UKey 后再试；仍检测不到时请运行“环境检测”。\n",
                cli.run("list", "--module", LIBRARY).out());
    }

    @Test
    void aLibraryThatFailsIsReportedAndTheOthersListed() throws Exception {
        CliHarness.Result result = cli.run("list", "--json", "--module", "/opt/missing/lib.so", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals("SIM0001", JSON.readTree(result.out()).at("/tokens/0/serial").asText());
        assertTrue(result.err().startsWith("警告：驱动库 /opt/missing/lib.so（来自 --module）不可用，其他驱动库不受影响。\n"
                + "错误：无法加载 UKey 驱动库\n"), result.err());
        assertTrue(result.err().contains("技术详情：cannot load /opt/missing/lib.so: no such file"), result.err());
    }

    @Test
    void whenNoLibraryLoadsTheExitCodeSaysSo() {
        CliHarness.Result failed = cli.run("list", "--json", "--module", "/opt/missing/lib.so");
        assertEquals(ExitCodes.LIBRARY_FAILED, failed.exit(), failed.toString());
        assertEquals("", failed.out());
        assertTrue(failed.err().contains("无法加载 UKey 驱动库"), failed.err());

        CliHarness.Result none = cli.run("list");
        assertEquals(ExitCodes.LIBRARY_FAILED, none.exit(), none.toString());
        assertTrue(none.err().startsWith("错误：没有找到 UKey 驱动库\n"), none.err());
    }

    @Test
    void discoveredLibrariesAreUsedAndTheirTroubleIsToldOnlyWhenNoneLoads() {
        LibraryChoice broken = new LibraryChoice(Path.of("/usr/lib/gone.so"), "p11-kit", "Gone",
                Optional.of(new LibraryDefect(LibraryDefect.Kind.MISSING, Optional.empty(), Optional.empty(), "")),
                false);
        cli.discovered.add(broken);
        cli.discovered.add(new LibraryChoice(Path.of(LIBRARY), "usual path", "Sim", Optional.empty(), false));
        CliHarness.Result result = cli.run("list");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals("", result.err(), "a guess that does not load is not the user's problem");
        assertEquals(List.of(Path.of(LIBRARY)), cli.opened, "a library known to be broken is not loaded");

        cli.discovered.removeLast();
        CliHarness.Result nothing = cli.run("list");
        assertEquals(ExitCodes.LIBRARY_FAILED, nothing.exit());
        assertTrue(nothing.err().contains("/usr/lib/gone.so（来自 p11-kit）"), nothing.err());
        assertTrue(nothing.err().contains("这个文件不存在。"), "the defect in words, not in English: " + nothing.err());
    }

    @Test
    void theEnvironmentNamesTheLibraryWhenNoOptionDoes() {
        cli.env.put("UKEY_PKCS11_MODULE", LIBRARY);
        assertEquals(ExitCodes.OK, cli.run("list").exit());
        assertEquals(List.of(Path.of(LIBRARY)), cli.opened);
    }

    @Test
    void listCanBeNarrowedToOneToken() throws Exception {
        provider.insert(new SimulatedToken("李四", "SIM0002", "123456", "87654321"));
        JsonNode all = JSON.readTree(cli.run("list", "--json", "--module", LIBRARY).out());
        assertEquals(2, all.get("tokens").size());
        JsonNode one = JSON.readTree(cli.run("list", "--json", "--module", LIBRARY, "--token", "SIM0002").out());
        assertEquals(1, one.get("tokens").size());
        assertEquals("李四", one.at("/tokens/0/label").asText());
        assertEquals(ExitCodes.NO_TOKEN, cli.run("list", "--module", LIBRARY, "--token", "王五").exit());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
