package ukey.bench;

import static ukey.bench.BenchSupport.find;
import static ukey.bench.BenchSupport.max;
import static ukey.bench.BenchSupport.median;
import static ukey.bench.BenchSupport.min;
import static ukey.bench.BenchSupport.run;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;

import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenWatcher;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * Token-layer figures, printed, never asserted. Run through {@code src/bench.sh tokens}, which gives each case
 * its own SoftHSM directory through SOFTHSM2_CONF. Modes:
 * <pre>
 *   prepare LIBRARY LABEL N     make a token with N certificates (EC P-256 keys made on the token)
 *   enumerate LIBRARY           in-process: open + list tokens and certificates, cold and warm
 *   process RUNS COMMAND...     whole-process wall time of a command, median and min over RUNS runs
 *   versus RUNS GOAL A... -- B...  A and B in turn as whole processes: wall and CPU (GNU time), each pair's ratio
 *   detect LIBRARY INTERVAL_MS  insert/remove detection latency of the watcher
 *   skf-prepare TOOL DEVICE N   make a softskf device with N dual-certificate SM2 containers
 *   skf-enumerate LIBRARY       the same listing on an SKF library (SOFTSKF_DIR), and SM2 signing
 *   skf-enumerate-host LIBRARY  the same with the library served by ukey-host
 * </pre>
 */
public final class TokenBench {

    private static final char[] PIN = "12345678".toCharArray();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "enumerate" -> enumerate(Path.of(args[1]));
            case "process" -> process(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length));
            case "versus" -> versus(Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                    Arrays.copyOfRange(args, 3, args.length));
            case "detect" -> detect(Path.of(args[1]), Integer.parseInt(args[2]));
            case "skf-prepare" -> SkfTokenBench.prepare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "skf-enumerate" -> SkfTokenBench.enumerate(Path.of(args[1]), false);
            case "skf-enumerate-host" -> SkfTokenBench.enumerate(Path.of(args[1]), true);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void prepare(Path library, String label, int certificates) throws Exception {
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321", "--pin", "12345678");
        try (Pkcs11Provider provider = Pkcs11Provider.open(library)) {
            Token token = find(provider, label);
            try (ObjectSession session = ObjectSession.of(token.login(PIN.clone()))) {
                for (int i = 0; i < certificates; i++) {
                    ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, "cert " + i);
                    X500Name name = new X500Name("CN=基准用户" + i + ", O=UKey Bench, C=CN");
                    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    session.writeCertificate(key.id(), "cert " + i, new X509v3CertificateBuilder(name,
                            BigInteger.valueOf(i + 1), Date.from(now), Date.from(now.plus(30, ChronoUnit.DAYS)), name,
                            key.publicKey()).build(session.signer(key.id())));
                }
            }
        }
    }

    private static void enumerate(Path library) throws Exception {
        long start = System.nanoTime();
        try (Pkcs11Provider provider = Pkcs11Provider.open(library)) {
            int certificates = listAll(provider);
            long cold = System.nanoTime() - start;
            List<Long> warm = times(30, () -> listAll(provider));
            System.out.printf("in-process enumeration, %d certificates: cold (load + C_Initialize + list) %.1f ms"
                    + " (goal ≤ 150 ms),"
                    + " warm median %.2f ms, min %.2f ms%n", certificates, cold / 1e6, median(warm) / 1e6,
                    min(warm) / 1e6);
        }
    }

    /** Wall times of {@code runs} runs of the work, in nanoseconds. */
    static List<Long> times(int runs, Callable<?> work) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.call();
            times.add(System.nanoTime() - t);
        }
        return times;
    }

    private static int listAll(Pkcs11Provider provider) throws Exception {
        int n = 0;
        for (Token token : provider.tokens()) {
            token.info();
            n += token.certificates().size();
        }
        return n;
    }

    private static void process(int runs, String[] command) throws Exception {
        List<Long> times = new ArrayList<>();
        run(command); // warm the page cache once
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            run(command);
            times.add(System.nanoTime() - t);
        }
        System.out.printf("whole process %-60s median %6.0f ms, min %6.0f ms (%d runs)%n",
                Path.of(command[0]).getFileName() + " "
                        + String.join(" ", Arrays.copyOfRange(command, 1, command.length)).replaceAll("/\\S*/", ""), median(times) / 1e6, min(times) / 1e6, runs);
    }

    /**
     * Two commands in turn (A B A B ...) after one warm-up each, so that a busy machine slows both sides of each
     * pair alike: medians of wall and CPU time (user + system, from GNU time), and the median of the pairs' ratios
     * beside the goal for the wall ratio.
     */
    private static void versus(int runs, double goal, String[] commands) throws Exception {
        int split = Arrays.asList(commands).indexOf("--");
        String[] a = Arrays.copyOfRange(commands, 0, split);
        String[] b = Arrays.copyOfRange(commands, split + 1, commands.length);
        timedRun(a);
        timedRun(b);
        List<Long> wallA = new ArrayList<>();
        List<Long> wallB = new ArrayList<>();
        List<Long> cpuA = new ArrayList<>();
        List<Long> cpuB = new ArrayList<>();
        List<Double> wallRatio = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long[] ta = timedRun(a);
            long[] tb = timedRun(b);
            wallA.add(ta[0]);
            cpuA.add(ta[1]);
            wallB.add(tb[0]);
            cpuB.add(tb[1]);
            wallRatio.add((double) ta[0] / tb[0]);
            cpuRatio.add((double) ta[1] / Math.max(tb[1], 1));
        }
        System.out.printf("whole process, %d pairs in turn: %s %5.0f ms (CPU %4.0f ms) | %s %4.0f ms (CPU %3.0f ms)"
                        + " | ratio %.1f× wall (goal ≤ %.0f×), %s CPU%n", runs, name(a), median(wallA) / 1e6,
                median(cpuA) / 1e6, name(b), median(wallB) / 1e6, median(cpuB) / 1e6, median(wallRatio), goal,
                median(cpuB) < 1e7 ? "B under GNU time's 10 ms:" + " no ratio of" : String.format("%.1f×",
                        median(cpuRatio)));
    }

    /** Runs a command under GNU time; returns its wall and CPU nanoseconds. */
    private static long[] timedRun(String[] command) throws Exception {
        Path times = Files.createTempFile("bench-time", ".txt");
        List<String> line = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        line.addAll(Arrays.asList(command));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        long wall = System.nanoTime() - start;
        String[] userSystem = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        long cpu = Math.round((Double.parseDouble(userSystem[0]) + Double.parseDouble(userSystem[1])) * 1e9);
        return new long[] {wall, cpu};
    }

    private static String name(String[] command) {
        return Path.of(command[0]).getFileName() + " " + String.join(" ",
                Arrays.copyOfRange(command, 1, command.length)).replaceAll("/\\S*/", "").replaceAll("--module \\S+ ", "");
    }

    private static void detect(Path library, int intervalMillis) throws Exception {
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        try (Pkcs11Provider provider = Pkcs11Provider.open(library);
             TokenWatcher watcher = new TokenWatcher(List.of(provider), Duration.ofMillis(intervalMillis),
                     event -> seen.add(System.nanoTime()))) {
            watcher.start();
            Thread.sleep(500);
            seen.clear();
            List<Long> inserts = new ArrayList<>();
            List<Long> removals = new ArrayList<>();
            Random random = new Random(1);
            for (int i = 0; i < 10; i++) {
                String label = "detect-" + i;
                Thread.sleep(random.nextInt(intervalMillis)); // users insert keys at any point of the poll cycle
                run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321",
                        "--pin", "12345678");
                long inserted = System.nanoTime();
                inserts.add(waitFor(seen) - inserted);
                Thread.sleep(random.nextInt(intervalMillis));
                deleteToken(label);
                long removed = System.nanoTime();
                removals.add(waitFor(seen) - removed);
            }
            System.out.printf("detection with a %d ms poll: insert median %.0f ms (max %.0f), remove median %.0f ms"
                    + " (max %.0f), over 10 insert/remove cycles%n", intervalMillis, median(inserts) / 1e6,
                    max(inserts) / 1e6, median(removals) / 1e6, max(removals) / 1e6);
        }
    }

    /** A poll re-initialising the library at that moment may keep the directory; pull the key once more. */
    private static void deleteToken(String label) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                run("softhsm2-util", "--delete-token", "--token", label);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static long waitFor(BlockingQueue<Long> seen) throws InterruptedException {
        Long at = seen.poll(10, TimeUnit.SECONDS);
        if (at == null) {
            throw new IllegalStateException("no event within 10 s");
        }
        return at;
    }

}
