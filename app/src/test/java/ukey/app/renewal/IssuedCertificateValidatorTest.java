package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.Validity;

/** What the CA returns is refused unless it certifies the new key, for the same holder, longer, from our roots. */
class IssuedCertificateValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final X500Name HOLDER = TestCertificates.name(TestCertificates.StringType.UTF8, "C=CN",
            "O=示例招标代理有限公司", "CN=张三");

    private final Issued root = TestCertificates.builder().subject(new X500Name("CN=Root, C=CN")).ca()
            .validity(Validity.days(NOW.minus(Duration.ofDays(100)), 3650)).build();
    private final Issued intermediate = TestCertificates.builder().subject(new X500Name("CN=Issuing CA, C=CN")).ca()
            .issuer(root).validity(Validity.days(NOW.minus(Duration.ofDays(100)), 3650)).build();
    private final Issued current = TestCertificates.builder().subject(HOLDER).issuer(intermediate)
            .validity(Validity.days(NOW.minus(Duration.ofDays(345)), 365)).build();
    private final SubjectPublicKeyInfo newKey = TestCertificates.builder().build().certificate()
            .getSubjectPublicKeyInfo();
    private final IssuedCertificateValidator validator = new IssuedCertificateValidator(List.of(root.certificate()));

    private X509CertificateHolder renewed(X500Name subject, SubjectPublicKeyInfo key, Issued issuer, Validity validity) {
        return TestCertificates.builder().subject(subject).publicKey(key).issuer(issuer).validity(validity)
                .certificate();
    }

    private Validity aYearFromNow() {
        return Validity.days(NOW, 365);
    }

    private RenewalError refusal(X509CertificateHolder issued, List<X509CertificateHolder> chain) {
        return assertThrows(RenewalException.class, () -> validator.validate(issued, chain, newKey,
                current.certificate(), NOW)).error();
    }

    @Test
    void acceptsARenewalThroughTheCasChain() throws Exception {
        // the subject re-encoded as PrintableString/BMP would still be the same holder: compared by value
        validator.validate(renewed(HOLDER, newKey, intermediate, aYearFromNow()), List.of(intermediate.certificate()),
                newKey, current.certificate(), NOW);
    }

    @Test
    void refusesWhatIsNotARenewalOfThisKeyForThisHolder() {
        List<X509CertificateHolder> chain = List.of(intermediate.certificate());
        SubjectPublicKeyInfo otherKey = TestCertificates.builder().build().certificate().getSubjectPublicKeyInfo();
        assertEquals(RenewalError.ISSUED_KEY_MISMATCH, refusal(renewed(HOLDER, otherKey, intermediate,
                aYearFromNow()), chain));
        X500Name other = TestCertificates.name(TestCertificates.StringType.UTF8, "C=CN", "CN=李四");
        assertEquals(RenewalError.ISSUED_SUBJECT_MISMATCH, refusal(renewed(other, newKey, intermediate,
                aYearFromNow()), chain));
    }

    @Test
    void refusesAChainThatDoesNotReachTheConfiguredRoot() {
        Issued lookalike = TestCertificates.builder().subject(new X500Name("CN=Issuing CA, C=CN")).ca()
                .validity(Validity.days(NOW.minus(Duration.ofDays(1)), 3650)).build();
        assertEquals(RenewalError.ISSUED_UNTRUSTED, refusal(renewed(HOLDER, newKey, lookalike, aYearFromNow()),
                List.of(lookalike.certificate())));
        assertEquals(RenewalError.ISSUED_UNTRUSTED, refusal(renewed(HOLDER, newKey, intermediate, aYearFromNow()),
                List.of()), "the intermediate is needed to reach the root");
    }

    @Test
    void refusesAbsurdValidity() {
        List<X509CertificateHolder> chain = List.of(intermediate.certificate());
        assertEquals(RenewalError.ISSUED_VALIDITY, refusal(renewed(HOLDER, newKey, intermediate,
                Validity.days(NOW.minus(Duration.ofDays(400)), 365)), chain), "expired");
        assertEquals(RenewalError.ISSUED_VALIDITY, refusal(renewed(HOLDER, newKey, intermediate,
                Validity.days(NOW.plus(Duration.ofDays(30)), 365)), chain), "not valid for a month");
        assertEquals(RenewalError.ISSUED_VALIDITY, refusal(renewed(HOLDER, newKey, intermediate,
                Validity.days(NOW, 20 * 365)), chain), "twenty years");
        assertEquals(RenewalError.ISSUED_VALIDITY, refusal(renewed(HOLDER, newKey, intermediate,
                Validity.days(NOW.minus(Duration.ofDays(340)), 360)), chain), "ends before the current one");
    }
}
