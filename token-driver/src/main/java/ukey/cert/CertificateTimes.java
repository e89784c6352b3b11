package ukey.cert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate's validity times as RFC 5280 writes them (UTCTime {@code YYMMDDHHMMSSZ}, GeneralizedTime
 * {@code YYYYMMDDHHMMSSZ}) read straight from their digits. BouncyCastle's {@code Time.getDate()} parses with a
 * {@code SimpleDateFormat}, whose locale data cost a listing tens of milliseconds cold; any other form still goes
 * through it.
 */
final class CertificateTimes {

    private CertificateTimes() {
    }

    static Instant instant(Time time) {
        String text = digits(time);
        boolean utc = time.toASN1Primitive() instanceof ASN1UTCTime;
        if (text != null && text.length() == (utc ? 13 : 15) && text.endsWith("Z") && digitsOnly(text)) {
            int at = utc ? 2 : 4;
            int year = Integer.parseInt(text.substring(0, at));
            if (utc) {
                year += year < 50 ? 2000 : 1900; // RFC 5280 4.1.2.5.1
            }
            try {
                return LocalDateTime.of(year, number(text, at), number(text, at + 2), number(text, at + 4),
                        number(text, at + 6), number(text, at + 8)).toInstant(ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                // not a date after all (month 13, ...): as BouncyCastle reads it
            }
        }
        return time.getDate().toInstant();
    }

    private static boolean digitsOnly(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int at) {
        return Integer.parseInt(text.substring(at, at + 2));
    }

    /** The time's characters as encoded (DER: tag, one length byte, the characters), or null. */
    private static String digits(Time time) {
        try {
            byte[] der = time.toASN1Primitive().getEncoded();
            return der.length > 2 && der[1] == der.length - 2
                    ? new String(der, 2, der.length - 2, StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
