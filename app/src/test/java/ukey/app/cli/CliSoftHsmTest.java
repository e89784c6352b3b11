package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.UTF8;
import static ukey.token.testing.TestCertificates.name;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.Validity;

/**
 * The command line on real SoftHSM2 tokens through our PKCS#11 binding: list, show, change-pin, unblock, watch.
 * Main runs in-process with the test JVM's one SoftHSM provider: a PKCS#11 library is loaded once per process, so
 * Main must not finalize it under the other tests (its close is a no-op here; a real process simply exits).
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CliSoftHsmTest {

    private static final String NEW_PIN = "24681357";

    private static SoftHsm softHsm;
    private static String library;
    private static String label;
    private static byte[] keyId;
    private static X509CertificateHolder certificate;

    @TempDir
    Path configDir;

    private CliHarness cli;

    @BeforeAll
    static void tokenWithACertificate() throws TokenException {
        softHsm = SoftHsm.get();
        library = softHsm.library().toString();
        label = softHsm.createToken("cli");
        Issued ca = TestCertificates.builder().subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
        try (ObjectSession session = ObjectSession.of(softHsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, "签名证书");
            keyId = key.id();
            certificate = TestCertificates.issue(key.publicKey(),
                    name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三"),
                    Validity.days(CliHarness.NOW.minus(Duration.ofDays(1)), 365), ca.certificate(), ca.privateKey());
            session.writeCertificate(keyId, "签名证书", certificate);
        }
    }

    @BeforeEach
    void setUp() throws TokenException {
        cli = new CliHarness(configDir);
        cli.libraries.put(softHsm.library(), softHsm.sharedProvider());
    }

    @Test
    void listJsonShowsTheTokenAndItsCertificate() throws Exception {
        CliHarness.Result result = cli.run("list", "--json", "--module", library, "--token", label);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        JsonNode token = new ObjectMapper().readTree(result.out()).at("/tokens/0");
        assertEquals(label, token.get("label").asText());
        assertEquals("SoftHSM project", token.get("manufacturer").asText());
        assertEquals("SoftHSM v2", token.get("model").asText());
        assertEquals(softHsm.token(label).info().serial(), token.get("serial").asText());
        assertEquals(library, token.get("library").asText());
        assertEquals(4, token.at("/pin/minLength").asInt());
        assertEquals(255, token.at("/pin/maxLength").asInt());
        assertEquals(1, token.get("certificates").size());

        JsonNode cert = token.at("/certificates/0");
        assertEquals(HexFormat.of().formatHex(keyId), cert.get("id").asText());
        assertEquals("签名证书", cert.get("label").asText());
        assertEquals("张三", cert.get("owner").asText());
        assertEquals("O=测试CA, C=CN", cert.get("issuer").asText());
        assertEquals("VALID", cert.get("status").asText());
        assertEquals(364, cert.get("daysLeft").asInt());
        assertEquals("EC-P256", cert.get("keyAlgorithm").asText());
        assertTrue(cert.get("hasPrivateKey").asBoolean(), "the key pair generated on the token is found by CKA_ID");
    }

    @Test
    void showPemExportsTheCertificateOnTheToken() {
        CliHarness.Result result = cli.run("show", HexFormat.of().formatHex(keyId), "--pem", "--module", library,
                "--token", label);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals(TestCertificates.pem(certificate).replace("\r\n", "\n").strip(), result.out().strip());
    }

    @Test
    void changePinThenTheNewPinLogsIn() throws Exception {
        String own = plugIn("cli-pin");
        cli.stdin = SoftHsm.USER_PIN + "\n" + NEW_PIN + "\n";
        CliHarness.Result result = cli.run("change-pin", "--pin-stdin", "--module", library, "--token", own);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());

        Token token = softHsm.token(own);
        token.login(NEW_PIN.toCharArray()).close();
        assertEquals(TokenError.PIN_INCORRECT, assertThrows(TokenException.class,
                () -> token.login(SoftHsm.USER_PIN.toCharArray())).error());
    }

    @Test
    void aWrongPinOrAShortNewPinIsRefused() throws Exception {
        String own = plugIn("cli-wrong");
        cli.stdin = "00000000\n" + NEW_PIN + "\n";
        CliHarness.Result wrong = cli.run("change-pin", "--pin-stdin", "--module", library, "--token", own);
        assertEquals(ExitCodes.PIN_INCORRECT, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().startsWith("UKey：" + own + " ("), wrong.err());
        assertTrue(wrong.err().contains("\n错误：PIN（口令）不正确\nPIN 状态："), wrong.err());
        assertTrue(wrong.err().contains("技术详情：C_SetPIN failed: CKR_PIN_INCORRECT"), wrong.err());

        cli.stdin = SoftHsm.USER_PIN + "\n123\n";
        CliHarness.Result tooShort = cli.run("change-pin", "--pin-stdin", "--module", library, "--token", own);
        assertEquals(ExitCodes.PIN_REJECTED, tooShort.exit(), tooShort.toString());
        assertTrue(tooShort.err().contains("这把 UKey 要求 PIN 为 4 到 255 位。"), tooShort.err());
        softHsm.token(own).login(SoftHsm.USER_PIN.toCharArray()).close();
    }

    @Test
    void unblockSetsANewUserPinWithTheSoPin() throws Exception {
        String own = plugIn("cli-unblock");
        cli.stdin = "11111111\n" + NEW_PIN + "\n";
        CliHarness.Result wrong = cli.run("unblock", "--pin-stdin", "--module", library, "--token", own);
        assertEquals(ExitCodes.PIN_INCORRECT, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("\n错误：管理员 PIN（SO PIN）不正确\n"), wrong.err());

        cli.stdin = SoftHsm.SO_PIN + "\n" + NEW_PIN + "\n";
        CliHarness.Result result = cli.run("unblock", "--pin-stdin", "--module", library, "--token", own);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        softHsm.token(own).login(NEW_PIN.toCharArray()).close();
    }

    @Test
    void watchSeesATokenComeAndGo() throws Exception {
        CliHarness.Running watch = cli.start("watch", "--module", library);
        int exit;
        try {
            assertTrue(watch.awaitLine(line -> line.contains("已插入  " + label + "  ")).isPresent(), watch.out());

            String plugged = softHsm.createToken("cli-watch");
            Optional<String> inserted = watch.awaitLine(line -> line.contains("  插入  " + plugged + "  "));
            assertTrue(inserted.isPresent(), watch.out());
            assertTrue(inserted.get().endsWith("驱动库 " + library), inserted.get());

            softHsm.deleteToken(plugged);
            assertTrue(watch.awaitLine(line -> line.contains("  拔出  " + plugged + "  ")).isPresent(), watch.out());
        } finally {
            // a watch left running rescans the shared SoftHSM every 20 ms for the rest of the JVM's tests
            exit = watch.stop();
        }
        assertEquals(ExitCodes.OK, exit);
    }

    /**
     * A token of the test's own, inserted before the command runs. The shared provider is told to look again, as
     * a new process would find the token at its start.
     */
    private static String plugIn(String prefix) throws TokenException {
        String own = softHsm.createToken(prefix);
        softHsm.token(own);
        return own;
    }

    /** The test JVM's provider, shared with the other tests: everything but close. */
}
