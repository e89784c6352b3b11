package ukey.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers start the client's JVM so that no other process of the user can attach to it (jcmd, a Java agent)
 * to read a PIN from its memory: the installed ones (jpackage.cfg) and the dev launcher. Proven on a real JVM
 * started with the installed launchers' options, which jcmd then cannot reach. And which AOT cache each command
 * starts with: `ukey renew` the renewal's, every other the listing's.
 */
class LaunchersTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String NO_ATTACH = "-XX:+DisableAttachMechanism";

    /** Waits until its standard input closes: a client that runs until the test ends it. */
    public static void main(String[] args) throws IOException {
        System.out.println("running");
        System.in.read();
    }

    /** The --java-options of jpackage.cfg, as jpackage gives them to both installed launchers. */
    static List<String> installedJavaOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("jpackage.cfg"), StandardCharsets.UTF_8)) {
            String option = line.replaceFirst("#.*", "").strip();
            if (option.startsWith("--java-options ")) {
                options.add(option.substring("--java-options ".length()).strip());
            }
        }
        return options;
    }

    @Test
    void theInstalledClientsJvmRefusesToBeAttachedTo() throws Exception {
        List<String> options = installedJavaOptions();
        assertTrue(options.contains(NO_ATTACH), options.toString());

        Path bin = Path.of(System.getProperty("java.home"), "bin");
        List<String> command = new ArrayList<>(List.of(bin.resolve("java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LaunchersTest.class.getName()));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertEquals("running", new String(client.getInputStream().readNBytes(7), StandardCharsets.UTF_8));
            Process jcmd = new ProcessBuilder(bin.resolve("jcmd").toString(), String.valueOf(client.pid()),
                    "VM.version").redirectErrorStream(true).start();
            String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
            assertNotEquals(0, jcmd.exitValue(), "jcmd reached the client: " + said);
        } finally {
            client.getOutputStream().close();
            client.waitFor(20, TimeUnit.SECONDS);
            client.destroyForcibly();
        }
    }

    @Test
    void theDevLauncherStartsTheJvmTheSameWay() throws IOException {
        String launcher = Files.readString(ROOT.resolve("app/src/main/launcher/ukey"), StandardCharsets.UTF_8);
        // before UKEY_JAVA_OPTS: a developer may still turn it off for one run
        int option = launcher.indexOf(NO_ATTACH);
        assertTrue(option > 0 && option < launcher.indexOf("${UKEY_JAVA_OPTS"), launcher);
    }

    /** Command lines and the cache each should start with: renew's own, else the listing's. */
    private static final Map<List<String>, String> CACHE_BY_COMMAND = Map.of(
            List.of("renew", "--connector", "cmp", "--same-key"), "ukey-renew.aot",
            List.of("--lang", "en", "--module", "/x.so", "renew", "--pin-stdin"), "ukey-renew.aot",
            List.of("--token=a", "renew"), "ukey-renew.aot",
            List.of("list", "--json"), "ukey-cli.aot",
            List.of("--token", "renew", "list"), "ukey-cli.aot", // a token labelled "renew" is no command
            List.of("show", "renew"), "ukey-cli.aot",
            List.of("--version"), "ukey-cli.aot",
            List.of(), "ukey-cli.aot");

    /**
     * The dev launcher gives `ukey renew` the renewal's AOT cache and every other command the listing's: seen in the
     * java command it starts (a stand-in JDK whose java prints its arguments).
     */
    @Test
    void theDevLauncherStartsRenewWithItsOwnCache(@TempDir Path dir) throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "a shell script");
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path java = Files.writeString(jdk.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        java.toFile().setExecutable(true);
        Path target = Files.createDirectories(dir.resolve("target/lib"));
        Path launcher = Files.copy(ROOT.resolve("app/src/main/launcher/ukey"), dir.resolve("target/ukey"));
        for (String file : List.of("app.jar", "ukey-cli.aot", "ukey-renew.aot")) {
            Files.writeString(dir.resolve("target").resolve(file), "");
        }
        for (Map.Entry<List<String>, String> expected : CACHE_BY_COMMAND.entrySet()) {
            List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
            command.addAll(expected.getKey());
            String started = output(new ProcessBuilder(command), Map.of("UKEY_JAVA_HOME", dir.resolve("jdk")
                    .toString(), "UKEY_JAVA_OPTS", ""));
            assertTrue(started.contains("-XX:AOTCache=" + target.getParent().resolve(expected.getValue()) + "\n"),
                    expected + " started " + started);
        }
    }

    /** The .deb's `ukey` script chooses the same way (installer/linux/ukey-renew-choice.sh, run by sh). */
    @Test
    void theInstalledLauncherChoosesTheSameWay() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "a shell script");
        String choice = Files.readString(ROOT.resolve("installer/linux/ukey-renew-choice.sh"), StandardCharsets.UTF_8)
                .replace("RENEW_ARGS", "ukey-renew.aot");
        for (Map.Entry<List<String>, String> expected : CACHE_BY_COMMAND.entrySet()) {
            List<String> command = new ArrayList<>(List.of("sh", "-c", "args=ukey-cli.aot\n" + choice
                    + "echo \"$args\"", "ukey"));
            command.addAll(expected.getKey());
            assertEquals(expected.getValue() + "\n", output(new ProcessBuilder(command), Map.of()),
                    expected.toString());
        }
    }

    private static String output(ProcessBuilder command, Map<String, String> environment) throws Exception {
        command.environment().putAll(environment);
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }
}
