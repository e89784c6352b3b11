package ukey.app.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.ui.tray.WindowProcess.Page;

/** How the tray process starts its window process, and that it starts one at a time (real processes: sh and cat). */
class WindowProcessTest {

    @Test
    void theWindowStartsAsThisProcessDidWithTheWindowsOptionsInPlaceOfHidden() {
        List<String> args = List.of("--module", "/opt/a.so", "--hidden");
        WindowProcess window = WindowProcess.like(info("/usr/bin/java", "-Xmx128m", "-cp", "app.jar", "ukey.app.Main",
                "gui", "--module", "/opt/a.so", "--hidden"), args).orElseThrow();
        assertEquals(List.of("/usr/bin/java", "-Xmx128m", "-cp", "app.jar", "ukey.app.Main", "gui", "--module",
                "/opt/a.so", WindowProcess.OPTION), window.command());
    }

    @Test
    void aCommandLineThatCannotBeReadKeepsTheWindowInThisProcess() {
        List<String> args = List.of("--hidden");
        assertTrue(WindowProcess.like(info("/usr/bin/java", "ukey.app.Main", "list", "--hidden"), args).isEmpty(),
                "no gui before the arguments");
        assertTrue(WindowProcess.like(info("/usr/bin/java", "ukey.app.Main", "gui", "--tray"), args).isEmpty(),
                "other arguments than this process's");
        assertTrue(WindowProcess.like(new Info(Optional.empty(), Optional.empty()), args).isEmpty(),
                "what the system does not tell");
    }

    @Test
    void anInstalledLauncherStartsTheWindowWithItsOwnOptions(@TempDir Path dir) throws Exception {
        // the installed client (the .deb's scripts, jpackage's .exe): the launcher picks the window's options
        Path launcher = Files.createFile(dir.resolve("UKey Assistant"));
        Properties system = new Properties();
        system.setProperty(WindowProcess.LAUNCHER_PROPERTY, launcher.toString());
        List<String> args = List.of("--skf", "/opt/b.so", "--tray");
        WindowProcess window = WindowProcess.of(system, info("/opt/ukey/runtime/bin/java", "@tray.args", "gui",
                "--skf", "/opt/b.so", "--tray"), args).orElseThrow();
        assertEquals(List.of(launcher.toString(), "gui", "--skf", "/opt/b.so", WindowProcess.OPTION), window.command());
    }

    @Test
    void aCheckoutsLauncherComesFirst(@TempDir Path dir) throws Exception {
        Path checkout = Files.createFile(dir.resolve("ukey"));
        Properties system = new Properties();
        system.setProperty(WindowProcess.LAUNCHER_PROPERTY, Files.createFile(dir.resolve("other")).toString());
        system.setProperty(WindowProcess.CHECKOUT_LAUNCHER_PROPERTY, checkout.toString());
        assertEquals(List.of(checkout.toString(), "gui", WindowProcess.OPTION), WindowProcess.of(system,
                info("/usr/bin/java", "ukey.app.Main", "gui", "--hidden"), List.of("--hidden")).orElseThrow()
                .command());
    }

    @Test
    void withoutItsLauncherFileTheWindowStartsAsThisProcessDidOrInIt(@TempDir Path dir) {
        Properties system = new Properties();
        system.setProperty(WindowProcess.LAUNCHER_PROPERTY, dir.resolve("gone.exe").toString());
        List<String> args = List.of("--hidden");
        assertEquals(List.of("/usr/bin/java", "ukey.app.Main", "gui", WindowProcess.OPTION), WindowProcess.of(system,
                info("/usr/bin/java", "ukey.app.Main", "gui", "--hidden"), args).orElseThrow().command());
        // Windows: no command line to read either, so the window stays in this process as before
        assertTrue(WindowProcess.of(system, new Info(Optional.empty(), Optional.empty()), args).isEmpty());
    }

    @Test
    void aWindowThatCannotStartIsSaidOnce(@TempDir Path dir) throws Exception {
        Path notAProgram = Files.writeString(dir.resolve("launcher"), "not executable");
        WindowProcess window = WindowProcess.throughLauncher(notAProgram.toString(), List.of("--hidden"))
                .orElseThrow();
        AtomicInteger failures = new AtomicInteger();
        window.onStartFailure(failures::incrementAndGet);
        window.show(Page.MAIN);
        assertEquals(1, failures.get());
        assertFalse(window.isRunning());
    }

    @Test
    void oneWindowProcessAtATimeFurtherPagesGoToItsInput(@TempDir Path dir) throws Exception {
        // the "window": notes each start with its arguments, then copies what the tray says to a file
        String script = "echo \"$@\" >> '" + dir.resolve("starts") + "'; exec cat >> '" + dir.resolve("said") + "'";
        WindowProcess window = WindowProcess.like(info("/bin/sh", "-c", script, "gui", "--hidden"),
                List.of("--hidden")).orElseThrow();
        assertFalse(window.isRunning());
        window.show(Page.CERTIFICATE);
        window.show(Page.CHANGE_PIN);
        window.show(Page.MAIN);
        ProcessHandle first = window.handle().orElseThrow();
        waitFor(() -> read(dir.resolve("said")).equals("change-pin\nmain\n"));
        assertEquals(WindowProcess.OPTION + " --page certificate\n", read(dir.resolve("starts")));

        window.close(); // as 退出 does; a window closed by its user ends the same way
        first.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(window.isRunning());
        window.show(Page.MAIN);
        waitFor(() -> read(dir.resolve("starts")).lines().count() == 2);
        assertEquals(List.of(WindowProcess.OPTION + " --page certificate", WindowProcess.OPTION + " --page main"),
                read(dir.resolve("starts")).lines().toList());
        window.close();
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!check.holds()) {
            assertTrue(Instant.now().isBefore(deadline), "not within 20 s");
            Thread.sleep(50);
        }
    }

    private static ProcessHandle.Info info(String command, String... arguments) {
        return new Info(Optional.of(command), Optional.of(arguments));
    }

    /** What the operating system tells of a process's command line. */
    private record Info(Optional<String> command, Optional<String[]> arguments) implements ProcessHandle.Info {
        @Override
        public Optional<String> commandLine() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> startInstant() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> totalCpuDuration() {
            return Optional.empty();
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }
}
