package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import ukey.cert.gm.CsrResponse;
import ukey.cert.gm.Sm2;
import ukey.token.testing.Kmc;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.Validity;

/**
 * The encryption half of an SM2 answer is checked before anything is written, in the forms the sandbox cannot
 * give: an answer without one for a dual-certificate key, a signing certificate in the CSRResponse that is not the
 * one issued, an encryption certificate not for encryption, too short, or from another hierarchy; and an SM2 key
 * certified in another encoding is still the new key.
 */
class EncryptionHalfValidationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final X500Name HOLDER = TestCertificates.name(TestCertificates.StringType.UTF8, "C=CN",
            "O=示例招标代理有限公司", "CN=张三");
    private static final int ENCRYPTING = KeyUsage.keyEncipherment | KeyUsage.dataEncipherment
            | KeyUsage.keyAgreement;

    private final Issued root = sm2().subject(new X500Name("CN=SM2 Root, C=CN")).ca()
            .validity(Validity.days(NOW.minus(Duration.ofDays(100)), 3650)).build();
    private final Issued issuing = sm2().subject(new X500Name("CN=SM2 Issuing CA, C=CN")).ca().issuer(root)
            .validity(Validity.days(NOW.minus(Duration.ofDays(100)), 3650)).build();
    private final X509CertificateHolder current = leaf(null, KeyUsage.digitalSignature, NOW.minus(Duration.ofDays(345)),
            issuing);
    private final X509CertificateHolder oldEncryption = leaf(null, ENCRYPTING, NOW.minus(Duration.ofDays(345)),
            issuing);
    private final SubjectPublicKeyInfo newKey = sm2().build().certificate().getSubjectPublicKeyInfo();
    private final X509CertificateHolder signing = leaf(newKey, KeyUsage.digitalSignature, NOW, issuing);
    private final IssuedCertificateValidator validator = new IssuedCertificateValidator(List.of(root.certificate()));

    private static TestCertificates.Builder sm2() {
        return TestCertificates.builder().keyType(KeyType.SM2);
    }

    private static X509CertificateHolder leaf(SubjectPublicKeyInfo key, int usage, Instant from, Issued issuer) {
        TestCertificates.Builder builder = sm2().subject(HOLDER).keyUsage(usage).issuer(issuer)
                .validity(Validity.days(from, 365));
        return (key == null ? builder : builder.publicKey(key)).certificate();
    }

    private CaConnector.IssuedCertificate answer(X509CertificateHolder encryption, Kmc.Enveloped pair)
            throws Exception {
        return answer(signing, encryption, pair);
    }

    private CaConnector.IssuedCertificate answer(X509CertificateHolder inResponse, X509CertificateHolder encryption,
                                                 Kmc.Enveloped pair) throws Exception {
        String response = CsrResponse.of(List.of(inResponse), pair.envelope(), List.of(encryption)).toBase64();
        return new CaConnector.IssuedCertificate(signing, List.of(issuing.certificate()), Optional.of(response));
    }

    private RenewalError refusal(CaConnector.IssuedCertificate answer) {
        return assertThrows(RenewalException.class, () -> validator.validateEncryption(answer, newKey,
                Optional.of(oldEncryption), current, NOW)).error();
    }

    @Test
    void acceptsTheEncryptionCertificateOfTheEnvelopedKey() throws Exception {
        Kmc.Enveloped pair = Kmc.envelope(newKey);
        X509CertificateHolder encryption = leaf(pair.publicKey(), ENCRYPTING, NOW, issuing);

        EncryptionHalf half = validator.validateEncryption(answer(encryption, pair), newKey,
                Optional.of(oldEncryption), current, NOW).orElseThrow();

        assertEquals(encryption, half.certificate());
        assertTrue(Sm2.sameKey(pair.publicKey(), half.envelope().publicKeyInfo()));
    }

    @Test
    void refusesAnAnswerWithoutTheEncryptionHalfOfADualKey() {
        CaConnector.IssuedCertificate alone = new CaConnector.IssuedCertificate(signing,
                List.of(issuing.certificate()));
        assertEquals(RenewalError.ISSUED_ENCRYPTION, refusal(alone));
    }

    @Test
    void refusesWhatDoesNotFitTheSigningCertificateOrIsNotForEncryption() throws Exception {
        Kmc.Enveloped pair = Kmc.envelope(newKey);
        X509CertificateHolder good = leaf(pair.publicKey(), ENCRYPTING, NOW, issuing);
        X509CertificateHolder another = leaf(newKey, KeyUsage.digitalSignature, NOW, issuing);
        assertEquals(RenewalError.ISSUED_ENCRYPTION, refusal(answer(another, good, pair)),
                "the CSRResponse's signing certificate is another than the one issued");
        assertEquals(RenewalError.ISSUED_USAGE, refusal(answer(leaf(pair.publicKey(), KeyUsage.digitalSignature, NOW,
                issuing), pair)), "an encryption certificate that only signs");
        assertEquals(RenewalError.ISSUED_VALIDITY, refusal(answer(leaf(pair.publicKey(), ENCRYPTING,
                NOW.minus(Duration.ofDays(350)), issuing), pair)), "ends before the old encryption certificate");
        Issued otherRoot = sm2().subject(new X500Name("CN=SM2 Issuing CA, C=CN")).ca()
                .validity(Validity.days(NOW.minus(Duration.ofDays(1)), 3650)).build();
        assertEquals(RenewalError.ISSUED_UNTRUSTED, refusal(answer(leaf(pair.publicKey(), ENCRYPTING, NOW,
                otherRoot), pair)), "a look-alike issuer outside the configured roots");
    }

    @Test
    void anSm2KeyCertifiedInAnotherEncodingIsTheNewKey() throws Exception {
        // older certificates name the SM2 curve itself as the key's algorithm
        SubjectPublicKeyInfo curveNamed = new SubjectPublicKeyInfo(new AlgorithmIdentifier(Sm2.CURVE),
                newKey.getPublicKeyData().getOctets());
        X509CertificateHolder issued = leaf(curveNamed, KeyUsage.digitalSignature, NOW, issuing);

        validator.validate(issued, List.of(issuing.certificate()), newKey, current, NOW);
    }
}
