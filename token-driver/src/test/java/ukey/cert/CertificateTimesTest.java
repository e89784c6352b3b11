package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/** Validity times read from their digits give what BouncyCastle's own parser gives, in every form. */
class CertificateTimesTest {

    @Test
    void rfc5280FormsReadAsBouncyCastleReadsThem() {
        List<Time> times = List.of(new Time(new ASN1UTCTime("261206073000Z")),
                new Time(new ASN1UTCTime("491231235959Z")), new Time(new ASN1UTCTime("500101000000Z")),
                new Time(new ASN1GeneralizedTime("20501231235959Z")),
                new Time(new ASN1GeneralizedTime("99991231235959Z")));
        for (Time time : times) {
            assertEquals(time.getDate().toInstant(), CertificateTimes.instant(time), time.toString());
        }
        assertEquals(Instant.parse("2049-12-31T23:59:59Z"), CertificateTimes.instant(times.get(1)));
        assertEquals(Instant.parse("1950-01-01T00:00:00Z"), CertificateTimes.instant(times.get(2)));
    }

    @Test
    void otherFormsGoThroughBouncyCastle() {
        List<Time> times = List.of(new Time(new ASN1UTCTime("2612060730+0800")),
                new Time(new ASN1GeneralizedTime("20261206073000.123Z")),
                new Time(new ASN1GeneralizedTime("20261206073000+0100")));
        for (Time time : times) {
            assertEquals(time.getDate().toInstant(), CertificateTimes.instant(time), time.toString());
        }
    }
}
