package ukey.bench;

import static ukey.bench.BenchSupport.clientCommand;
import static ukey.bench.BenchSupport.find;
import static ukey.bench.BenchSupport.javaCommand;
import static ukey.bench.BenchSupport.cpuTimed;
import static ukey.bench.BenchSupport.median;
import static ukey.bench.BenchSupport.min;
import static ukey.bench.BenchSupport.pem;
import static ukey.bench.BenchSupport.printProcess;
import static ukey.bench.BenchSupport.ratios;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ukey.app.Main;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.ConnectorState;
import ukey.app.renewal.RenewalEngine;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalJournalStore;
import ukey.app.renewal.RenewalRequest;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.api.Pem;
import ukey.app.renewal.cmp.CmpConnector;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenInfo;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * CMP key update figures, printed, never asserted: our connector beside {@code openssl cmp -cmd kur} with the
 * pkcs11 engine, the same update (kur → kup → certConf → pkiConf, keys on the same SoftHSM token) against the
 * same OpenSSL mock server; then whole same-key renewals by {@code ukey renew} beside OpenSSL's kur. Run through
 * {@code src/bench.sh cmp}, which sets SOFTHSM2_CONF. Modes:
 * <pre>
 *   run LIBRARY WORKDIR RUNS          all the figures, printed
 *   prepare LIBRARY LABEL DIR         a token and the CA's files for the mock (what "run" does first)
 *   kur LIBRARY LABEL DIR URL         one key update by our connector (the process that "run" times)
 * </pre>
 */
public final class CmpBench {

    private static final String PIN = "12345678";
    private static final X500Name HOLDER = new X500Name("CN=基准用户, O=UKey Bench, C=CN");
    private static final X500Name CA = new X500Name("CN=UKey Bench CA, O=UKey Bench, C=CN");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    public static void main(String[] args) throws Exception {
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        switch (args[0]) {
            case "run" -> run(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "prepare" -> prepare(Path.of(args[1]), args[2], Files.createDirectories(Path.of(args[3])), false);
            case "kur" -> kurProcess(Path.of(args[1]), args[2], Path.of(args[3]), URI.create(args[4]), uptimeAtMain);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void run(Path library, Path work, int runs) throws Exception {
        Path dir = Files.createDirectories(work.resolve("kur"));
        prepare(library, "cmpbench", dir, false);
        Process mock = startMock(dir);
        try {
            URI url = URI.create("http://127.0.0.1:" + port(mock) + "/pkix/");
            inProcess(library, dir, url, runs * 3);
            List<String> ours = javaCommand(CmpBench.class, "kur", library.toString(), "cmpbench", dir.toString(),
                    url.toString());
            List<String> openssl = List.of("openssl", "cmp", "-cmd", "kur", "-server",
                    "127.0.0.1:" + url.getPort() + "/pkix/", "-trusted", dir.resolve("ca.crt").toString(),
                    "-cert", dir.resolve("old.crt").toString(), "-engine", "pkcs11", "-keyform", "ENGINE",
                    "-key", pkcs11Uri(dir, "old.id"), "-newkey", pkcs11Uri(dir, "new.id"),
                    "-certout", dir.resolve("openssl-out.pem").toString());
            printProcess("ukey connector kur (java process)", ours, Map.of(), runs);
            printProcess("openssl cmp -cmd kur -engine pkcs11", openssl,
                    Map.of("PKCS11_MODULE_PATH", library.toString()), runs);
            System.out.println("  where the java process's time goes, one run: "
                    + BenchSupport.run(ours, Map.of(), "").trim());
        } finally {
            mock.destroy();
            mock.waitFor();
        }
        renewals(library, work, runs);
    }

    /** The body of the timed process; prints where its time went. */
    private static void kurProcess(Path library, String label, Path dir, URI url, long uptimeAtMain)
            throws Exception {
        long main = System.nanoTime();
        try (Pkcs11Provider provider = Pkcs11Provider.open(library);
             ObjectSession session = ObjectSession.of(find(provider, label).login(PIN.toCharArray()))) {
            long opened = System.nanoTime();
            keyUpdate(session, dir, url);
            long done = System.nanoTime();
            System.out.printf("JVM start to main %d ms, PKCS#11 open + login %.0f ms, first kur/kup/certConf/pkiConf"
                    + " %.0f ms%n", uptimeAtMain, (opened - main) / 1e6, (done - opened) / 1e6);
        }
    }

    /** In one JVM: the first key update (class loading, provider, login) and then warm ones. */
    private static void inProcess(Path library, Path dir, URI url, int runs) throws Exception {
        long start = System.nanoTime();
        try (Pkcs11Provider provider = Pkcs11Provider.open(library);
             ObjectSession session = ObjectSession.of(find(provider, "cmpbench").login(PIN.toCharArray()))) {
            keyUpdate(session, dir, url);
            long cold = System.nanoTime() - start;
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                keyUpdate(session, dir, url);
                warm.add(System.nanoTime() - t);
            }
            System.out.printf("in-process kur+certConf by our connector: first %.0f ms (with open + login),"
                    + " then median %.1f ms, min %.1f ms (%d runs)%n", cold / 1e6, median(warm) / 1e6,
                    min(warm) / 1e6, runs);
        }
    }

    /** kur → kup → certConf → pkiConf through the connector with the keys prepared on the token. */
    private static void keyUpdate(ObjectSession session, Path dir, URI url) throws Exception {
        X509CertificateHolder current = certificate(dir.resolve("old.crt"));
        byte[] oldId = HexFormat.of().parseHex(Files.readString(dir.resolve("old.id")).trim());
        byte[] newId = HexFormat.of().parseHex(Files.readString(dir.resolve("new.id")).trim());
        RenewalRequest request = new RenewalRequest(current, session.signer(oldId), session.publicKey(newId),
                session.signer(newId), false, "bench");
        ConnectorState state = new MemoryConnectorState();
        try (CmpConnector connector = new CmpConnector(url, List.of(certificate(dir.resolve("ca.crt"))), false,
                false)) {
            CaProgress progress = connector.submit(request, state);
            if (progress.status() != CaProgress.Status.ISSUED) {
                throw new IllegalStateException("not issued: " + progress);
            }
            CaConnector.IssuedCertificate issued = connector.certificate(request, state);
            connector.confirm(request, state, issued.certificate(), true, null);
        }
    }

    /**
     * Same-key updates, each on a fresh token with its own mock: {@code openssl cmp -cmd kur} (kur and certConf
     * only, the certificate to a file), then {@code ukey renew --connector cmp --same-key} (the whole renewal:
     * preflight, kur, validation, writing to the key, self-test, certConf, retiring the old certificate), both as
     * whole processes; then the same renewal through the engine inside this (warm) JVM.
     */
    private static void renewals(Path library, Path work, int runs) throws Exception {
        List<Long> openssl = new ArrayList<>();
        List<Long> ukey = new ArrayList<>();
        List<Long> inProcess = new ArrayList<>();
        List<Long> opensslCpu = new ArrayList<>();
        List<Long> ukeyCpu = new ArrayList<>();
        String other = System.getenv("UKEY_BENCH_VS"); // another launcher in turn (an older build ...)
        List<Long> others = new ArrayList<>();
        for (int i = 0; i <= runs; i++) { // run 0 warms the page cache and this JVM
            String label = "renew" + i;
            long opensslTime = onFreshToken(library, work, label, (dir, url) -> cpuTimed(opensslCpu, List.of("openssl", "cmp",
                    "-cmd", "kur", "-server", "127.0.0.1:" + url.getPort() + "/pkix/", "-trusted",
                    dir.resolve("ca.crt").toString(), "-cert", dir.resolve("old.crt").toString(), "-engine", "pkcs11",
                    "-keyform", "ENGINE", "-key", pkcs11Uri(dir, "old.id"), "-certout",
                    dir.resolve("openssl-out.pem").toString()), Map.of("PKCS11_MODULE_PATH", library.toString()), ""));
            long ukeyTime = onFreshToken(library, work, label + "u",
                    (dir, url) -> renewProcess(clientCommand(), library, label + "u", dir, url, ukeyCpu));
            long otherTime = other == null ? 0 : onFreshToken(library, work, label + "v",
                    (dir, url) -> renewProcess(List.of(other), library, label + "v", dir, url, new ArrayList<>()));
            long engineTime = onFreshToken(library, work, label + "b",
                    (dir, url) -> renewInProcess(library, label + "b", dir, url));
            if (i > 0) {
                openssl.add(opensslTime);
                ukey.add(ukeyTime);
                inProcess.add(engineTime);
                others.add(otherTime);
            }
        }
        opensslCpu.removeFirst(); // run 0's
        ukeyCpu.removeFirst();
        System.out.printf("whole process, %-40s median %5.0f ms, min %5.0f ms, CPU %4.0f ms (%d runs, fresh token"
                + " each)%n", "openssl cmp -cmd kur, same key", median(openssl) / 1e6, min(openssl) / 1e6,
                median(opensslCpu) / 1e6, runs);
        System.out.printf("whole process, %-40s median %5.0f ms, min %5.0f ms, CPU %4.0f ms (%d runs, fresh token"
                + " each)%n", "ukey renew --connector cmp --same-key", median(ukey) / 1e6, min(ukey) / 1e6,
                median(ukeyCpu) / 1e6, runs);
        System.out.printf("in-process,    %-40s median %5.0f ms, min %5.0f ms (%d runs, warm JVM)%n",
                "the same renewal through the engine", median(inProcess) / 1e6, min(inProcess) / 1e6, runs);
        System.out.printf("ratios, pair by pair (medians): ukey renew / openssl cmp %.1f× (goal ≤ 8×); the engine"
                + " in-process / openssl cmp's whole process %.2f× (goal ≤ 1.5×)%n", median(ratios(ukey, openssl)),
                median(ratios(inProcess, openssl)));
        if (other != null) {
            System.out.printf("  beside %s in turn: median %5.0f ms; ukey renew this / that %.2f× (median of pairs),"
                    + " that / openssl cmp %.1f×%n", other, median(others) / 1e6, median(ratios(ukey, others)),
                    median(ratios(others, openssl)));
        }
    }

    /** A renewal timed on a fresh token LABEL (same key) against a mock CA of its own. */
    private static long onFreshToken(Path library, Path work, String label, TimedRenewal renewal) throws Exception {
        Path dir = Files.createDirectories(work.resolve(label));
        prepare(library, label, dir, true);
        Process mock = startMock(dir);
        try {
            return renewal.nanos(dir, URI.create("http://127.0.0.1:" + port(mock) + "/pkix/"));
        } finally {
            mock.destroy();
            mock.waitFor();
        }
    }

    private interface TimedRenewal {
        long nanos(Path dir, URI url) throws Exception;
    }

    /** ukey renew --connector cmp --same-key by the launcher given, as a whole process. */
    private static long renewProcess(List<String> client, Path library, String label, Path dir, URI url,
                                     List<Long> cpu) throws Exception {
        List<String> renew = new ArrayList<>(client);
        renew.addAll(List.of("renew", "--module", library.toString(), "--token", label, "--pin-stdin", "--connector",
                "cmp", "--ca-url", url.toString(), "--ca-trust", dir.resolve("ca.crt").toString(), "--same-key"));
        return cpuTimed(cpu, renew, Map.of("UKEY_CONFIG_DIR", dir.resolve("config").toString()), PIN + "\n");
    }

    /** One same-key renewal through the engine in this JVM; returns its nanoseconds, begin to done. */
    private static long renewInProcess(Path library, String label, Path dir, URI url) throws Exception {
        try (Pkcs11Provider provider = Pkcs11Provider.open(library);
             CmpConnector connector = new CmpConnector(url, List.of(certificate(dir.resolve("ca.crt"))), true,
                     false)) {
            Token token = find(provider, label);
            long start = System.nanoTime();
            RenewalEngine engine = new RenewalEngine(new RenewalJournalStore(dir.resolve("journals")), connector,
                    List.of(certificate(dir.resolve("ca.crt"))), Clock.systemUTC(), d -> { }, step -> { });
            RenewalJournal journal = engine.begin(token, token.certificates().getFirst(), true, "cmp",
                    url.toString());
            journal = engine.run(journal, token, new RenewalInteraction() {
                @Override
                public char[] pin(TokenInfo info, PinState state, boolean retry) {
                    return retry ? null : PIN.toCharArray();
                }

                @Override
                public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
                    return new ChallengeAnswer.Cancel();
                }
            });
            long elapsed = System.nanoTime() - start;
            if (journal.step() != RenewalStep.DONE) {
                throw new IllegalStateException("renewal ended at " + journal.step());
            }
            return elapsed;
        }
    }

    // --- set-up ---

    /**
     * A token LABEL with an EC P-256 key pair made on it and the CA's certificate for it; a second key pair for
     * the update (unless same-key); in DIR the CA's files for the mock, the certificates and the keys' CKA_IDs.
     */
    private static void prepare(Path library, String label, Path dir, boolean sameKey) throws Exception {
        BenchSupport.run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321",
                "--pin", PIN), Map.of(), "");
        KeyPair caKeys = ecKeyPair();
        KeyPair serverKeys = ecKeyPair();
        SubjectPublicKeyInfo caPublic = SubjectPublicKeyInfo.getInstance(caKeys.getPublic().getEncoded());
        X509CertificateHolder ca = certificate(CA, caPublic, caKeys.getPrivate(), BigInteger.ONE, true, 0);
        X509CertificateHolder server = certificate(new X500Name("CN=UKey Bench CMP, O=UKey Bench, C=CN"),
                SubjectPublicKeyInfo.getInstance(serverKeys.getPublic().getEncoded()), caKeys.getPrivate(),
                BigInteger.TWO, false, 0);
        try (Pkcs11Provider provider = Pkcs11Provider.open(library);
             ObjectSession session = ObjectSession.of(find(provider, label).login(PIN.toCharArray()))) {
            ObjectSession.GeneratedKey old = session.generateKeyPair(KeySpec.EC_P256, null, "签名证书");
            BigInteger serial = BigInteger.valueOf(System.nanoTime());
            X509CertificateHolder oldCertificate = certificate(HOLDER, old.publicKey(), caKeys.getPrivate(), serial,
                    false, 0);
            session.writeCertificate(old.id(), "签名证书", oldCertificate);
            ObjectSession.GeneratedKey next = sameKey ? old : session.generateKeyPair(KeySpec.EC_P256, null, "new");
            // OpenSSL 3.0's mock returns this certificate and checks oldCertID against its issuer and serial
            X509CertificateHolder response = certificate(HOLDER, next.publicKey(), caKeys.getPrivate(), serial,
                    false, 1);
            Files.writeString(dir.resolve("ca.crt"), pem("CERTIFICATE", ca.getEncoded()));
            Files.writeString(dir.resolve("srv.crt"), pem("CERTIFICATE", server.getEncoded()));
            Files.writeString(dir.resolve("srv.key"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("old.crt"), pem("CERTIFICATE", oldCertificate.getEncoded()));
            Files.writeString(dir.resolve("rsp.crt"), pem("CERTIFICATE", response.getEncoded()));
            Files.writeString(dir.resolve("old.id"), HexFormat.of().formatHex(old.id()));
            Files.writeString(dir.resolve("new.id"), HexFormat.of().formatHex(next.id()));
            Files.writeString(dir.resolve("label"), label);
        }
    }

    private static X509CertificateHolder certificate(X500Name subject, SubjectPublicKeyInfo key, PrivateKey caKey,
                                                     BigInteger serial, boolean ca, int daysLater) throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1 - daysLater));
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(CA, serial, Date.from(from),
                Date.from(from.plus(Duration.ofDays(365))), subject, key);
        BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        }
        if (subject.toString().contains("CMP")) { // the CMP server's signer: an RA certificate (RFC 9483 3.5)
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.getInstance(
                    new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.28"))));
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(caKey));
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder certificate(Path pem) throws Exception {
        return Pem.readFile(pem).getFirst();
    }

    private static String pkcs11Uri(Path dir, String idFile) throws Exception {
        String hex = Files.readString(dir.resolve(idFile)).trim();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            id.append('%').append(hex, i, i + 2);
        }
        return "pkcs11:token=" + Files.readString(dir.resolve("label")).trim() + ";id=" + id
                + ";type=private;pin-value=" + PIN;
    }

    /** OpenSSL's mock CMP server on a port the kernel picks. */
    private static Process startMock(Path dir) throws Exception {
        return new ProcessBuilder("openssl", "cmp", "-port", "0", "-srv_cert", dir.resolve("srv.crt").toString(),
                "-srv_key", dir.resolve("srv.key").toString(), "-srv_trusted", dir.resolve("ca.crt").toString(),
                "-rsp_cert", dir.resolve("rsp.crt").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int port(Process mock) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(mock.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher accept = ACCEPT.matcher(line);
            if (accept.find()) {
                return Integer.parseInt(accept.group(1));
            }
        }
        throw new IllegalStateException("the mock CMP server did not start");
    }

    // --- processes and figures ---
}
