package ukey.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void settingsLiveWhereEachPlatformKeepsThem() {
        assertEquals(Path.of("/tmp/x"), Settings.directory(Map.of("UKEY_CONFIG_DIR", "/tmp/x", "HOME", "/h"), false));
        assertEquals(Path.of("/xdg/ukey"), Settings.directory(Map.of("XDG_CONFIG_HOME", "/xdg", "HOME", "/h"), false));
        assertEquals(Path.of("/h/.config/ukey"), Settings.directory(Map.of("HOME", "/h"), false));
        assertEquals(Path.of("C:\\Users\\u\\AppData\\Roaming", "UKey"),
                Settings.directory(Map.of("APPDATA", "C:\\Users\\u\\AppData\\Roaming"), true));
    }

    @Test
    void missingFileMeansDefaults() throws AppException {
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()));
        assertEquals(30, settings.renewalWindowDays());
        assertEquals(List.of(), settings.pkcs11Modules());
        assertEquals(Optional.empty(), settings.language());
    }

    @Test
    void typedValuesAreRead() throws IOException, AppException {
        write("renewal.windowDays = 60\n"
                + "pkcs11.modules = /opt/a/lib.so" + File.pathSeparator + " /opt/b/lib.so\n"
                + "language=en\n");
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()));
        assertEquals(60, settings.renewalWindowDays());
        assertEquals(List.of(Path.of("/opt/a/lib.so"), Path.of("/opt/b/lib.so")), settings.pkcs11Modules());
        assertEquals(Optional.of(Language.EN), settings.language());
    }

    @Test
    void aWrongValueIsReportedWithItsKey() throws IOException, AppException {
        write("renewal.windowDays=thirty\nlanguage=fr\n");
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()));
        AppException window = assertThrows(AppException.class, settings::renewalWindowDays);
        assertEquals(AppError.SETTINGS_UNREADABLE, window.error());
        assertEquals(List.of(dir.resolve("settings.properties"), "renewal.windowDays=thirty (0..3650)"),
                window.arguments());
        assertEquals(AppError.SETTINGS_UNREADABLE, assertThrows(AppException.class, settings::language).error());
    }

    @Test
    void aBrokenFileIsReported() throws IOException {
        write("pkcs11.modules=\\u12\n");
        AppException e = assertThrows(AppException.class,
                () -> Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString())));
        assertEquals(AppError.SETTINGS_UNREADABLE, e.error());
    }

    @Test
    void savedValuesComeBackWithChinese() throws IOException, AppException {
        Path nested = dir.resolve("new/ukey");
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", nested.toString()));
        settings.set(Settings.PKCS11_MODULES, "/opt/天威/lib.so");
        settings.set(Settings.RENEWAL_WINDOW_DAYS, "45");
        settings.save();

        assertTrue(Files.readString(nested.resolve("settings.properties"), StandardCharsets.UTF_8)
                .contains("/opt/天威/lib.so"));
        Settings again = Settings.load(Map.of("UKEY_CONFIG_DIR", nested.toString()));
        assertEquals(List.of(Path.of("/opt/天威/lib.so")), again.pkcs11Modules());
        assertEquals(45, again.renewalWindowDays());
    }

    private void write(String text) throws IOException {
        Files.writeString(dir.resolve("settings.properties"), text, StandardCharsets.UTF_8);
    }
}
