package ukey.bench;

import static ukey.bench.BenchSupport.find;
import static ukey.bench.BenchSupport.median;
import static ukey.bench.BenchSupport.min;
import static ukey.bench.BenchSupport.run;
import static ukey.bench.BenchSupport.timed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalEngine;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalJournalStore;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.api.ApiConnector;
import ukey.app.renewal.api.Pem;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * Renewal figures on SoftHSM + the sandbox CA over HTTPS, printed, never asserted: in-process with a breakdown by
 * step, and {@code ukey renew} as a whole process. Run through {@code src/bench.sh renewal}.
 * Arguments: LIBRARY WORKDIR UKEY_LAUNCHER [SOFTSKF_TOOL SOFTSKF_LIBRARY]: with softskf, SM2 dual-certificate
 * renewals on softskf devices against the sandbox's SM2 CA beside the EC and RSA ones.
 */
public final class RenewalBench {

    static final String PIN = "12345678";
    private static final int RUNS = 8;

    /** A fresh key to renew, and how its renewal begins. */
    interface FreshKey {
        Token token();

        RenewalJournal begin(RenewalEngine engine) throws Exception;
    }

    interface KeySource {
        FreshKey make(int run) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path library = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path ukey = Path.of(args[2]);
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(work.resolve("sandbox")).sms(false).pollCount(0));
             Pkcs11Provider provider = Pkcs11Provider.open(library)) {
            for (KeySpec spec : List.of(KeySpec.EC_P256, KeySpec.RSA_2048)) {
                inProcess(ca, work, spec + " key on SoftHSM", run -> {
                    Token token = find(provider, newKey(ca, provider, spec, "bench-" + spec + "-" + run));
                    return fresh(token, engine -> engine.begin(token, current(token), false, "api",
                            ca.url().toString()));
                });
            }
            if (args.length > 4) {
                Sm2RenewalBench.inProcess(Path.of(args[3]), Path.of(args[4]), work);
            }
            wholeProcess(ca, provider, library, work, ukey);
            if (args.length > 4) {
                Sm2RenewalBench.wholeProcess(Path.of(args[3]), Path.of(args[4]), work, ukey);
            }
        }
    }

    interface Begin {
        RenewalJournal begin(RenewalEngine engine) throws Exception;
    }

    static FreshKey fresh(Token token, Begin begin) {
        return new FreshKey() {
            @Override
            public Token token() {
                return token;
            }

            @Override
            public RenewalJournal begin(RenewalEngine engine) throws Exception {
                return begin.begin(engine);
            }
        };
    }

    /** In-process renewals of fresh keys, after two warm-up runs, with the time that led to each step. */
    static void inProcess(SandboxCa ca, Path work, String what, KeySource keys) throws Exception {
        Map<RenewalStep, List<Long>> byStep = new EnumMap<>(RenewalStep.class);
        List<Long> totals = new ArrayList<>();
        for (int run = 0; run < RUNS + 2; run++) {
            FreshKey key = keys.make(run);
            RenewalJournalStore store = new RenewalJournalStore(Files.createTempDirectory(work, "journals"));
            long[] last = {System.nanoTime()};
            Map<RenewalStep, Long> times = new EnumMap<>(RenewalStep.class);
            RenewalEngine engine = new RenewalEngine(store,
                    new ApiConnector(ca.url(), Pem.readFile(ca.trustFile()), Duration.ofSeconds(10)),
                    Pem.readFile(ca.trustFile()), Clock.systemUTC(), d -> { }, step -> {
                        long now = System.nanoTime();
                        times.put(step, now - last[0]);
                        last[0] = now;
                    });
            long start = System.nanoTime();
            last[0] = start;
            RenewalJournal journal = engine.run(key.begin(engine), key.token(), new Person());
            long total = System.nanoTime() - start;
            if (journal.step() != RenewalStep.DONE) {
                throw new IllegalStateException("renewal ended at " + journal.step());
            }
            if (run >= 2) { // two warm-up runs: class loading, TLS, JIT
                totals.add(total);
                times.forEach((step, nanos) -> byStep.computeIfAbsent(step, s -> new ArrayList<>()).add(nanos));
            }
        }
        System.out.printf("in-process renewal, %s, %d runs: median %.0f ms, min %.0f ms%n", what, RUNS,
                median(totals) / 1e6, min(totals) / 1e6);
        // each figure is the work that led to the step: "-> SUBMITTED" is making the key pair, and so on
        byStep.forEach((step, nanos) -> System.out.printf("  -> %-17s median %6.1f ms%n", step, median(nanos) / 1e6));
    }

    /**
     * {@code ukey renew} as a whole process, 5 runs on fresh keys; with UKEY_BENCH_VS naming another launcher (an
     * older build, other JVM options) the two take turns and each pair gives a ratio.
     */
    private static void wholeProcess(SandboxCa ca, Pkcs11Provider provider, Path library, Path work, Path ukey)
            throws Exception {
        String other = System.getenv("UKEY_BENCH_VS");
        List<Long> totals = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            totals.add(renewProcess(ca, provider, library, work, ukey, "bench-process-" + run));
            if (other != null) {
                others.add(renewProcess(ca, provider, library, work, Path.of(other), "bench-vs-" + run));
            }
        }
        System.out.printf("whole process ukey renew (EC P-256, JVM start included), 5 runs: median %.0f ms,"
                + " min %.0f ms%n", median(totals) / 1e6, min(totals) / 1e6);
        if (other != null) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < totals.size(); i++) {
                ratios.add((double) totals.get(i) / others.get(i));
            }
            System.out.printf("  beside %s in turn: median %.0f ms; ratio this / that %.2f× (median of pairs)%n",
                    other, median(others) / 1e6, ratios.stream().sorted().toList().get(ratios.size() / 2));
        }
    }

    private static long renewProcess(SandboxCa ca, Pkcs11Provider provider, Path library, Path work, Path ukey,
                                     String label) throws Exception {
        String token = newKey(ca, provider, KeySpec.EC_P256, label);
        Path config = Files.createDirectories(work.resolve("config-" + label));
        return timed(List.of(ukey.toString(), "renew", "--module", library.toString(), "--token", token, "--ca-url",
                ca.url().toString(), "--ca-trust", ca.trustFile().toString(), "--pin-stdin"),
                Map.of("UKEY_CONFIG_DIR", config.toString()), PIN + "\n");
    }

    /** A token with a key pair made on it, certified by the sandbox to expire in 20 days, with an approved order. */
    private static String newKey(SandboxCa ca, Pkcs11Provider provider, KeySpec spec, String label) throws Exception {
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321", "--pin", PIN);
        provider.rescan();
        try (ObjectSession session = ObjectSession.of(find(provider, label).login(PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(spec, null, "签名证书");
            CertRecord first = ca.issue(key.publicKey(), "CN=基准用户,O=UKey Bench,C=CN",
                    Instant.now().minus(345, ChronoUnit.DAYS), 365, List.of("digitalSignature"));
            session.writeCertificate(key.id(), "签名证书", new X509CertificateHolder(first.certificate().getEncoded()));
            ca.approveOrder(ca.createOrder(first.serial, false).id);
        }
        return label;
    }

    private static TokenCertificate current(Token token) throws Exception {
        return token.certificates().getFirst();
    }

    static final class Person implements RenewalInteraction {
        @Override
        public char[] pin(TokenInfo token, PinState state, boolean retry) {
            return PIN.toCharArray();
        }

        @Override
        public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
            return new ChallengeAnswer.Cancel(); // the bench's CA sends no SMS
        }
    }
}
