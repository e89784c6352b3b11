package ukey.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The window's launch and memory, as whole processes under the display given (src/bench.sh gui runs it under
 * Xvfb), beside a plain JavaFX window that does nothing (the floor):
 * <ul>
 *   <li>launch to first frame: from starting the process to the first layout pulse that shows the key's
 *       certificate (WindowProbe, around the real client, prints the moment; the plain window its first pulse),
 *       cold and with the JDK's AOT cache (JDK 25: a training run with -XX:AOTCacheOutput, then -XX:AOTCache);</li>
 *   <li>resident memory (VmRSS from /proc) a minute after the window was hidden, as closing it to the tray does.</li>
 * </ul>
 * Usage: GuiBench WORK_DIR RUNS -- APP_JAVA_COMMAND... -- PLAIN_JAVA_COMMAND...  Both are java command lines (not
 * the ukey launcher script, whose -Xshare:auto the AOT options refuse); the AOT option goes right after "java".
 */
public final class GuiBench {

    private static final String MARK = "UKEY_BENCH ";

    private GuiBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int split = Arrays.asList(args).lastIndexOf("--");
        List<String> app = List.of(args).subList(3, split);
        List<String> plain = List.of(args).subList(split + 1, args.length);
        long idleSeconds = Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_IDLE_SECONDS", "60"));

        Subject window = new Subject("UKey window (key with certificate)", app, true);
        Subject floor = new Subject("plain JavaFX window (floor)", plain, false);
        for (Subject subject : List.of(floor, window)) {
            Path cache = work.resolve(subject.app ? "app.aot" : "plain.aot");
            List<Long> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                cold.add(subject.launch("exit", null).firstFrame);
            }
            subject.launch("exit", "-XX:AOTCacheOutput=" + cache); // training run: writes the cache at exit
            List<Long> aot = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                aot.add(subject.launch("exit", "-XX:AOTCache=" + cache).firstFrame);
            }
            System.out.printf("%-36s launch to first frame: cold median %5d ms (min %d), AOT cache median %5d ms"
                            + " (min %d), %d runs each; AOT cache %.1f MB%n", subject.name, median(cold),
                    min(cold), median(aot), min(aot), runs, Files.size(cache) / 1e6);
        }
        for (Subject subject : List.of(floor, window)) {
            Launched hidden = subject.start("hide", null);
            hidden.awaitMark("hidden");
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
            long rss = rssKb(hidden.process.pid());
            hidden.process.destroy();
            hidden.process.waitFor(10, TimeUnit.SECONDS);
            System.out.printf("%-36s resident memory %d s after hiding the window: %.1f MB%n", subject.name,
                    idleSeconds, rss / 1024.0);
        }
    }

    private record Subject(String name, List<String> command, boolean app) {

        Launched launch(String then, String jvmOption) throws Exception {
            Launched launched = start(then, jvmOption);
            launched.awaitMark(app ? "first-certificate" : "first-frame");
            if (!launched.process.waitFor(120, TimeUnit.SECONDS)) {
                launched.process.destroyForcibly();
                throw new IllegalStateException(name + " did not exit");
            }
            return launched;
        }

        Launched start(String then, String jvmOption) throws IOException {
            List<String> line = new ArrayList<>(command);
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().put("UKEY_BENCH_THEN", then);
            if (jvmOption != null) {
                line.add(1, jvmOption); // right after the java executable
            }
            builder.command(line).redirectError(ProcessBuilder.Redirect.DISCARD);
            long started = System.currentTimeMillis();
            return new Launched(builder.start(), started);
        }
    }

    private static final class Launched {
        final Process process;
        final long started;
        long firstFrame;
        final BufferedReader out;

        Launched(Process process, long started) {
            this.process = process;
            this.started = started;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads the process's output up to the line "UKEY_BENCH <what> <epoch ms>". */
        void awaitMark(String what) throws IOException {
            List<String> said = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                said.add(line);
                if (line.startsWith(MARK + what + " ")) {
                    long at = Long.parseLong(line.substring((MARK + what + " ").length()).trim());
                    firstFrame = at - started;
                    return;
                }
            }
            throw new IllegalStateException("the process ended without printing " + MARK + what + ": " + said);
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
