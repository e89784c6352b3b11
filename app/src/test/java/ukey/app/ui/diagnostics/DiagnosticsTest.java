package ukey.app.ui.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.CheckedPolicy;
import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.ui.Fixtures;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.diagnostics.CheckResult.Level;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyDirectory.LibraryStatus;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.Backend;
import ukey.token.LibraryDefect;
import ukey.token.LibraryHeader;
import ukey.token.LibraryPlacement;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;

/** 环境检测 on this machine's real SoftHSM, and the diagnostics zip. */
class DiagnosticsTest {

    @TempDir
    Path temp;

    private static SandboxCa ca;

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyDirectory keys;

    @BeforeAll
    static void startCa() throws IOException {
        ca = SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(Path.of("target"), "diag-ca")));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @BeforeEach
    void insertKey() throws Exception {
        label = hsm.createToken("ui-diag");
        keys = Fixtures.softHsmKeys();
    }

    @AfterEach
    void pullKey() {
        hsm.deleteToken(label);
    }

    /** The checks with settings in this folder (the log folder is its "logs"). */
    private EnvironmentChecks checks(Path settings, Path pcscdSocket, Instant now) {
        return new EnvironmentChecks(keys, Fixtures.settings(settings), Fixtures.ERRORS, Fixtures.ZH,
                new AppInfo("0.1.0"), Clock.fixed(now, ZoneId.of("Asia/Shanghai")), pcscdSocket);
    }

    private static Map<String, CheckResult> byId(List<CheckResult> results) {
        Map<String, CheckResult> map = new HashMap<>();
        results.forEach(result -> map.put(result.id(), result));
        return map;
    }

    /** The checks with these settings. */
    private EnvironmentChecks checks(Settings settings) {
        return new EnvironmentChecks(keys, settings, Fixtures.ERRORS, Fixtures.ZH, new AppInfo("0.1.0"),
                Clock.systemDefaultZone(), temp);
    }

    /** Settings naming this CA endpoint and trust file. */
    private Settings caSettings(String connector, URI url, Path trust) {
        return Fixtures.settings(temp.resolve("settings-" + connector + "-" + url.getPort()), Fixtures.CA_CONTACT
                + "ca.connector=" + connector + "\nca.url=" + url + "\nca.trust=" + trust + "\n");
    }

    @Test
    void aHealthyMachinePassesEveryCheck() throws IOException {
        Path socket = Files.createFile(temp.resolve("pcscd.comm"));
        EnvironmentChecks checks = new EnvironmentChecks(keys, caSettings("api", ca.url(), ca.trustFile()),
                Fixtures.ERRORS, Fixtures.ZH, new AppInfo("0.1.0"), Clock.systemDefaultZone(), socket);
        Map<String, CheckResult> results = byId(checks.run());

        assertEquals(List.of("ca", "clock", "conflicts", "keys", "libraries", "logs", "pcsc", "version"),
                results.keySet().stream().sorted().toList());
        results.values().forEach(result -> assertEquals(Level.PASS, result.level(), result.toString()));
        assertTrue(results.get("libraries").detail().contains(hsm.library().toString()));
        assertTrue(results.get("keys").detail().contains(label));
        assertEquals("可以连接 CA 更新服务，其安全证书受信任：" + ca.url(), results.get("ca").detail());
        assertTrue(results.get("version").detail().startsWith("UKey 证书助手 0.1.0，Java 25"));
    }

    @Test
    void aPolicyFileUsersCanWriteIsShownAsIgnored() throws Exception {
        Path policy = temp.resolve("policy.properties");
        Files.writeString(policy, "ca.url=https://ca.example.cn/renew\n");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-r--"));
        Settings settings = CheckedPolicy.load(Map.of("UKEY_CONFIG_DIR", temp.resolve("user").toString(),
                "UKEY_POLICY_FILE", policy.toString()));

        CheckResult result = byId(checks(settings).run()).get("policy");
        assertEquals(Level.WARNING, result.level());
        assertTrue(result.detail().startsWith("本机的 IT 策略文件 " + policy + " 没有生效"), result.detail());
        assertTrue(result.detail().contains("writable by its group"), result.detail());
        assertTrue(result.fix().contains("只允许管理员修改"), result.fix());
        assertTrue(checks(Fixtures.settings(temp)).policyIgnored().isEmpty(), "no row without a problem");
    }

    @Test
    void withoutACaTheCheckWarnsThatRenewalIsUnavailable() {
        CheckResult result = checks(Fixtures.settings(temp)).caEndpoint();

        assertEquals(Level.WARNING, result.level());
        assertEquals("没有设置 CA 更新服务，「一键更新」无法使用。", result.detail());
        assertEquals(Fixtures.ERRORS.present(new AppException(AppError.NO_CA_CONFIGURED)).actions().getFirst(),
                result.fix());
    }

    @Test
    void aCaWhoseTlsCertificateTheConfiguredRootsDoNotVouchForFails() throws IOException {
        Path otherCa = Files.writeString(temp.resolve("other-ca.pem"),
                TestCertificates.builder().ca().build().pem());

        CheckResult result = checks(caSettings("api", ca.url(), otherCa)).caEndpoint();

        assertEquals(Level.FAILURE, result.level());
        assertEquals("CA 服务的安全证书不受信任，已停止连接：" + ca.url() + "\n连接可能被劫持，或者 CA 根证书设置有误。",
                result.detail());
        assertEquals("不要在不可信的网络中更新；请联系单位的 IT 人员核对 CA 服务地址和根证书。", result.fix());
    }

    @Test
    void aCaNobodyAnswersForFailsWithWhatToCheck() throws IOException {
        URI closed = URI.create("https://127.0.0.1:" + closedPort() + "/");

        CheckResult api = checks(caSettings("api", closed, ca.trustFile())).caEndpoint();

        assertEquals(Level.FAILURE, api.level());
        assertTrue(api.detail().startsWith("连接不上 CA 服务：" + closed), api.detail());
        assertTrue(api.fix().startsWith("请检查网络连接"), api.fix());
        URI closedCmp = URI.create("http://127.0.0.1:" + closedPort() + "/pkix/");
        assertEquals(Level.FAILURE, checks(caSettings("cmp", closedCmp, ca.trustFile())).caEndpoint().level());
    }

    @Test
    void aCmpCaIsReachedWithATcpConnection() {
        URI cmp = URI.create("http://127.0.0.1:" + ca.url().getPort() + "/pkix/");

        CheckResult result = checks(caSettings("cmp", cmp, ca.trustFile())).caEndpoint();

        assertEquals(Level.PASS, result.level(), result.toString());
        assertEquals("可以连接 CA 的 CMP 服务：" + cmp, result.detail());
    }

    /** The default CA and each CA in ca.more get a line of their own, the named ones with their name. */
    @Test
    void eachConfiguredCaHasItsNamedLine() throws IOException {
        URI closed = URI.create("https://127.0.0.1:" + closedPort() + "/");
        Settings settings = Fixtures.settings(temp.resolve("settings-more"), "ca.url=" + ca.url() + "\nca.trust="
                + ca.trustFile() + "\nca.more=sm2demo\nsm2demo.ca.url=" + closed + "\nsm2demo.ca.trust="
                + ca.trustFile() + "\n");

        List<CheckResult> lines = checks(settings).caEndpoints();

        assertEquals(List.of("ca", "ca.sm2demo"), lines.stream().map(CheckResult::id).toList());
        assertEquals(Level.PASS, lines.getFirst().level(), lines.toString());
        assertEquals("CA 更新服务（sm2demo）", lines.get(1).title());
        assertEquals(Level.FAILURE, lines.get(1).level());
        assertTrue(lines.get(1).detail().startsWith("连接不上 CA 服务：" + closed), lines.get(1).detail());
        assertTrue(byId(checks(settings).run()).containsKey("ca.sm2demo"), "环境检测 shows it");
    }

    /** A port on 127.0.0.1 that was free a moment ago: nothing listens there. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void problemsComeWithTheirFix() throws IOException {
        Path settings = Files.createDirectory(temp.resolve("ro"));
        Path readOnly = Files.createDirectory(settings.resolve("logs"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        Map<String, CheckResult> results = byId(checks(settings, temp.resolve("no-pcscd"),
                Instant.parse("2019-01-01T00:00:00Z")).run());

        CheckResult logs = results.get("logs");
        if (!"root".equals(System.getProperty("user.name"))) { // root writes anywhere
            assertEquals(Level.FAILURE, logs.level());
            assertFalse(logs.fix().isEmpty());
        }
        CheckResult clock = results.get("clock");
        assertEquals(Level.FAILURE, clock.level());
        assertEquals("请把电脑的日期、时间和时区调整正确（建议开启自动同步时间）。", clock.fix());
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && ProcessHandle.allProcesses().noneMatch(p -> p.info().command().orElse("").endsWith("/pcscd"))) {
            assertEquals(Level.WARNING, results.get("pcsc").level());
            assertTrue(results.get("pcsc").fix().contains("pcscd"));
        }
        assertEquals(Level.FAILURE, checks(temp, temp, Instant.now()).libraries(List.of()).level());
        assertEquals(Level.WARNING, checks(temp, temp, Instant.now()).keys(List.of()).level());
    }

    @Test
    void aThirtyTwoBitSkfLibraryIsNamedWithItsVendorAndWhy() {
        LibraryDefect wrongBits = new LibraryDefect(LibraryDefect.Kind.WRONG_BITS,
                Optional.of(LibraryHeader.Arch.X86), Optional.of(LibraryHeader.Arch.X86_64), "");
        LibraryStatus loaded = new LibraryStatus("/usr/lib/softhsm/libsofthsm2.so", "SoftHSM", Optional.empty(),
                "SoftHSM", Backend.PKCS11, Optional.empty());
        LibraryStatus library = new LibraryStatus("/usr/lib/i386-linux-gnu/libgm3000.1.0.so", "",
                Optional.of(new TokenException(TokenError.LIBRARY_LOAD_FAILED, "32-bit")),
                "Longmai mToken GM3000 (龙脉)", Backend.SKF, Optional.of(wrongBits));

        CheckResult result = checks(temp, temp, Instant.now()).libraries(List.of(loaded, library));

        assertEquals(Level.WARNING, result.level(), "the PKCS#11 library still works");
        assertEquals("以下驱动无法加载：\n/usr/lib/i386-linux-gnu/libgm3000.1.0.so（Longmai mToken GM3000 (龙脉), SKF）: "
                + "这是 32 位的驱动库（x86），而本程序是 64 位的（x86-64）：请安装厂商的 64 位驱动。", result.detail());
    }

    @Test
    void aLibraryDisabledAfterCrashesIsNamedWithWhereItRanAndWhy() {
        String library = "C:\\Windows\\SysWOW64\\ShuttleCsp11_3000GM.dll";
        String last = "C_Sign: ukey-host32 ended with exception 0xC0000005";
        TokenException disabled = new TokenException(TokenError.LIBRARY_DISABLED, "HOST_DISABLED",
                library + " is disabled after 3 failures: " + last, null, null);
        LibraryPlacement off = new LibraryPlacement(LibraryPlacement.Where.HOST_32, "ukey-host32",
                Optional.of(new LibraryPlacement.Disabled(3, LibraryPlacement.Failure.CRASHED, last + "\nstderr...")));

        CheckResult result = checks(temp, temp, Instant.now()).libraries(List.of(
                new KeyDirectory.LibraryStatus("/usr/lib/softhsm/libsofthsm2.so", "SoftHSM", Optional.empty()),
                new KeyDirectory.LibraryStatus(library, "", Optional.of(disabled), "", Backend.PKCS11, Optional.empty(),
                        off)));

        assertEquals(Level.WARNING, result.level());
        assertEquals("以下驱动无法加载：\n" + library + "（由 32 位辅助程序 ukey-host32 运行）: 已停用：3 次崩溃或无响应，"
                + "最后一次崩溃（" + last + "）", result.detail());
        assertTrue(result.fix().startsWith("停用的驱动在本次运行中不再使用"), result.fix());
    }

    private static LibraryStatus hosted(String path, LibraryPlacement.Where where, String program) {
        return new LibraryStatus(path, "", Optional.empty(), "", Backend.PKCS11, Optional.empty(),
                new LibraryPlacement(where, program, Optional.empty()));
    }

    @Test
    void eachLibrarySaysWhereItRuns() {
        CheckResult result = checks(temp, temp, Instant.now()).libraries(List.of(
                new KeyDirectory.LibraryStatus("/usr/lib/softhsm/libsofthsm2.so", "SoftHSM", Optional.empty()),
                hosted("C:\\vendor\\x86.dll", LibraryPlacement.Where.HOST_32, "ukey-host32"),
                hosted("C:\\vendor\\x64.dll", LibraryPlacement.Where.HOST_64, "ukey-host64")));

        assertEquals(Level.PASS, result.level());
        assertEquals("找到 3 个驱动，均可加载：\n/usr/lib/softhsm/libsofthsm2.so（在本程序内运行）\n"
                + "C:\\vendor\\x86.dll（由 32 位辅助程序 ukey-host32 运行）\n"
                + "C:\\vendor\\x64.dll（由 64 位辅助程序 ukey-host64 运行）", result.detail());
    }

    @Test
    void twoLibrariesClaimingOneKeyIsAConflict() throws Exception {
        KeyCard card = Fixtures.key(keys, label);
        TokenInfo i = card.info();
        KeyCard other = new KeyCard(new TokenInfo(i.label(), i.manufacturer(), i.model(), i.serial(), i.firmware(),
                "/opt/vendor/libother.so", i.userPin(), i.soPin()), card.token(), List.of(), List.of(),
                Optional.empty());

        CheckResult result = checks(temp, temp, Instant.now()).conflicts(List.of(card, other));

        assertEquals(Level.WARNING, result.level());
        assertTrue(result.detail().contains(i.serial()) && result.detail().contains("/opt/vendor/libother.so"));
    }

    @Test
    void theDiagnosticsZipHoldsChecksKeysAndLogsButNoPin() throws Exception {
        Path folder = temp.resolve("settings");
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("ukey.log"), "12:00 INFO key inserted\n");
        DiagnosticsViewModel model = new DiagnosticsViewModel(checks(folder, temp, Instant.now()), keys,
                Fixtures.settings(folder),
                Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS, Clock.systemDefaultZone());
        model.run();
        assertEquals(8, model.results().size());

        Path zip = temp.resolve(model.suggestedArchiveName());
        model.export(zip);

        assertTrue(model.summaryProperty().get().startsWith("诊断信息已保存到"), model.summaryProperty().get());
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("checks.txt", "keys.txt", "libraries.txt", "logs/ukey.log", "system.txt"),
                entries.keySet().stream().sorted().toList());
        assertTrue(entries.get("keys.txt").contains(label));
        assertTrue(entries.get("checks.txt").contains("[PASS] libraries"));
        assertEquals("12:00 INFO key inserted\n", entries.get("logs/ukey.log"));
        entries.values().forEach(text -> {
            assertFalse(text.contains(SoftHsm.USER_PIN));
            assertFalse(text.contains(SoftHsm.SO_PIN));
        });
    }
}
