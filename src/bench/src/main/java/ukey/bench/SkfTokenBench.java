package ukey.bench;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.Token;
import ukey.token.TokenSession;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;

/**
 * SKF figures on softskf devices, beside the PKCS#11 ones of {@link TokenBench}: listing every identity (both
 * halves, certificates parsed) cold and warm, and SM3withSM2 signing with the verification after each signature.
 */
final class SkfTokenBench {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final char[] PIN = "12345678".toCharArray();

    private SkfTokenBench() {
    }

    /** A device in DIR with N containers, each a dual-certificate SM2 identity, made with the softskf tool. */
    static void prepare(Path tool, Path device, int containers) throws Exception {
        BenchSupport.run(tool.toString(), "init", "--device", device.toString(), "--label", "SKF bench", "--serial",
                Long.toHexString(System.nanoTime()), "--pin", "12345678", "--admin-pin", "87654321");
        Path files = Files.createTempDirectory("skf-bench");
        for (int i = 0; i < containers; i++) {
            for (String half : List.of("--sign", "--enc")) {
                KeyPair pair = sm2();
                X500Name name = new X500Name("CN=基准用户" + i + ", O=UKey Bench, C=CN");
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                ContentSigner signer = new JcaContentSignerBuilder("SM3withSM2").setProvider(BC)
                        .build(pair.getPrivate());
                byte[] der = new X509v3CertificateBuilder(name, BigInteger.valueOf(i + 1), Date.from(now),
                        Date.from(now.plus(30, ChronoUnit.DAYS)), name,
                        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())).build(signer).getEncoded();
                Path key = Files.writeString(files.resolve(i + half + ".pem"), pem(pair));
                Path certificate = Files.write(files.resolve(i + half + ".der"), der);
                BenchSupport.run(tool.toString(), "import", "--device", device.toString(), "--container",
                        "容器" + i, half, "--key", key.toString(), "--cert", certificate.toString());
            }
        }
    }

    private static KeyPair sm2() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("sm2p256v1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
        }
        return out.toString();
    }

    /** In-process, or (hosted) served by the Linux library host, ukey-host, as an isolated library. */
    static void enumerate(Path library, boolean hosted) throws Exception {
        long start = System.nanoTime();
        String where = hosted ? "through ukey-host" : "in-process";
        try (SkfProvider provider = SkfProvider.open(library, SkfOptions.defaults(), hosted)) {
            int certificates = listAll(provider);
            long cold = System.nanoTime() - start;
            List<Long> warm = TokenBench.times(30, () -> listAll(provider));
            System.out.printf("SKF %s listing, %d certificates: cold (load + connect + list) %.1f ms,"
                    + " warm median %.2f ms, min %.2f ms%n", where, certificates, cold / 1e6,
                    BenchSupport.median(warm) / 1e6, BenchSupport.min(warm) / 1e6);
            sign(provider.tokens().getFirst(), where);
        }
    }

    private static int listAll(SkfProvider provider) throws Exception {
        int n = 0;
        for (Token token : provider.tokens()) {
            token.info();
            for (Identity identity : token.identities()) {
                n += (int) identity.halves().stream().filter(KeyHalf::readable).count();
            }
        }
        return n;
    }

    private static void sign(Token token, String where) throws Exception {
        byte[] message = "bench".getBytes(StandardCharsets.UTF_8);
        List<Long> times;
        try (TokenSession session = token.login(PIN.clone())) {
            String id = token.identities().getFirst().id();
            times = TokenBench.times(30, () -> {
                ContentSigner signer = session.signer(id);
                signer.getOutputStream().write(message);
                return signer.getSignature();
            });
        }
        System.out.printf("SKF %s SM3withSM2 signature (Z and e here, SKF_ECCSignData, BouncyCastle verify): median"
                + " %.2f ms, min %.2f ms%n", where, BenchSupport.median(times) / 1e6, BenchSupport.min(times) / 1e6);
    }
}
