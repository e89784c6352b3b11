package ukey.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests of DER bytes as lowercase hex: how certificates are told apart and shown. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** SHA-256, lowercase hex: a certificate's fingerprint. */
    public static String sha256(byte[] der) {
        return hex("SHA-256", der);
    }

    /** SHA-1, lowercase hex (Windows still shows this "thumbprint"). */
    public static String sha1(byte[] der) {
        return hex("SHA-1", der);
    }

    private static String hex(String algorithm, byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
