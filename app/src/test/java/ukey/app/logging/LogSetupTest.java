package ukey.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window's log file: one per launch, the last few kept; debug on from the start or while running. */
class LogSetupTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogSetupTest.class);

    @TempDir
    Path folder;

    @Test
    void eachLaunchStartsAFileAndTheLastFiveAreKept() throws IOException {
        for (int launch = 1; launch <= 7; launch++) {
            try (LogSetup.LogFile ignored = LogSetup.toFile(folder, false, Map.of())) {
                LOG.info("launch {}", launch);
            }
        }

        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("ukey.1.log", "ukey.2.log", "ukey.3.log", "ukey.4.log", "ukey.log"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        // the logger's name is shortened to 24 characters: u.a.logging.LogSetupTest
        assertTrue(Files.readString(folder.resolve("ukey.log")).contains("INFO  [main] u.a.logging.LogSetupTest - launch 7"));
        assertTrue(Files.readString(folder.resolve("ukey.4.log")).contains("launch 3"));
        assertFalse(Files.readString(folder.resolve("ukey.4.log")).contains("launch 4"));
    }

    @Test
    void theWindowsOfATrayProcessRollTheirOwnFileNotTheTrays() throws IOException {
        try (LogSetup.LogFile ignored = LogSetup.toFile(folder, false, Map.of())) {
            LOG.info("the tray process");
        }
        for (int window = 1; window <= 2; window++) {
            try (LogSetup.LogFile ignored = LogSetup.toFile(folder, LogSetup.WINDOW_FILE_NAME, false, Map.of())) {
                LOG.info("window {}", window);
            }
        }

        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("ukey-window.1.log", "ukey-window.log", "ukey.log"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(folder.resolve("ukey.log")).contains("the tray process"));
        assertTrue(Files.readString(folder.resolve("ukey-window.log")).contains("window 2"));
    }

    @Test
    void debugComesFromTheSettingTheEnvironmentOrASwitchWhileRunning() throws IOException {
        try (LogSetup.LogFile ignored = LogSetup.toFile(folder, false, Map.of())) {
            LOG.debug("hidden by default");
            LogSetup.debug(true);
            LOG.debug("shown once switched on");
            LogSetup.debug(false);
            LOG.debug("hidden again");
        }
        try (LogSetup.LogFile ignored = LogSetup.toFile(folder, true, Map.of())) {
            LOG.debug("shown with log.level=debug");
        }
        try (LogSetup.LogFile ignored = LogSetup.toFile(folder, false, Map.of("UKEY_LOG", "debug"))) {
            LOG.debug("shown with UKEY_LOG=debug");
        }

        String previous = Files.readString(folder.resolve("ukey.2.log"));
        assertTrue(previous.contains("shown once switched on"));
        assertFalse(previous.contains("hidden"));
        assertTrue(Files.readString(folder.resolve("ukey.1.log")).contains("shown with log.level=debug"));
        assertTrue(Files.readString(folder.resolve("ukey.log")).contains("shown with UKEY_LOG=debug"));
    }

    @Test
    void withoutTheFileTheCommandLineLogsOnlyWarnings() {
        LogSetup.toFile(folder, true, Map.of()).close();

        assertFalse(LOG.isInfoEnabled(), "back to warnings on stderr");
        assertTrue(LOG.isWarnEnabled());
    }
}
