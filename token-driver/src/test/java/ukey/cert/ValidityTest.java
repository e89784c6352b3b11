package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Validity read digit by digit says what BouncyCastle's calendar says, for both time types and their edges. */
class ValidityTest {

    @Test
    void bothTimeTypesReadAsBouncyCastleReadsThem() {
        for (Time time : List.of(new Time(new ASN1UTCTime("260102030405Z")), new Time(new ASN1UTCTime("491231235959Z")),
                new Time(new ASN1UTCTime("500101000000Z")), new Time(new ASN1UTCTime("991231235959Z")),
                new Time(new ASN1GeneralizedTime("20550607080910Z")),
                new Time(new ASN1GeneralizedTime("20260102030405.5Z")), // a fraction: BouncyCastle reads it
                // out of range, as a broken CA may write them: the same instant as before, not an exception
                new Time(new ASN1GeneralizedTime("20261301000000Z")), new Time(new ASN1UTCTime("241231235960Z")),
                new Time(new ASN1UTCTime("260230120000Z")))) {
            assertEquals(time.getDate().toInstant(), Validity.instant(time), time.toString());
        }
        assertEquals(Instant.parse("2049-12-31T23:59:59Z"), Validity.instant(new Time(new ASN1UTCTime("491231235959Z"))));
        assertEquals(Instant.parse("1950-01-01T00:00:00Z"), Validity.instant(new Time(new ASN1UTCTime("500101000000Z"))));
    }

    @Test
    void aCertificateIsValidFromItsFirstToItsLastSecond() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Instant from = Instant.parse("2026-03-01T04:00:00Z");
        Instant to = Instant.parse("2027-03-01T04:00:00Z");
        X500Name name = new X500Name("CN=Validity");
        X509CertificateHolder certificate = new X509v3CertificateBuilder(name, BigInteger.ONE,
                java.util.Date.from(from), java.util.Date.from(to), name,
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));

        assertEquals(from, Validity.notBefore(certificate));
        assertEquals(to, Validity.notAfter(certificate));
        assertTrue(Validity.validOn(certificate, from));
        assertTrue(Validity.validOn(certificate, to));
        assertFalse(Validity.validOn(certificate, from.minusSeconds(1)));
        assertFalse(Validity.validOn(certificate, to.plusSeconds(1)));
    }
}
