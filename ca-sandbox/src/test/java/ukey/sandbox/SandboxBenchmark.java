package ukey.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints what the sandbox costs per renewal step over HTTPS (one client connection, EC P-256 keys, SMS on, two
 * processing polls), so that the client's renewal benchmark can tell the CA's share from its own.
 * Run: mvn -pl ca-sandbox -am package -DskipTests, then
 * java -cp ca-sandbox/target/classes:ca-sandbox/target/test-classes:ca-sandbox/target/lib/* ukey.sandbox.SandboxBenchmark [N]
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path dir = Files.createTempDirectory("sandbox-bench");
        long started = System.nanoTime();
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0))) {
            System.out.printf("start (new CA, TLS keys): %.1f ms%n", (System.nanoTime() - started) / 1e6);
            run(ca, 20);
            Map<String, List<Double>> times = run(ca, rounds);
            System.out.printf("%d renewals after 20 for warm-up; ms per step:%n", rounds);
            System.out.printf("%-28s %8s %8s %8s%n", "step", "median", "p90", "max");
            times.forEach((step, samples) -> {
                List<Double> sorted = samples.stream().sorted().toList();
                System.out.printf("%-28s %8.2f %8.2f %8.2f%n", step, sorted.get(sorted.size() / 2),
                        sorted.get((int) (sorted.size() * 0.9)), sorted.getLast());
            });
            try (Stream<Path> files = Files.list(dir)) {
                System.out.printf("state files after %d renewals: %d KiB%n", rounds + 20,
                        files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / 1024);
            }
        }
    }

    private static Map<String, List<Double>> run(SandboxCa ca, int rounds) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (String step : List.of("POST renewals", "POST challenge answer", "GET renewal (poll)",
                "GET certificate", "POST confirm", "whole renewal")) {
            times.put(step, new ArrayList<>());
        }
        for (int i = 0; i < rounds; i++) {
            Holder holder = Holder.ready(ca);
            long renewal = System.nanoTime();
            long t = System.nanoTime();
            JsonNode started = holder.start().json();
            times.get("POST renewals").add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            String id = holder.answer(started, ca.lastSmsCode().orElseThrow()).json().path("id").asText();
            times.get("POST challenge answer").add((System.nanoTime() - t) / 1e6);
            String status;
            do {
                t = System.nanoTime();
                status = holder.client.get("/v1/renewals/" + id).json().path("status").asText();
                times.get("GET renewal (poll)").add((System.nanoTime() - t) / 1e6);
            } while (status.equals("processing"));
            t = System.nanoTime();
            holder.fetchCertificate(id);
            times.get("GET certificate").add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            holder.confirm(id, true, holder.newKey, holder.newCertificate);
            times.get("POST confirm").add((System.nanoTime() - t) / 1e6);
            times.get("whole renewal").add((System.nanoTime() - renewal) / 1e6);
        }
        return times;
    }
}
