package ukey.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.i18n.Language;

/** The machine-wide IT policy file and how its values lie over the user's settings. */
class PolicyTest {

    @TempDir
    Path dir;

    @Test
    void policyLivesWhereEachPlatformKeepsIt() {
        assertEquals(Path.of("/tmp/p.properties"),
                Policy.file(Map.of("UKEY_POLICY_FILE", "/tmp/p.properties", "ProgramData", "D:\\Data"), true));
        assertEquals(Path.of("D:\\Data", "UKey", "policy.properties"),
                Policy.file(Map.of("ProgramData", "D:\\Data"), true));
        assertEquals(Path.of("C:\\ProgramData", "UKey", "policy.properties"), Policy.file(Map.of(), true));
        assertEquals(Path.of("/etc/ukey/policy.properties"), Policy.file(Map.of("HOME", "/h"), false));
    }

    @Test
    void policyValuesWinAndTheUsersFillTheRest() throws IOException, AppException {
        writeUser("ca.url=https://user.example/renew\nlanguage=en\nrenewal.windowDays=60\n");
        writePolicy("ca.url=https://ca.example.cn/renew\nlanguage=zh\n", StandardCharsets.UTF_8);
        Settings settings = load();

        assertEquals(Optional.of("https://ca.example.cn/renew"), settings.get(Settings.CA_URL));
        assertEquals(Optional.of(Language.ZH), settings.language());
        assertEquals(60, settings.renewalWindowDays());
        assertTrue(settings.lockedByPolicy(Settings.CA_URL));
        assertFalse(settings.lockedByPolicy(Settings.RENEWAL_WINDOW_DAYS));

        settings.set(Settings.CA_URL, "https://elsewhere.example/");
        assertEquals(Optional.of("https://ca.example.cn/renew"), settings.get(Settings.CA_URL));
        settings.set(Settings.RENEWAL_WINDOW_DAYS, "45");
        assertEquals(45, settings.renewalWindowDays());
    }

    @Test
    void theFileTheMsiWritesIsReadLiterally() throws IOException, AppException {
        // What the MSI's IniFile table leaves: a section line, CRLF, Windows paths with single backslashes.
        writePolicy("[policy]\r\nca.url=https://ca.example.cn/renew\r\n"
                + "pkcs11.modules=C:\\Windows\\System32\\vendor_p11.dll\r\nreminder.days=60,14,3\r\n"
                + "update.check=off\r\nlanguage=en\r\n", StandardCharsets.UTF_8);
        Settings settings = load();

        assertEquals(Optional.of("C:\\Windows\\System32\\vendor_p11.dll"), settings.get(Settings.PKCS11_MODULES));
        assertEquals(List.of(60, 14, 3), settings.reminderDays());
        assertFalse(settings.updateCheck());
        assertEquals(Optional.of(Language.EN), settings.language());
        assertFalse(settings.lockedByPolicy("[policy]"));
        assertEquals(Optional.empty(), settings.get("[policy]"));
    }

    @Test
    void aRelativeTrustFileIsBesideThePolicy() throws IOException, AppException {
        writePolicy("# CA roots dropped beside this file by IT\nca.trust = roots/ca.pem\n", StandardCharsets.UTF_8);
        assertEquals(Optional.of(dir.resolve("roots/ca.pem").toString()), load().get(Settings.CA_TRUST));

        Path absolute = dir.resolve("elsewhere.pem").toAbsolutePath();
        writePolicy("ca.trust=" + absolute + "\n", StandardCharsets.UTF_8);
        assertEquals(Optional.of(absolute.toString()), load().get(Settings.CA_TRUST));
    }

    @Test
    void notepadEncodingsAreRead() throws IOException, AppException {
        String text = "# 单位策略\r\nca.trust=/opt/证书/ca.pem\r\nlanguage=zh\r\n";
        Files.write(policy(), concat(new byte[] {(byte) 0xff, (byte) 0xfe}, text.getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(Optional.of("/opt/证书/ca.pem"), load().get(Settings.CA_TRUST));

        Files.write(policy(), concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("/opt/证书/ca.pem"), load().get(Settings.CA_TRUST));
        assertEquals(Optional.of(Language.ZH), load().language());
    }

    @Test
    void emptyValuesSetNothing() throws IOException, AppException {
        writeUser("language=en\n");
        writePolicy("language=\nca.url=  \n", StandardCharsets.UTF_8);
        Settings settings = load();
        assertEquals(Optional.of(Language.EN), settings.language());
        assertFalse(settings.lockedByPolicy(Settings.LANGUAGE));
        assertEquals(Optional.empty(), settings.get(Settings.CA_URL));
    }

    @Test
    void aWrongPolicyValueBlamesThePolicyFile() throws IOException, AppException {
        writeUser("reminder.days=30\nlanguage=fr\n");
        writePolicy("reminder.days=soon\nupdate.check=sometimes\n", StandardCharsets.UTF_8);
        Settings settings = load();

        AppException days = assertThrows(AppException.class, settings::reminderDays);
        assertEquals(AppError.POLICY_UNREADABLE, days.error());
        assertEquals(List.of(policy(), "reminder.days=soon (e.g. 90,30,7)"), days.arguments());
        assertEquals(AppError.POLICY_UNREADABLE, assertThrows(AppException.class, settings::updateCheck).error());
        // the policy is silent on the language: the user's wrong value is the user's to fix
        assertEquals(AppError.SETTINGS_UNREADABLE, assertThrows(AppException.class, settings::language).error());
    }

    @Test
    void anUnreadablePolicyStopsTheClient() throws IOException {
        Files.createDirectories(policy());
        AppException e = assertThrows(AppException.class, this::load);
        assertEquals(AppError.POLICY_UNREADABLE, e.error());
        assertEquals(policy(), e.arguments().get(0));
    }

    @Test
    void withoutPolicyOrSettingsTheDefaultsApply() throws AppException {
        Settings settings = load();
        assertEquals(Settings.DEFAULT_REMINDER_DAYS, settings.reminderDays());
        assertTrue(settings.updateCheck());
        assertEquals(policy(), settings.policyFile());
    }

    @Test
    void reminderDaysAreSortedLargestFirst() throws IOException, AppException {
        writeUser("reminder.days = 7, 90;30 30\n");
        assertEquals(List.of(90, 30, 7), load().reminderDays());
    }

    private Settings load() throws AppException {
        return Settings.load(Map.of("UKEY_CONFIG_DIR", dir.resolve("user").toString(),
                "UKEY_POLICY_FILE", policy().toString()));
    }

    private Path policy() {
        return dir.resolve("policy.properties");
    }

    private void writePolicy(String text, java.nio.charset.Charset charset) throws IOException {
        Files.writeString(policy(), text, charset);
    }

    private void writeUser(String text) throws IOException {
        Files.createDirectories(dir.resolve("user"));
        Files.writeString(dir.resolve("user/settings.properties"), text, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
