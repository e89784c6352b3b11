package ukey.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Issue 13's tray goals: what the client in the tray costs (Rss and private dirty from /proc/PID/smaps_rollup, CPU
 * from /proc/PID/stat and per thread) 60 s after it went to the tray, beside a hidden plain JavaFX window (the
 * anchor of the tray goals), all running at once under Xvfb with trayer. src/bench.sh tray gives it the tray process
 * (ukey gui --hidden, after its window process came and went: src/bench/tray-cycle.sh), the window hidden in the tray
 * as a `ukey gui` started alone keeps it.
 * Usage: TrayBench SOFTHSM2_UTIL -- NAME COMMAND... [-- NAME COMMAND...]... ; the first command is the anchor; after
 * the CPU was watched a key is inserted (a new SoftHSM token) and each client whose NAME says "SoftHSM" is timed
 * until it announces it.
 * Environment: UKEY_BENCH_IDLE_SECONDS (default 60), UKEY_BENCH_CPU_SECONDS (default 60).
 */
public final class TrayBench {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private TrayBench() {
    }

    public static void main(String[] args) throws Exception {
        long idleSeconds = Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_IDLE_SECONDS", "60"));
        long cpuSeconds = Long.parseLong(System.getenv().getOrDefault("UKEY_BENCH_CPU_SECONDS", "60"));
        List<GuiBench.Subject> subjects = new ArrayList<>();
        List<String> current = null;
        for (String arg : List.of(args).subList(1, args.length)) {
            if (arg.equals("--")) {
                current = new ArrayList<>();
                subjects.add(null);
            } else if (subjects.getLast() == null) {
                subjects.set(subjects.size() - 1, new GuiBench.Subject(arg, current, true));
            } else {
                current.add(arg);
            }
        }
        List<GuiBench.Launched> running = new ArrayList<>();
        for (GuiBench.Subject subject : subjects) {
            running.add(subject.start("hide", null));
        }
        for (GuiBench.Launched launched : running) {
            launched.awaitMark("hidden");
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        List<Map<String, Long>> memory = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        List<Map<String, Long>> threadTicks = new ArrayList<>();
        for (GuiBench.Launched launched : running) {
            long pid = GuiBench.javaPid(launched.process);
            memory.add(GuiBench.smapsRollup(pid));
            ticks.add(GuiBench.cpuTicks(pid));
            threadTicks.add(GuiBench.threadTicks(pid));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(cpuSeconds));
        List<Double> cpu = new ArrayList<>();
        List<String> busiest = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            long pid = GuiBench.javaPid(running.get(i).process);
            cpu.add(100.0 * (GuiBench.cpuTicks(pid) - ticks.get(i)) / TICKS_PER_SECOND / cpuSeconds);
            busiest.add(busiest(threadTicks.get(i), GuiBench.threadTicks(pid), cpuSeconds));
        }
        List<Integer> watching = new ArrayList<>();
        for (int i = 1; i < subjects.size(); i++) {
            if (subjects.get(i).name().contains("SoftHSM")) {
                watching.add(i);
            }
        }
        List<Long> seen = GuiBench.insertKey(watching.stream().map(running::get).toList(), args[0]);
        Map<Integer, Long> latency = new TreeMap<>();
        for (int i = 0; i < watching.size(); i++) {
            latency.put(watching.get(i), seen.get(i));
        }
        for (GuiBench.Launched launched : running) { // a script's processes too (tray-cycle.sh)
            launched.process.descendants().forEach(ProcessHandle::destroy);
            launched.process.destroy();
            launched.process.waitFor(10, TimeUnit.SECONDS);
        }
        print(subjects, memory, cpu, idleSeconds, cpuSeconds, latency);
        System.out.println("where the CPU went (threads, % of a core over the same seconds):");
        for (int i = 0; i < subjects.size(); i++) {
            System.out.printf("  %-42s %s%n", subjects.get(i).name(), busiest.get(i));
        }
    }

    /** The threads that used the most CPU between two looks. */
    private static String busiest(Map<String, Long> before, Map<String, Long> after, long seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> String.format("%s %.2f", e.getKey().replaceAll(" \\d+$", ""),
                        100.0 * e.getValue() / TICKS_PER_SECOND / seconds))
                .collect(Collectors.joining(", "));
    }

    private static void print(List<GuiBench.Subject> subjects, List<Map<String, Long>> memory, List<Double> cpu,
                              long idleSeconds, long cpuSeconds, Map<Integer, Long> latency) {
        double anchorRss = memory.getFirst().get("Rss") / 1024.0;
        System.out.printf("all at once, %d s after hiding/starting (trayer's system tray; CPU over the next %d s):%n",
                idleSeconds, cpuSeconds);
        for (int i = 0; i < subjects.size(); i++) {
            double rss = memory.get(i).get("Rss") / 1024.0;
            System.out.printf("  %-42s Rss %5.1f MB (%+6.1f MB vs anchor; goal ≤ +40) | private dirty %5.1f MB"
                            + " (goal ≤ 100) | CPU %4.2f %% of a core (goal ≤ 0.3)%n", subjects.get(i).name(), rss,
                    rss - anchorRss, memory.get(i).get("Private_Dirty") / 1024.0, cpu.get(i));
        }
        latency.forEach((i, ms) -> System.out.printf("  a key inserted is reported by %s after %s (goal: ≤ 1000 ms)%n",
                subjects.get(i).name(), ms < 0 ? "— (not seen within 10 s)" : ms + " ms"));
    }
}
