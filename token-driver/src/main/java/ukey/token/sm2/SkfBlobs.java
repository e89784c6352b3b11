package ukey.token.sm2;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The GM/T 0016 structures that carry SM2 keys, signatures and ciphertexts, as bytes in their C layout (ULONGs
 * little-endian, 32-bit; coordinates, r and s big-endian and right-aligned in 64-byte fields):
 * ECCPUBLICKEYBLOB { BitLen; X[64]; Y[64] } (132), ECCSIGNATUREBLOB { r[64]; s[64] } (128),
 * ECCCIPHERBLOB { X[64]; Y[64]; HASH[32]; CipherLen; Cipher[] } (Cipher at 164),
 * ENVELOPEDKEYBLOB { Version; ulSymmAlgID; ulBits; cbEncryptedPriKey[64]; PubKey; ECCCipherBlob } (PubKey at 76,
 * the cipher blob at 208), BLOCKCIPHERPARAM { IV[32]; IVLen; PaddingType; FeedBitLen } (44).
 */
public final class SkfBlobs {

    public static final int PUBLIC_KEY_SIZE = 132;
    public static final int SIGNATURE_SIZE = 128;
    public static final int CIPHER_HEADER_SIZE = 164;
    public static final int BLOCK_CIPHER_PARAM_SIZE = 44;
    public static final int ENVELOPE_PUBLIC_KEY_OFFSET = 76;
    public static final int ENVELOPE_CIPHER_OFFSET = 208;
    private static final int ENCRYPTED_KEY_OFFSET = 12;
    /** SGD_SM4_ECB: the symmetric algorithm of ENVELOPEDKEYBLOB and of the self-test's session key. */
    public static final int SGD_SM4_ECB = 0x401;
    /** SGD_SM2_1: SM2 signing keys (SKF_GenECCKeyPair). */
    public static final int SGD_SM2_1 = 0x00020200;

    /** Where the 32 encrypted private-key bytes sit in cbEncryptedPriKey[64]: a vendor difference. */
    public enum EnvelopeLayout {
        /** The standard's: bytes 32..63 (right-aligned), bytes 0..31 zero. */
        RIGHT,
        /** Bytes 0..31, bytes 32..63 zero. */
        LEFT,
        /** All 64 bytes: SM4-ECB of (32 zero bytes ‖ d), GmSSL v2's way. */
        FULL64
    }

    private SkfBlobs() {
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void put64(byte[] target, int offset, BigInteger value) {
        byte[] field = BigIntegers.asUnsignedByteArray(32, value);
        System.arraycopy(field, 0, target, offset + 32, 32);
    }

    /** A 64-byte field as a number: right-aligned, or left-aligned where a vendor puts the value first. */
    private static BigInteger field64(byte[] blob, int offset) {
        boolean leftAligned = allZero(blob, offset + 32, 32) && !allZero(blob, offset, 32);
        int start = leftAligned ? offset : offset + 32;
        return new BigInteger(1, Arrays.copyOfRange(blob, start, start + 32));
    }

    private static boolean allZero(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- ECCPUBLICKEYBLOB ----

    public static byte[] publicKey(ECPoint point) {
        ECPoint p = point.normalize();
        byte[] blob = new byte[PUBLIC_KEY_SIZE];
        little(blob).putInt(0, 256);
        put64(blob, 4, p.getAffineXCoord().toBigInteger());
        put64(blob, 68, p.getAffineYCoord().toBigInteger());
        return blob;
    }

    /** The point of an ECCPUBLICKEYBLOB; IllegalArgumentException when it is short or not on the SM2 curve. */
    public static ECPoint publicKey(byte[] blob) {
        if (blob.length < PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("ECCPUBLICKEYBLOB of " + blob.length + " bytes, not 132");
        }
        return Sm2.point(field64(blob, 4), field64(blob, 68));
    }

    // ---- ECCSIGNATUREBLOB ----

    /** The DER signature of an ECCSIGNATUREBLOB. */
    public static byte[] derSignature(byte[] blob) {
        if (blob.length < SIGNATURE_SIZE) {
            throw new IllegalArgumentException("ECCSIGNATUREBLOB of " + blob.length + " bytes, not 128");
        }
        return Sm2.der(field64(blob, 0), field64(blob, 64));
    }

    public static byte[] signature(BigInteger r, BigInteger s) {
        byte[] blob = new byte[SIGNATURE_SIZE];
        put64(blob, 0, r);
        put64(blob, 64, s);
        return blob;
    }

    // ---- ECCCIPHERBLOB ----

    /**
     * An ECCCIPHERBLOB from an SM2 ciphertext C1‖C3‖C2 with C1 an uncompressed point (04 ‖ x ‖ y), as
     * BouncyCastle's SM2Engine writes it in C1C3C2 mode.
     */
    public static byte[] cipher(byte[] c1c3c2) {
        if (c1c3c2.length < 65 + 32 || c1c3c2[0] != 0x04) {
            throw new IllegalArgumentException("not an SM2 ciphertext C1||C3||C2 with an uncompressed C1");
        }
        int cipherLength = c1c3c2.length - 97;
        byte[] blob = new byte[CIPHER_HEADER_SIZE + cipherLength];
        System.arraycopy(c1c3c2, 1, blob, 32, 32);
        System.arraycopy(c1c3c2, 33, blob, 96, 32);
        System.arraycopy(c1c3c2, 65, blob, 128, 32);
        little(blob).putInt(160, cipherLength);
        System.arraycopy(c1c3c2, 97, blob, CIPHER_HEADER_SIZE, cipherLength);
        return blob;
    }

    // ---- ENVELOPEDKEYBLOB ----

    /**
     * An ENVELOPEDKEYBLOB in the standard's layout.
     *
     * @param encryptionKey       the enveloped pair's public key
     * @param wrappedSymmetricKey the SM4 key, SM2-encrypted to the signing key: C1‖C3‖C2 (see {@link #cipher})
     * @param encryptedPrivateKey SM4-ECB of the private key: 32 bytes (placed right-aligned) or 64 (all of them)
     */
    public static byte[] envelope(ECPoint encryptionKey, byte[] wrappedSymmetricKey, byte[] encryptedPrivateKey) {
        if (encryptedPrivateKey.length != 32 && encryptedPrivateKey.length != 64) {
            throw new IllegalArgumentException("encrypted private key of " + encryptedPrivateKey.length + " bytes");
        }
        byte[] cipher = cipher(wrappedSymmetricKey);
        byte[] blob = new byte[ENVELOPE_CIPHER_OFFSET + cipher.length];
        ByteBuffer fields = little(blob);
        fields.putInt(0, 1);
        fields.putInt(4, SGD_SM4_ECB);
        fields.putInt(8, 256);
        System.arraycopy(encryptedPrivateKey, 0, blob, ENCRYPTED_KEY_OFFSET + 64 - encryptedPrivateKey.length,
                encryptedPrivateKey.length);
        System.arraycopy(publicKey(encryptionKey), 0, blob, ENVELOPE_PUBLIC_KEY_OFFSET, PUBLIC_KEY_SIZE);
        System.arraycopy(cipher, 0, blob, ENVELOPE_CIPHER_OFFSET, cipher.length);
        return blob;
    }

    /**
     * The blob as a library with this layout wants it, from the standard's layout. A 64-byte ciphertext (bytes
     * 0..31 not zero) is passed as it is to every layout; a 32-byte one cannot become FULL64 without the key.
     *
     * @throws IllegalArgumentException when the blob is too short or cannot be laid out so
     */
    public static byte[] relayout(byte[] envelope, EnvelopeLayout layout) {
        if (envelope.length < ENVELOPE_CIPHER_OFFSET + CIPHER_HEADER_SIZE) {
            throw new IllegalArgumentException("ENVELOPEDKEYBLOB of " + envelope.length + " bytes");
        }
        byte[] copy = envelope.clone();
        boolean thirtyTwo = allZero(copy, ENCRYPTED_KEY_OFFSET, 32);
        if (!thirtyTwo || layout == EnvelopeLayout.RIGHT) {
            return copy;
        }
        if (layout == EnvelopeLayout.FULL64) {
            throw new IllegalArgumentException("the library wants all 64 bytes encrypted (full64), the CA sent 32");
        }
        System.arraycopy(copy, ENCRYPTED_KEY_OFFSET + 32, copy, ENCRYPTED_KEY_OFFSET, 32);
        Arrays.fill(copy, ENCRYPTED_KEY_OFFSET + 32, ENCRYPTED_KEY_OFFSET + 64, (byte) 0);
        return copy;
    }

    // ---- BLOCKCIPHERPARAM ----

    /** No IV, no padding, no feedback: ECB over whole blocks. */
    public static byte[] ecbNoPadding() {
        return new byte[BLOCK_CIPHER_PARAM_SIZE];
    }
}
