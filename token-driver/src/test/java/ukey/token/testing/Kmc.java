package ukey.token.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.util.BigIntegers;

import ukey.token.TokenException;
import ukey.token.sm2.EncryptionKeyCheck;
import ukey.token.sm2.SkfBlobs;
import ukey.token.sm2.Sm2;
import ukey.token.testing.TestCertificates.KeyType;

/**
 * A CA's key-management centre for tests: makes an SM2 encryption key pair and envelopes it to a signing public key
 * as an SKF ENVELOPEDKEYBLOB (SM4 key wrapped with SM2 to the signing key; the private key SM4-ECB encrypted).
 */
public final class Kmc {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An encryption key pair and its envelope. */
    public record Enveloped(KeyPair keyPair, byte[] blob) {
        public SubjectPublicKeyInfo publicKey() {
            return SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        }
    }

    private Kmc() {
    }

    /** A fresh encryption key pair enveloped to this signing key, the 32 encrypted bytes right-aligned. */
    public static Enveloped envelope(SubjectPublicKeyInfo signingKey) throws TokenException {
        return envelope(signingKey, TestCertificates.keyPair(KeyType.SM2), false);
    }

    /**
     * @param full64 encrypt all 64 bytes (32 zeros ‖ d), GmSSL v2's way, instead of the 32 bytes of d
     */
    public static Enveloped envelope(SubjectPublicKeyInfo signingKey, KeyPair encryption, boolean full64)
            throws TokenException {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        BigInteger d = ((ECPrivateKey) encryption.getPrivate()).getD();
        byte[] plain = BigIntegers.asUnsignedByteArray(full64 ? 64 : 32, d);
        byte[] encrypted = EncryptionKeyCheck.sm4(key, plain);
        SubjectPublicKeyInfo encryptionKey = SubjectPublicKeyInfo.getInstance(encryption.getPublic().getEncoded());
        byte[] blob = SkfBlobs.envelope(Sm2.point(encryptionKey), EncryptionKeyCheck.wrap(signingKey, key), encrypted);
        Arrays.fill(key, (byte) 0);
        Arrays.fill(plain, (byte) 0);
        return new Enveloped(encryption, blob);
    }
}
