package ukey.app.ui.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.ui.Fixtures;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.diagnostics.CheckResult.Level;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;

/** 环境检测 on this machine's real SoftHSM, and the diagnostics zip. */
class DiagnosticsTest {

    @TempDir
    Path temp;

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyDirectory keys;

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

    @Test
    void aHealthyMachinePassesEveryCheck() throws IOException {
        Path socket = Files.createFile(temp.resolve("pcscd.comm"));
        Map<String, CheckResult> results = byId(checks(temp.resolve("settings"), socket, Instant.now()).run());

        assertEquals(List.of("clock", "conflicts", "keys", "libraries", "logs", "pcsc", "version"),
                results.keySet().stream().sorted().toList());
        results.values().forEach(result -> assertEquals(Level.PASS, result.level(), result.toString()));
        assertTrue(results.get("libraries").detail().contains(hsm.library().toString()));
        assertTrue(results.get("keys").detail().contains(label));
        assertTrue(results.get("version").detail().startsWith("UKey 证书助手 0.1.0，Java 25"));
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
    void twoLibrariesClaimingOneKeyIsAConflict() throws Exception {
        KeyCard card = Fixtures.key(keys, label);
        TokenInfo i = card.info();
        KeyCard other = new KeyCard(new TokenInfo(i.label(), i.manufacturer(), i.model(), i.serial(), i.firmware(),
                "/opt/vendor/libother.so", i.userPin(), i.soPin()), card.token(), List.of(), Optional.empty());

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
        assertEquals(7, model.results().size());

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
