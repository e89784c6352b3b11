package ukey.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The launchers start the client's JVM so that no other process of the user can attach to it (jcmd, a Java agent)
 * to read a PIN from its memory: the installed ones (jpackage.cfg) and the dev launcher. Proven on a real JVM
 * started with the installed launchers' options, which jcmd then cannot reach.
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
}
