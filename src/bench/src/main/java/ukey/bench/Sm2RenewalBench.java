package ukey.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.Identity;
import ukey.token.Token;
import ukey.token.skf.SkfProvider;

/**
 * The SM2 side of {@link RenewalBench}: dual-certificate renewals on softskf devices (SOFTSKF_DIR) against the
 * sandbox's SM2 CA and KMC over HTTPS: a new container with a signing key pair, the CA's enveloped encryption pair
 * imported, both certificates written and self-tested. In-process by step, and {@code ukey renew} as a whole process.
 */
final class Sm2RenewalBench {

    private Sm2RenewalBench() {
    }

    static void inProcess(Path tool, Path library, Path work) throws Exception {
        try (SandboxCa ca = sandbox(work); SkfProvider provider = SkfProvider.open(library)) {
            RenewalBench.inProcess(ca, work, "SM2 dual-certificate key on softskf", run -> {
                String serial = newKey(ca, tool, "bench-sm2-" + run);
                Token token = find(provider, serial);
                Identity identity = token.identities().getFirst();
                return RenewalBench.fresh(token, engine -> engine.begin(token, identity, false, "api",
                        ca.url().toString()));
            });
        }
    }

    static void wholeProcess(Path tool, Path library, Path work, Path ukey) throws Exception {
        List<Long> totals = new ArrayList<>();
        try (SandboxCa ca = sandbox(work)) {
            for (int run = 0; run < 5; run++) {
                String serial = newKey(ca, tool, "bench-sm2-process-" + run);
                Path config = Files.createDirectories(work.resolve("config-sm2-" + run));
                totals.add(BenchSupport.timed(List.of(ukey.toString(), "renew", "--skf",
                        library.toAbsolutePath().toString(), "--token", serial, "--ca-url", ca.url().toString(),
                        "--ca-trust", ca.trustFile().toString(), "--pin-stdin"),
                        Map.of("UKEY_CONFIG_DIR", config.toString()), RenewalBench.PIN + "\n"));
            }
        }
        System.out.printf("whole process ukey renew (SM2 dual certificates on softskf, JVM start included), 5 runs:"
                + " median %.0f ms, min %.0f ms%n", BenchSupport.median(totals) / 1e6, BenchSupport.min(totals) / 1e6);
    }

    private static SandboxCa sandbox(Path work) throws Exception {
        return SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(work, "sandbox-sm2"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2).sms(false).pollCount(0));
    }

    /**
     * A softskf device (made with the tool) holding one SM2 identity certified by the sandbox to expire in 20 days:
     * the signing and the encryption key pair made here and imported with their certificates, an approved order.
     *
     * @return the device's serial
     */
    private static String newKey(SandboxCa ca, Path tool, String name) throws Exception {
        Path device = Path.of(System.getenv("SOFTSKF_DIR")).resolve(name);
        String serial = Long.toHexString(System.nanoTime()).toUpperCase();
        BenchSupport.run(tool.toString(), "init", "--device", device.toString(), "--label", name, "--serial", serial,
                "--pin", RenewalBench.PIN, "--admin-pin", "87654321");
        Path files = Files.createTempDirectory(device.getParent(), name + ".files");
        Instant notBefore = Instant.now().minus(345, ChronoUnit.DAYS);
        CertRecord signing = null;
        for (String half : List.of("--sign", "--enc")) {
            KeyPair pair = SkfTokenBench.sm2();
            List<String> usage = half.equals("--sign") ? List.of("digitalSignature", "nonRepudiation")
                    : List.of("keyEncipherment", "dataEncipherment", "keyAgreement");
            CertRecord record = ca.issue(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                    "CN=基准用户,O=UKey Bench,C=CN", notBefore, 365, usage);
            signing = signing == null ? record : signing;
            Path key = Files.writeString(files.resolve(half + ".pem"), SkfTokenBench.pem(pair));
            Path certificate = Files.write(files.resolve(half + ".der"), record.certificate().getEncoded());
            BenchSupport.run(tool.toString(), "import", "--device", device.toString(), "--container", "基准用户",
                    half, "--key", key.toString(), "--cert", certificate.toString());
        }
        ca.approveOrder(ca.createOrder(signing.serial, false).id);
        return serial;
    }

    private static Token find(SkfProvider provider, String serial) throws Exception {
        for (Token token : provider.tokens()) {
            if (token.info().serial().equals(serial)) {
                return token;
            }
        }
        throw new IllegalStateException("no softskf device " + serial);
    }
}
