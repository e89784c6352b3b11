package ukey.bench;

import static ukey.bench.BenchSupport.median;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The window's launch and its life in the tray, as whole processes under the display given (src/bench.sh gui
 * runs it under Xvfb with trayer, a real system tray), beside a plain JavaFX window that does nothing (the floor):
 * <ul>
 *   <li>launch to first frame: from starting the process to the first layout pulse that shows the key's
 *       certificate (WindowProbe, around the real client, prints the moment; the plain window its first pulse), and
 *       the CPU time the process had used by then; cold and with the JDK's AOT cache (JDK 25: a training run with
 *       -XX:AOTCacheOutput, then -XX:AOTCache, given through JDK_JAVA_OPTIONS). The two windows start in turn,
 *       and each pair gives a ratio, so a busy machine slows both sides of a ratio alike;</li>
 *   <li>in the tray: resident memory (Rss) and private dirty memory (from /proc/PID/smaps_rollup) a while after
 *       the window was hidden, as closing it to the tray does; the CPU it uses while hidden with a key inserted
 *       (utime + stime from /proc/PID/stat); and how long after a new key appears the hidden client has it.</li>
 * </ul>
 * With a third command, the installed client (its runtime, jars, JVM options and the AOT cache its package was
 * built with, WindowProbe appended to its class path) starts in turn with the other two and is paired with the plain
 * window's AOT launch of the same round.
 * Usage: GuiBench WORK_DIR RUNS SOFTHSM2_UTIL -- APP_COMMAND... -- PLAIN_COMMAND... [-- INSTALLED_COMMAND...]
 * Environment: UKEY_BENCH_IDLE_SECONDS (hidden before memory is read, default 60; 0: no tray figures),
 * UKEY_BENCH_CPU_SECONDS (how long the CPU is watched after that, default 60).
 */
public final class GuiBench {

    private static final String MARK = "UKEY_BENCH ";
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private GuiBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        String softhsmUtil = args[2];
        List<List<String>> commands = commands(List.of(args).subList(3, args.length));
        Subject app = new Subject("UKey window (key with certificate)", commands.get(0), true);
        Subject plain = new Subject("plain JavaFX window (floor)", commands.get(1), false);
        Optional<Subject> installed = commands.stream().skip(2).findFirst()
                .map(command -> new Subject("installed client", command, true));
        launches(work, runs, app, plain, installed);
        if (Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_IDLE_SECONDS", "60")) > 0) {
            tray(app, plain, softhsmUtil);
        }
    }

    /** The commands between the "--" separators. */
    private static List<List<String>> commands(List<String> args) {
        List<List<String>> commands = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                commands.add(new ArrayList<>());
            } else {
                commands.getLast().add(arg);
            }
        }
        return commands;
    }

    private static void launches(Path work, int runs, Subject app, Subject plain, Optional<Subject> installed)
            throws Exception {
        for (Subject subject : List.of(plain, app)) { // training runs: each writes its cache at exit
            subject.launch("exit", "-XX:AOTCacheOutput=" + subject.cache(work));
        }
        Figures cold = new Figures();
        Figures aot = new Figures();
        Figures installedAot = new Figures();
        for (int i = 0; i < runs; i++) {
            cold.add(app.launch("exit", null), plain.launch("exit", null));
            Launched appAot = app.launch("exit", "-XX:AOTCache=" + app.cache(work));
            Launched plainAot = plain.launch("exit", "-XX:AOTCache=" + plain.cache(work));
            aot.add(appAot, plainAot);
            if (installed.isPresent()) { // its own cache is among its JVM options
                installedAot.add(installed.get().launch("exit", null), plainAot);
            }
        }
        System.out.printf("launch to first frame, %d pairs in turn (medians; ratio = median of the pairs' ratios)%n",
                runs);
        cold.print("cold", "UKey window");
        aot.print("AOT cache", "UKey window");
        aot.printThreads("AOT cache, ms");
        if (installed.isPresent()) {
            installedAot.print("AOT cache", "installed  ");
        }
    }

    /** Launch figures of both windows, pair by pair. */
    private static final class Figures {
        final List<Double> appMs = new ArrayList<>();
        final List<Double> plainMs = new ArrayList<>();
        final List<Double> appCpu = new ArrayList<>();
        final List<Double> plainCpu = new ArrayList<>();
        final List<Double> wallRatio = new ArrayList<>();
        final List<Double> cpuRatio = new ArrayList<>();
        final Map<String, List<Double>> appThreads = new HashMap<>();
        final Map<String, List<Double>> plainThreads = new HashMap<>();

        void add(Launched app, Launched plain) {
            appMs.add((double) app.markAt);
            plainMs.add((double) plain.markAt);
            appCpu.add((double) app.cpuAtMark);
            plainCpu.add((double) plain.cpuAtMark);
            wallRatio.add((double) app.markAt / plain.markAt);
            cpuRatio.add((double) app.cpuAtMark / plain.cpuAtMark);
            app.threadCpuAtMark.forEach((name, ms) -> appThreads.computeIfAbsent(name, n -> new ArrayList<>()).add(ms));
            plain.threadCpuAtMark.forEach((name, ms) -> plainThreads.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(ms));
        }

        /** Where the CPU went by the mark, by thread (medians, the largest first): what the ratio is made of. */
        void printThreads(String how) {
            System.out.printf("    CPU by thread, %s: UKey %s | plain %s%n", how, threads(appThreads),
                    threads(plainThreads));
        }

        private static String threads(Map<String, List<Double>> byThread) {
            return byThread.entrySet().stream().map(e -> Map.entry(e.getKey(), median(e.getValue())))
                    .filter(e -> e.getValue() >= 10).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(6).map(e -> String.format("%s %.0f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        void print(String how, String who) {
            System.out.printf("  %-9s %s %5.0f ms (CPU %5.0f ms) | plain JavaFX window %5.0f ms (CPU %5.0f ms)"
                            + " | ratio %.2f× wall, %.2f× CPU (goal: ≤ %s× wall)%n", how, who, median(appMs),
                    median(appCpu), median(plainMs), median(plainCpu), median(wallRatio), median(cpuRatio),
                    how.equals("cold") ? "2" : "1.5");
        }
    }

    /** Both windows hidden as closing to the tray hides them: memory, CPU, and a key inserted meanwhile. */
    private static void tray(Subject app, Subject plain, String softhsmUtil) throws Exception {
        long idleSeconds = Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_IDLE_SECONDS", "60"));
        long cpuSeconds = Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_CPU_SECONDS", "60"));
        Launched appHidden = app.start("hide", null);
        Launched plainHidden = plain.start("hide", null);
        appHidden.awaitMark("hidden");
        plainHidden.awaitMark("hidden");
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        long appPid = javaPid(appHidden.process);
        long plainPid = javaPid(plainHidden.process);
        Map<String, Long> appMemory = smapsRollup(appPid);
        Map<String, Long> plainMemory = smapsRollup(plainPid);
        long appTicks = cpuTicks(appPid);
        long plainTicks = cpuTicks(plainPid);
        Thread.sleep(TimeUnit.SECONDS.toMillis(cpuSeconds));
        double appCpu = 100.0 * (cpuTicks(appPid) - appTicks) / TICKS_PER_SECOND / cpuSeconds;
        double plainCpu = 100.0 * (cpuTicks(plainPid) - plainTicks) / TICKS_PER_SECOND / cpuSeconds;
        long insertLatency = insertKey(List.of(appHidden), softhsmUtil).getFirst();
        for (Launched hidden : List.of(appHidden, plainHidden)) {
            hidden.process.destroy();
            hidden.process.waitFor(10, TimeUnit.SECONDS);
        }
        double appRss = appMemory.get("Rss") / 1024.0;
        double plainRss = plainMemory.get("Rss") / 1024.0;
        System.out.printf("in the tray, %d s after hiding the window (trayer's system tray, key inserted):%n",
                idleSeconds);
        System.out.printf("  resident (Rss)    UKey %5.1f MB | plain JavaFX window %5.1f MB | +%.1f MB (goal: ≤ +40 MB)%n",
                appRss, plainRss, appRss - plainRss);
        System.out.printf("  private dirty     UKey %5.1f MB | plain JavaFX window %5.1f MB | goal: ≤ 100 MB%n",
                appMemory.get("Private_Dirty") / 1024.0, plainMemory.get("Private_Dirty") / 1024.0);
        System.out.printf("  CPU while hidden  UKey %5.2f %% of a core | plain JavaFX window %5.2f %% (over %d s)"
                + " | goal: ≤ 0.3 %%%n", appCpu, plainCpu, cpuSeconds);
        System.out.printf("  a key inserted while hidden is in the client's list after %s (goal: ≤ 1000 ms)%n",
                insertLatency < 0 ? "— (not seen within 10 s)" : insertLatency + " ms");
    }

    /** Makes a new SoftHSM token (a key inserted) and waits for each hidden client to list it; returns the ms. */
    static List<Long> insertKey(List<Launched> clients, String softhsmUtil) throws Exception {
        Process init = new ProcessBuilder(softhsmUtil, "--init-token", "--free", "--label", "bench-inserted",
                "--so-pin", "87654321", "--pin", "12345678").redirectErrorStream(true).start();
        init.getInputStream().readAllBytes();
        if (init.waitFor() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed");
        }
        long inserted = System.currentTimeMillis();
        List<CompletableFuture<Long>> seen = clients.stream().map(client -> CompletableFuture.supplyAsync(() -> {
            try {
                do {
                    client.awaitMark("key-added");
                } while (!client.markRest.equals("bench-inserted"));
                return client.markEpoch - inserted;
            } catch (IOException | IllegalStateException e) {
                return -1L;
            }
        })).toList();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            try {
                latencies.add(seen.get(i).get(Math.max(1, inserted + 10_000 - System.currentTimeMillis()),
                        TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                clients.get(i).process.destroy(); // a client that never says (an older build): its output ends
                latencies.add(-1L);
            }
        }
        return latencies;
    }

    record Subject(String name, List<String> command, boolean app) {

        Path cache(Path work) {
            return work.resolve(app ? "app.aot" : "plain.aot");
        }

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
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("UKEY_BENCH_THEN", then);
            if (jvmOption != null) {
                builder.environment().put("JDK_JAVA_OPTIONS", jvmOption);
            }
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            long started = System.currentTimeMillis();
            return new Launched(builder.start(), started);
        }
    }

    static final class Launched {
        final Process process;
        final long started;
        final BufferedReader out;
        long markEpoch;
        long markAt;
        long cpuAtMark;
        /** CPU ms by live thread at the mark. */
        Map<String, Double> threadCpuAtMark = Map.of();
        String markRest = "";

        Launched(Process process, long started) {
            this.process = process;
            this.started = started;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads the process's output up to the line "UKEY_BENCH <what> <epoch ms>"; notes the CPU used so far. */
        void awaitMark(String what) throws IOException {
            List<String> said = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                said.add(line);
                if (line.startsWith(MARK + what + " ")) {
                    cpuAtMark = cpuTicks(javaPid(process)) * 1000 / TICKS_PER_SECOND;
                    threadCpuAtMark = threadCpu(javaPid(process));
                    String[] rest = line.substring((MARK + what + " ").length()).trim().split(" ", 2);
                    markEpoch = Long.parseLong(rest[0]);
                    markRest = rest.length > 1 ? rest[1] : "";
                    markAt = markEpoch - started;
                    return;
                }
            }
            throw new IllegalStateException("the process ended without printing " + MARK + what + ": " + said);
        }
    }

    /** The java process itself: the command may be a launcher script that execs java (same pid) . */
    static long javaPid(Process process) {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
                .map(ProcessHandle::pid).orElse(process.pid());
    }

    /**
     * CPU ms of each live thread of a process by name (Linux cuts names to 15 characters, the main thread is "java";
     * threads that already ended are not there). None when the process is already ending.
     */
    static Map<String, Double> threadCpu(long pid) {
        Map<String, Double> byName = new HashMap<>();
        try {
            threadTicks(pid).forEach((thread, ticks) -> {
                String name = thread.replaceAll(" \\d+$", "");
                byName.merge(name.equals("java") ? "main" : name, ticks * 1000.0 / TICKS_PER_SECOND, Double::sum);
            });
        } catch (IOException | UncheckedIOException exiting) { // it exits right after its mark: no figures then
            return Map.of();
        }
        return byName;
    }

    /** utime + stime of each live thread, in clock ticks, by "name tid" (/proc/PID/task/TID/stat). */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> all = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    all.put(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + " " + task.getFileName(),
                            ticks(stat));
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return all;
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime of a /proc stat line (a process's or a thread's), in clock ticks. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The kB figures of /proc/PID/smaps_rollup (Rss, Pss, Private_Dirty, Anonymous ...). */
    static Map<String, Long> smapsRollup(long pid) throws IOException {
        Map<String, Long> figures = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[0].endsWith(":") && parts[2].equals("kB")) {
                figures.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
            }
        }
        return figures;
    }
}
