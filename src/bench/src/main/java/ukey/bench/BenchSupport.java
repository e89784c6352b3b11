package ukey.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ukey.app.Main;
import ukey.token.Token;
import ukey.token.pkcs11.Pkcs11Provider;

/** What the benchmark programs share: processes run to their end, a token found by label, the figures. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** Runs a command to its end and returns what it printed; a non-zero exit is an error with that output. */
    static String run(List<String> command, Map<String, String> environment, String stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    static String run(String... command) throws Exception {
        return run(List.of(command), Map.of(), "");
    }

    /** The nanoseconds a command takes as a whole process. */
    static long timed(List<String> command, Map<String, String> environment, String stdin) throws Exception {
        long start = System.nanoTime();
        run(command, environment, stdin);
        return System.nanoTime() - start;
    }

    /** The client's command line: the launcher named by UKEY_LAUNCHER (src/bench.sh: app/target/ukey), else java. */
    static List<String> clientCommand(String... args) {
        String launcher = System.getenv("UKEY_LAUNCHER");
        if (launcher == null) {
            return javaCommand(Main.class, args);
        }
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(args));
        return command;
    }

    /** A java process on this class path, with the flags of the ukey launcher. */
    static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static Token find(Pkcs11Provider provider, String label) throws Exception {
        for (Token token : provider.tokens()) {
            if (token.info().label().equals(label)) {
                return token;
            }
        }
        throw new IllegalStateException("token " + label + " not found");
    }

    static double median(List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** a[i] / b[i] for each pair of runs made side by side. */
    static List<Double> ratios(List<Long> a, List<Long> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add((double) a.get(i) / b.get(i));
        }
        return ratios;
    }

    static double min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    static double max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * The nanoseconds a command takes as a whole process, under GNU time: its CPU (user + system) is added to
     * {@code cpu}.
     */
    static long cpuTimed(List<Long> cpu, List<String> command, Map<String, String> environment, String stdin)
            throws Exception {
        Path times = Files.createTempFile("bench-time", ".txt");
        List<String> line = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        line.addAll(command);
        long wall = timed(line, environment, stdin);
        String[] userSystem = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        cpu.add(Math.round((Double.parseDouble(userSystem[0]) + Double.parseDouble(userSystem[1])) * 1e9));
        return wall;
    }

    static void printProcess(String name, List<String> command, Map<String, String> environment, int runs)
            throws Exception {
        BenchSupport.run(command, environment, ""); // warm the page cache once
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(timed(command, environment, ""));
        }
        System.out.printf("whole process, %-40s median %5.0f ms, min %5.0f ms (%d runs)%n", name,
                median(times) / 1e6, min(times) / 1e6, runs);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
