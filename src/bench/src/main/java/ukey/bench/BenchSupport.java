package ukey.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
}
