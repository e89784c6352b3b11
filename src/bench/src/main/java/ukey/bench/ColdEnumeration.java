package ukey.bench;

import static ukey.bench.BenchSupport.median;

import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ukey.cert.CertificateInfo;
import ukey.token.Token;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * The in-process cold enumeration (issue 13: load the library, C_Initialize, list tokens and certificates
 * ≤ 150 ms), each run a fresh JVM started the way the client starts, in variants that run in turn (without and
 * with an AOT cache, one FFM call shape or a shape per function). Printed, never asserted.
 * <pre>
 *   cold RUNS LIBRARY COMMAND... -- VARIANT...   runs COMMAND + a variant's JVM options + "once LIBRARY" RUNS times
 *                                                per variant, in turn; a VARIANT is "label=option option ..."
 *   once LIBRARY                                 one cold enumeration; prints its phases in ms on one line
 * </pre>
 */
final class ColdEnumeration {

    /** Phases in the order they happen; "in-process" is the goal's figure (library load to the last certificate). */
    private static final List<String> PHASES = List.of("jvm-to-main", "library-load", "initialize", "tokens",
            "certificates", "in-process", "classes");

    private ColdEnumeration() {
    }

    /**
     * One cold enumeration in this fresh JVM; {@code bench.launched} is the parent's System.nanoTime at launch (the
     * same monotonic clock on Linux). Prints each phase as wall,CPU of this thread (ms).
     */
    static void once(Path library) throws Exception {
        long[] main = mark();
        long launched = Long.getLong("bench.launched", main[0]);
        // as ukey.app.Main does: SLF4J's provider that starts Logback only when something is logged
        System.setProperty("slf4j.provider", "ukey.app.logging.LazyLogging");
        String parseFirst = System.getProperty("bench.parseFirst");
        if (parseFirst != null) {
            parseFirst(Files.readAllBytes(Path.of(parseFirst)));
            main = mark();
        }
        // dlopen alone first (the library's own start-up: SoftHSM reads its configuration, OpenSSL/Botan start);
        // Pkcs11Provider.open then finds the library loaded and does C_GetFunctionList, C_Initialize, C_GetInfo
        SymbolLookup.libraryLookup(library.toAbsolutePath(), Arena.global());
        long[] loaded = mark();
        int certificates = 0;
        try (Pkcs11Provider provider = Pkcs11Provider.open(library)) {
            long[] opened = mark();
            List<Token> tokens = provider.tokens();
            for (Token token : tokens) {
                token.info();
            }
            long[] listedTokens = mark();
            for (Token token : tokens) {
                certificates += token.certificates().size();
            }
            long[] listed = mark();
            System.out.printf("phases jvm-to-main=%.1f,0 library-load=%s initialize=%s tokens=%s certificates=%s"
                            + " in-process=%s classes=%d,0 count=%d%n", (main[0] - launched) / 1e6,
                    span(main, loaded), span(loaded, opened), span(opened, listedTokens), span(listedTokens, listed),
                    span(main, listed), ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    certificates);
        }
    }

    /**
     * A profile of the certificate phase ({@code -Dbench.parseFirst=DER}): the listing's parser (BouncyCastle's
     * ASN.1, as CertificateInfo) cold, then the JDK's CertificateFactory cold, before the enumeration.
     */
    private static void parseFirst(byte[] der) throws Exception {
        long[] start = mark();
        CertificateInfo.parse(der);
        long[] bouncyCastle = mark();
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        System.out.printf("parse-first bouncycastle=%s jdk=%s%n", span(start, bouncyCastle),
                span(bouncyCastle, mark()));
    }

    /** Now: wall nanoseconds and this thread's CPU nanoseconds (the first figure of /proc/thread-self/schedstat). */
    private static long[] mark() throws Exception {
        String schedstat = Files.readString(Path.of("/proc/thread-self/schedstat"));
        return new long[] {System.nanoTime(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))};
    }

    private static String span(long[] from, long[] to) {
        return String.format("%.1f,%.1f", (to[0] - from[0]) / 1e6, (to[1] - from[1]) / 1e6);
    }

    /** The variants in turn, RUNS rounds after one warm-up round: medians of each phase per variant. */
    static void cold(int runs, Path library, String[] rest) throws Exception {
        int split = Arrays.asList(rest).indexOf("--");
        List<String> command = List.of(Arrays.copyOfRange(rest, 0, split));
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String variant : Arrays.copyOfRange(rest, split + 1, rest.length)) {
            String[] labelOptions = variant.split("=", 2);
            variants.put(labelOptions[0], labelOptions[1].isBlank() ? List.of()
                    : List.of(labelOptions[1].trim().split("\\s+")));
        }
        Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
        for (int round = -1; round < runs; round++) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                Map<String, Double> phases = runOnce(command, variant.getValue(), library);
                if (round >= 0) {
                    Map<String, List<Double>> mine = figures.computeIfAbsent(variant.getKey(),
                            k -> new LinkedHashMap<>());
                    phases.forEach((phase, value) -> mine.computeIfAbsent(phase, k -> new ArrayList<>()).add(value));
                }
            }
        }
        String first = variants.keySet().iterator().next();
        List<Double> anchor = figures.get(first).get("in-process");
        for (Map.Entry<String, Map<String, List<Double>>> variant : figures.entrySet()) {
            Map<String, List<Double>> mine = variant.getValue();
            List<Double> pairRatios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                pairRatios.add(mine.get("in-process").get(i) / anchor.get(i));
            }
            double inProcess = median(mine.get("in-process"));
            StringBuilder line = new StringBuilder(String.format(
                    "cold enumeration, %-28s in-process %3.0f ms (CPU %3.0f ms; goal ≤ 150 ms: %s), %.2f× %s |",
                    variant.getKey() + ":", inProcess, median(mine.get("in-process-cpu")),
                    inProcess <= 150 ? "met" : "not met", median(pairRatios), first));
            for (String phase : PHASES.subList(0, PHASES.size() - 2)) {
                line.append(String.format(" %s %.1f/%.1f", phase, median(mine.get(phase)),
                        median(mine.get(phase + "-cpu"))));
            }
            line.append(String.format(" | classes %.0f", median(mine.get("classes"))));
            System.out.println(line);
        }
        System.out.printf("  (medians of %d runs per variant in turn, ratios pair by pair; phases wall/CPU of the"
                + " main thread in ms: jvm-to-main launch to main (wall), library-load dlopen, initialize"
                + " C_GetFunctionList + C_Initialize + C_GetInfo, tokens slots and token info, certificates objects,"
                + " attributes and parsing; in-process = library-load to the last certificate)%n", runs);
    }

    private static Map<String, Double> runOnce(List<String> command, List<String> options, Path library)
            throws Exception {
        List<String> line = new ArrayList<>(command.subList(0, 1));
        line.add("-Dbench.launched=" + System.nanoTime());
        line.addAll(options);
        line.addAll(command.subList(1, command.size()));
        line.addAll(List.of("ukey.bench.TokenBench", "once", library.toString()));
        String output = BenchSupport.run(line, Map.of(), "");
        String phases = output.lines().filter(l -> l.startsWith("phases ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no phases in: " + output));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : phases.substring(7).split(" ")) {
            String[] kv = pair.split("=");
            if (PHASES.contains(kv[0])) {
                String[] wallCpu = kv[1].split(",");
                values.put(kv[0], Double.parseDouble(wallCpu[0]));
                values.put(kv[0] + "-cpu", Double.parseDouble(wallCpu[1]));
            }
        }
        return values;
    }
}
