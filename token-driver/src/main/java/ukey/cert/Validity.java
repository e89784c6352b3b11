package ukey.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate's validity as instants. The forms RFC 5280 prescribes (UTCTime YYMMDDHHMMSSZ, GeneralizedTime
 * YYYYMMDDHHMMSSZ) are read digit by digit; BouncyCastle's getNotBefore() parses with a SimpleDateFormat, whose
 * calendar and locale data cost a cold command line tens of milliseconds. Any other form is left to BouncyCastle.
 */
public final class Validity {

    private Validity() {
    }

    public static Instant notBefore(X509CertificateHolder certificate) {
        return instant(certificate.toASN1Structure().getStartDate());
    }

    public static Instant notAfter(X509CertificateHolder certificate) {
        return instant(certificate.toASN1Structure().getEndDate());
    }

    /** As {@link X509CertificateHolder#isValidOn}: from notBefore to notAfter, both included. */
    public static boolean validOn(X509CertificateHolder certificate, Instant at) {
        return !at.isBefore(notBefore(certificate)) && !at.isAfter(notAfter(certificate));
    }

    static Instant instant(Time time) {
        ASN1Primitive value = time.toASN1Primitive();
        String text = contents(value);
        if (value instanceof ASN1UTCTime && digitsThenZ(text, 12)) {
            int year = number(text, 0, 2);
            return at(time, text, year < 50 ? 2000 + year : 1900 + year, 2); // RFC 5280 4.1.2.5.1
        }
        if (value instanceof ASN1GeneralizedTime && digitsThenZ(text, 14)) {
            return at(time, text, number(text, 0, 4), 4);
        }
        return time.getDate().toInstant();
    }

    private static Instant at(Time time, String text, int year, int from) {
        try {
            return LocalDateTime.of(year, number(text, from, from + 2), number(text, from + 2, from + 4),
                    number(text, from + 4, from + 6), number(text, from + 6, from + 8),
                    number(text, from + 8, from + 10)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) { // month 13, second 60...: whatever BouncyCastle's calendar makes of it
            return time.getDate().toInstant();
        }
    }

    /** The time's characters: its DER encoding without tag and length (one byte each: it is short). */
    private static String contents(ASN1Primitive value) {
        try {
            byte[] der = value.getEncoded(ASN1Encoding.DER);
            return new String(Arrays.copyOfRange(der, 2, der.length), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean digitsThenZ(String text, int digits) {
        if (text.length() != digits + 1 || text.charAt(digits) != 'Z') {
            return false;
        }
        for (int i = 0; i < digits; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}
