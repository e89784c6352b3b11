package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ukey.app.Main;
import ukey.app.renewal.RenewalStep;
import ukey.token.testing.SoftHsm;

/**
 * {@code ukey} as a process of its own, on the test class path, with a settings folder and this run's SoftHSM:
 * the one way tests start it. Its output is read while it runs (a full pipe would stop it), and a process that
 * does not end within a generous limit is killed and fails the test instead of hanging the build.
 */
public final class UkeyProcess {

    private static final long LIMIT_SECONDS = 120;

    /** How a process ended: its exit code and everything it printed (stdout and stderr together). */
    public record Result(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + "\n" + output;
        }
    }

    private final Path configDir;
    private Optional<RenewalStep> haltAfter = Optional.empty();

    public UkeyProcess(Path configDir) {
        this.configDir = configDir;
    }

    /** The process is killed (halted at once, as by kill -9) right after the renewal journal records this step. */
    public UkeyProcess haltingAfter(RenewalStep step) {
        UkeyProcess halting = new UkeyProcess(configDir);
        halting.haltAfter = Optional.of(step);
        return halting;
    }

    /** Runs {@code ukey args...} with {@code stdin} typed in, and waits for its end. */
    public Result run(String stdin, List<String> args) throws IOException, InterruptedException {
        List<String> command = java();
        if (haltAfter.isPresent()) {
            command.addAll(List.of(HaltAfterStepMain.class.getName(), haltAfter.get().name()));
        } else {
            command.add(Main.class.getName());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("UKEY_CONFIG_DIR", configDir.toString());
        builder.environment().put("SOFTHSM2_CONF", SoftHsm.get().conf().toString());
        return run(builder, stdin, "ukey " + String.join(" ", args));
    }

    /** Runs another program of the test class path (a test's own {@code main}) the same way. */
    public static Result runMain(Class<?> main, String stdin) throws IOException, InterruptedException {
        List<String> command = java();
        command.add(main.getName());
        return run(new ProcessBuilder(command), stdin, main.getSimpleName());
    }

    private static List<String> java() {
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
    }

    private static Result run(ProcessBuilder builder, String stdin, String what)
            throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), output));
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join();
            fail(what + " did not end within " + LIMIT_SECONDS + " s:\n" + text(output));
        }
        reader.join();
        return new Result(process.exitValue(), text(output));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
