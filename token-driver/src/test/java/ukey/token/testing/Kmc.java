package ukey.token.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.util.BigIntegers;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Cipher;
import ukey.cert.gm.Sm2EnvelopedKey;
import ukey.token.TokenException;
import ukey.token.sm2.EncryptionKeyCheck;
import ukey.token.testing.TestCertificates.KeyType;

/**
 * A CA's key-management centre for tests against a key on a token (whose signing private key never leaves it):
 * makes an SM2 encryption key pair and envelopes it to the signing public key, as GM/T 0009 SM2EnvelopedKey and as
 * the SKF ENVELOPEDKEYBLOB in the standard's layout.
 */
public final class Kmc {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An encryption key pair and its envelope. */
    public record Enveloped(KeyPair keyPair, Sm2EnvelopedKey envelope, byte[] blob) {
        public SubjectPublicKeyInfo publicKey() {
            return SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        }
    }

    private Kmc() {
    }

    /** A fresh encryption key pair enveloped to this signing key (32 encrypted private-key bytes). */
    public static Enveloped envelope(SubjectPublicKeyInfo signingKey) throws TokenException, GmFormatException {
        KeyPair encryption = TestCertificates.keyPair(KeyType.SM2);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        BigInteger d = ((ECPrivateKey) encryption.getPrivate()).getD();
        byte[] plain = BigIntegers.asUnsignedByteArray(32, d);
        SubjectPublicKeyInfo encryptionKey = SubjectPublicKeyInfo.getInstance(encryption.getPublic().getEncoded());
        Sm2EnvelopedKey envelope = Sm2EnvelopedKey.of(
                Sm2Cipher.fromC1C3C2(EncryptionKeyCheck.wrap(signingKey, key)), Sm2.uncompressedPoint(encryptionKey),
                EncryptionKeyCheck.sm4(key, plain));
        Arrays.fill(key, (byte) 0);
        Arrays.fill(plain, (byte) 0);
        return new Enveloped(encryption, envelope, SkfBlobs.envelopedKeyBlob(envelope, PrivateKeyLayout.RIGHT));
    }
}
