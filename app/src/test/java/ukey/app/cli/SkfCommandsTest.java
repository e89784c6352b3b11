package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.cert.Fingerprints;
import ukey.token.Backend;
import ukey.token.LibraryDefect;
import ukey.token.LibraryHeader;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;
import ukey.app.tokens.LibraryChoice;

/**
 * The command line on real softskf devices (SM2 dual-certificate keys through SKF): list and its JSON, show,
 * change-pin and unblock with the tries left, a default PIN, watch, label, and how SKF libraries are chosen.
 */
class SkfCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTAINER = "SM2 Identity";

    @TempDir
    Path configDir;
    private final SoftSkf softSkf = SoftSkf.get();
    private final List<SoftSkfDevice> devices = new ArrayList<>();
    private CliHarness cli;
    private String library;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(configDir);
        library = softSkf.library().toString();
    }

    @AfterEach
    void deleteDevices() {
        devices.forEach(device -> softSkf.deleteDevice(device.name())); // other tests of this JVM list every device
    }

    private SoftSkfDevice device(SoftSkfDevice device) {
        devices.add(device);
        return device;
    }

    /** A dual-certificate key, an empty container and a container with a garbage certificate. */
    private SoftSkfDevice dualKey() {
        return device(softSkf.device("cli").label("张三的SM2 UKey").identity(CONTAINER, "张三").empty("空容器")
                .certificateOnly("坏证书", true, new byte[] {0x30, 0x03, 1, 2}).build());
    }

    private JsonNode token(CliHarness.Result result, String serial) throws Exception {
        for (JsonNode token : JSON.readTree(result.out()).get("tokens")) {
            if (token.get("serial").asText().equals(serial)) {
                return token;
            }
        }
        throw new AssertionError("no token " + serial + " in " + result);
    }

    @Test
    void listJsonGivesEveryCertificateWithBackendContainerUsageAndTheTriesLeft() throws Exception {
        SoftSkfDevice key = dualKey();
        CliHarness.Result result = cli.run("list", "--json", "--skf", library);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());

        JsonNode token = token(result, key.serial());
        assertEquals("张三的SM2 UKey", token.get("label").asText());
        assertEquals(library, token.get("library").asText());
        JsonNode pin = token.get("pin");
        assertEquals(6, pin.get("retriesLeft").asInt());
        assertEquals(6, pin.get("maxRetries").asInt());
        assertFalse(pin.get("toBeChanged").asBoolean());

        JsonNode certificates = token.get("certificates");
        assertEquals(3, certificates.size(), certificates.toString());
        JsonNode signing = certificates.get(0);
        assertEquals("skf", signing.get("backend").asText());
        assertEquals(CONTAINER, signing.get("container").asText());
        assertEquals("sign", signing.get("usage").asText());
        assertEquals(SoftSkf.APPLICATION + "/" + CONTAINER, signing.get("id").asText());
        assertEquals(CONTAINER, signing.get("label").asText());
        assertEquals("张三", signing.get("owner").asText());
        assertEquals("SM2", signing.get("keyAlgorithm").asText());
        assertTrue(signing.get("hasPrivateKey").asBoolean());
        assertEquals(Fingerprints.sha256(key.signing().get(CONTAINER).der()), signing.get("sha256").asText());

        JsonNode encryption = certificates.get(1);
        assertEquals("encrypt", encryption.get("usage").asText());
        assertEquals(CONTAINER, encryption.get("container").asText());
        assertEquals(signing.get("id").asText(), encryption.get("id").asText(), "one identity, two certificates");
        assertEquals(Fingerprints.sha256(key.encryption().get(CONTAINER).der()), encryption.get("sha256").asText());

        JsonNode garbage = certificates.get(2);
        assertEquals("UNREADABLE", garbage.get("status").asText());
        assertEquals("坏证书", garbage.get("container").asText());
        assertFalse(garbage.get("error").asText().isBlank());
    }

    @Test
    void theTableSaysContainerAndUsageAndNamesTheEmptyContainer() {
        SoftSkfDevice key = dualKey();
        CliHarness.Result result = cli.run("list", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        String out = result.out();
        assertTrue(out.startsWith("UKey：张三的SM2 UKey（序列号 " + key.serial() + "）\n"), out);
        assertTrue(out.contains("  PIN：正常，还剩 6 次\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("容器") && l.contains("用途")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  张三") && l.contains(CONTAINER) && l.endsWith("签名")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  张三") && l.contains(CONTAINER) && l.endsWith("加密")),
                out);
        assertTrue(out.contains("  容器“空容器”是空的（没有密钥和证书）。\n"), out);
    }

    @Test
    void gbkNamesReadRightWithTheLibrarysCharsetSetting() throws Exception {
        SoftSkfDevice key = device(softSkf.device("gbk").gbk().label("GBK key").identity("李四的证书", "李四").build());
        Files.writeString(configDir.resolve("settings.properties"), "skf.charset.libsoftskf.so=GBK\n",
                StandardCharsets.UTF_8);
        CliHarness.Result result = cli.run("list", "--json", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        JsonNode token = token(result, key.serial());
        assertEquals("李四的证书", token.get("certificates").get(0).get("container").asText());
        assertEquals("GBK", cli.skfOptions.getLast().charset().name());
    }

    @Test
    void aWrongSkfSettingStopsTheCommandAndSaysWhich() throws Exception {
        Files.writeString(configDir.resolve("settings.properties"), "skf.envelope=diagonal\n", StandardCharsets.UTF_8);
        CliHarness.Result result = cli.run("list", "--skf", library);
        assertEquals(ExitCodes.OTHER, result.exit(), result.toString());
        assertTrue(result.err().contains("skf.envelope=diagonal (right, left, full64)"), result.err());
    }

    @Test
    void showByTheContainersIdGivesTheSigningCertificateAndByFingerprintTheEncryptionOne() {
        SoftSkfDevice key = dualKey();
        String id = SoftSkf.APPLICATION + "/" + CONTAINER;
        CliHarness.Result signing = cli.run("show", id, "--skf", library);
        assertEquals(ExitCodes.OK, signing.exit(), signing.toString());
        assertTrue(signing.out().lines().anyMatch(l -> l.startsWith("用途") && l.endsWith("签名")), signing.out());
        assertTrue(signing.out().lines().anyMatch(l -> l.startsWith("容器") && l.endsWith(CONTAINER)), signing.out());

        String encryptionSha = Fingerprints.sha256(key.encryption().get(CONTAINER).der());
        CliHarness.Result encryption = cli.run("show", encryptionSha.substring(0, 12), "--skf", library);
        assertEquals(ExitCodes.OK, encryption.exit(), encryption.toString());
        assertTrue(encryption.out().lines().anyMatch(l -> l.startsWith("用途") && l.endsWith("加密")),
                encryption.out());
        CliHarness.Result pem = cli.run("show", encryptionSha.substring(0, 12), "--pem", "--skf", library);
        assertEquals(ShowCommand.pem(key.encryption().get(CONTAINER).der()), pem.out());
    }

    @Test
    void aWrongPinSaysTheTriesLeftAndTheRightOneChangesIt() throws Exception {
        SoftSkfDevice key = dualKey();
        cli.stdin = "00000000\nnewpin99\n";
        CliHarness.Result wrong = cli.run("change-pin", "--pin-stdin", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.PIN_INCORRECT, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("PIN 状态：还剩 5 次机会"), wrong.err());
        assertEquals("已输错过，还剩 5 次", ListCommand.pinText(new Messages(ukey.app.i18n.Language.ZH),
                key.token().info().userPin()));

        cli.stdin = SoftSkf.USER_PIN + "\nnewpin99\n";
        CliHarness.Result right = cli.run("change-pin", "--pin-stdin", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.OK, right.exit(), right.toString());
        assertTrue(right.err().contains("PIN 状态：还剩 5 次机会"), "the count was low before: " + right.err());
        assertEquals(6, token(cli.run("list", "--json", "--skf", library), key.serial()).at("/pin/retriesLeft")
                .asInt(), "a right PIN gives every try back");
        key.token().login("newpin99".toCharArray()).close();
    }

    @Test
    void aLockedPinIsUnblockedWithTheAdministratorPin() throws Exception {
        SoftSkfDevice key = dualKey();
        softSkf.tool("reset-pin", "--device", key.folder().toString(), "--left", "0");
        CliHarness.Result list = cli.run("list", "--skf", library, "--token", key.serial());
        assertTrue(list.out().contains("  PIN：已锁定，需要解锁\n"), list.out());

        cli.stdin = SoftSkf.ADMIN_PIN + "\nunblocked1\n";
        CliHarness.Result unblock = cli.run("unblock", "--pin-stdin", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.OK, unblock.exit(), unblock.toString());
        assertEquals(6, key.token().info().userPin().retriesLeft().getAsInt());
        key.token().login("unblocked1".toCharArray()).close();
    }

    @Test
    void aDefaultPinMustBeChangedAndListSaysSo() throws Exception {
        SoftSkfDevice key = device(softSkf.device("default").defaultPin().identity(CONTAINER, "王五").build());
        CliHarness.Result list = cli.run("list", "--skf", library, "--token", key.serial());
        assertTrue(list.out().contains("  PIN：需要先修改\n"), list.out());
        assertTrue(token(cli.run("list", "--json", "--skf", library), key.serial()).at("/pin/toBeChanged")
                .asBoolean());

        cli.stdin = SoftSkf.USER_PIN + "\nchanged12\n";
        CliHarness.Result change = cli.run("change-pin", "--pin-stdin", "--skf", library, "--token", key.serial());
        assertEquals(ExitCodes.OK, change.exit(), change.toString());
        assertTrue(change.err().contains("这把 UKey 要求先修改 PIN"), change.err());
        assertFalse(key.token().info().userPin().toBeChanged(), "changed: no longer the default");
    }

    @Test
    void watchSeesASkfKeyPulledAndInserted() throws Exception {
        SoftSkfDevice key = dualKey();
        CliHarness.Running watch = cli.start("watch", "--skf", library);
        Optional<String> present = watch.awaitLine(l -> l.contains("已插入") && l.contains(key.serial()));
        assertTrue(present.isPresent(), watch.out());
        assertTrue(present.get().endsWith("驱动库 " + library), present.get());

        key.pull();
        assertTrue(watch.awaitLine(l -> l.contains("拔出") && l.contains(key.serial())).isPresent(), watch.out());
        key.insert();
        assertTrue(watch.awaitLine(l -> l.contains("  插入  ") && l.contains(key.serial())).isPresent(),
                watch.out());
        assertEquals(ExitCodes.OK, watch.stop());
    }

    @Test
    void labelRenamesAnSkfKeyAndAPkcs11KeySaysWhyNot() throws Exception {
        SoftSkfDevice key = dualKey();
        CliHarness.Result renamed = cli.run("label", "--skf", library, "--token", key.serial(), "招标专用盾");
        assertEquals(ExitCodes.OK, renamed.exit(), renamed.toString());
        assertEquals("UKey（序列号 " + key.serial() + "）已改名：“张三的SM2 UKey” → “招标专用盾”。",
                renamed.out().strip());
        assertEquals("招标专用盾", key.token().info().label());
        assertTrue(key.show().contains("招标专用盾"), "softskf's own view: " + key.show());

        CliHarness.Result tooLong = cli.run("label", "--skf", library, "--token", key.serial(), "名".repeat(33));
        assertEquals(ExitCodes.OTHER, tooLong.exit());
        assertTrue(tooLong.err().startsWith("错误：这个名称不能用作 UKey 的标签\n"), tooLong.err());

        cli.simulated("/sim/p11.so").insert(new SimulatedToken("赵六", "SIM0009", "123456", "87654321"));
        CliHarness.Result pkcs11 = cli.run("label", "--module", "/sim/p11.so", "--token", "SIM0009", "新名字");
        assertEquals(ExitCodes.OTHER, pkcs11.exit(), pkcs11.toString());
        assertTrue(pkcs11.err().startsWith("错误：这把 UKey 的名称（标签）不能修改\n"), pkcs11.err());
        assertTrue(pkcs11.err().contains("初始化会清除 UKey 上的全部证书和密钥"), pkcs11.err());
    }

    @Test
    void aVendorLibraryThatCannotLoadIsNamedWithItsVendor() {
        Path dll = Path.of("/usr/lib/i386-linux-gnu/libgm3000.1.0.so"); // no host serves it: 64-bit Linux
        LibraryDefect wrongBits = new LibraryDefect(LibraryDefect.Kind.WRONG_BITS,
                Optional.of(LibraryHeader.Arch.X86), Optional.of(LibraryHeader.Arch.X86_64), "");
        cli.discovered.add(new LibraryChoice(softSkf.library(), "usual path", "softskf", Optional.empty(), false,
                Backend.SKF));
        cli.discovered.add(new LibraryChoice(dll, "usual path", "Longmai mToken GM3000 (龙脉)", Optional.of(wrongBits),
                false, Backend.SKF));
        CliHarness.Result named = cli.run("list", "--skf", library);
        assertTrue(named.err().isEmpty(), "--skf names the library: discovery is not asked " + named.err());

        CliHarness.Result discovered = cli.run("list");
        assertEquals(ExitCodes.OK, discovered.exit(), discovered.toString());
        assertEquals(List.of(Path.of(library), Path.of(library)), cli.opened, "the usable one was loaded");
        assertTrue(discovered.err().contains("Longmai mToken GM3000 (龙脉) 的驱动库 " + dll), discovered.err());
        assertTrue(discovered.err().contains("这是 32 位的驱动库（x86），而本程序是 64 位的"), discovered.err());
    }

    @Test
    void thePolicysSkfLibrariesWinOverSkfAndTheEnvironment() throws Exception {
        Files.writeString(Path.of(cli.env.get("UKEY_POLICY_FILE")), "skf.libraries=" + library + "\n");
        cli.env.put("UKEY_SKF_LIBRARY", "/opt/other/libskf.so");
        CliHarness.Result result = cli.run("list", "--skf", "/opt/mine/libskf.so", "--lang", "en");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals(List.of(Path.of(library)), cli.opened);
        assertTrue(result.err().contains("--skf is not used") && result.err().contains("sets skf.libraries"),
                result.err());
        assertTrue(result.err().contains("UKEY_SKF_LIBRARY is not used"), result.err());
    }

    @Test
    void aRelativeSkfPathIsRefused() {
        CliHarness.Result result = cli.run("list", "--skf", "libsoftskf.so");
        assertEquals(ExitCodes.LIBRARY_FAILED, result.exit(), result.toString());
        assertTrue(result.err().contains("这是一个相对路径"), result.err());
    }
}
