package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verifiers of the renewal path (CA certificates, CMP answers, the self-test) without a JCA provider: every key
 * kind a CA may use verifies what its key signed and nothing signed by another key of the same kind; kinds without
 * a lightweight verifier (DSA) still verify through the provider.
 */
class SignatureVerifiersTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final X500Name CA = new X500Name("CN=Verifier CA, C=CN");
    private static final X500Name HOLDER = new X500Name("CN=张三, C=CN");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "RSA, 2048, SHA256withRSA",
        "RSA, 2048, SHA256withRSAandMGF1",
        "EC, secp256r1, SHA256withECDSA",
        "EC, secp384r1, SHA384withECDSA",
        "Ed25519, -, Ed25519",
        "EC, sm2p256v1, SM3withSM2",
        "DSA, 1024, SHA256withDSA",
    })
    void verifiesWhatTheCaKeySignedAndNothingElse(String algorithm, String size, String signature) throws Exception {
        KeyPair caKeys = keyPair(algorithm, size);
        KeyPair otherKeys = keyPair(algorithm, size);
        X509CertificateHolder ca = certificate(CA, CA, caKeys, caKeys, signature, true);
        X509CertificateHolder impostor = certificate(CA, CA, otherKeys, otherKeys, signature, true);
        X509CertificateHolder issued = certificate(CA, HOLDER, caKeys, keyPair("EC", "secp256r1"), signature, false);

        assertTrue(issued.isSignatureValid(SignatureVerifiers.of(ca)));
        assertFalse(issued.isSignatureValid(SignatureVerifiers.of(impostor)));
        Instant now = Instant.now();
        assertTrue(CertificateChains.chainsTo(issued, List.of(), List.of(ca), now));
        assertFalse(CertificateChains.chainsTo(issued, List.of(), List.of(impostor), now));
    }

    private static KeyPair keyPair(String algorithm, String size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec(size));
        } else if (!size.equals("-")) {
            generator.initialize(Integer.parseInt(size));
        }
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder certificate(X500Name issuer, X500Name subject, KeyPair issuerKeys,
                                                     KeyPair subjectKeys, String signature, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        return new X509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), subject,
                SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .build(new JcaContentSignerBuilder(signature).setProvider(BC).build(issuerKeys.getPrivate()));
    }
}
