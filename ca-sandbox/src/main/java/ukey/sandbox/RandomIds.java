package ukey.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers for what the CA makes (renewals, challenges, seals) and SMS codes. */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** Six decimal digits, as an SMS code has. */
    static String smsCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }
}
