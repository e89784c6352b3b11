package ukey.cert.gm;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The SKF (GM/T 0016) structures built from and read into GM formats, byte for byte as the SKF contract fixes them:
 * ULONGs 32-bit little-endian (every SKF platform we build for), coordinates and signature values big-endian and
 * right-aligned in 64-byte fields.
 *
 * <pre>
 * ECCPUBLICKEYBLOB  { ULONG BitLen = 256; BYTE X[64]; BYTE Y[64]; }                       132 bytes
 * ECCCIPHERBLOB     { BYTE X[64]; BYTE Y[64]; BYTE HASH[32]; ULONG CipherLen; BYTE Cipher[]; } 164 + CipherLen
 * ECCSIGNATUREBLOB  { BYTE r[64]; BYTE s[64]; }                                           128 bytes
 * ENVELOPEDKEYBLOB  { ULONG Version = 1; ULONG ulSymmAlgID = SGD_SM4_ECB; ULONG ulBits = 256;
 *                     BYTE cbEncryptedPriKey[64]; ECCPUBLICKEYBLOB PubKey (at 76); ECCCIPHERBLOB (at 208) }  388 bytes
 * </pre>
 */
public final class SkfBlobs {

    public static final int SGD_SM4_ECB = 0x401;
    public static final int PUBLIC_KEY_BLOB_BYTES = 132;
    public static final int CIPHER_BLOB_HEADER_BYTES = 164;
    public static final int SIGNATURE_BLOB_BYTES = 128;
    public static final int ENVELOPED_KEY_BLOB_BYTES = 388;
    public static final int ENVELOPED_PUBLIC_KEY_OFFSET = 76;
    public static final int ENVELOPED_CIPHER_OFFSET = 208;

    private static final int FIELD = 64;
    private static final int VALUE = Sm2.FIELD_BYTES;
    private static final int BITS = 256;

    private SkfBlobs() {
    }

    /**
     * The ENVELOPEDKEYBLOB that SKF_ImportECCKeyPair takes for this envelope, its private key placed as the library
     * expects.
     */
    public static byte[] envelopedKeyBlob(Sm2EnvelopedKey envelope, PrivateKeyLayout layout) throws GmFormatException {
        byte[] cipherBlob = cipherBlob(envelope.encryptedKey());
        ByteBuffer blob = ByteBuffer.allocate(ENVELOPED_PUBLIC_KEY_OFFSET + PUBLIC_KEY_BLOB_BYTES + cipherBlob.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        blob.putInt(1).putInt(SGD_SM4_ECB).putInt(BITS);
        blob.put(encryptedPrivateKeyField(envelope.encryptedPrivateKey(), layout));
        blob.put(publicKeyBlob(envelope.publicKey()));
        blob.put(cipherBlob);
        return blob.array();
    }

    /** cbEncryptedPriKey[64] from the envelope's 32 (SM4(d)), 48 (SM4(d || pad)) or 64 (SM4(0^32 || d)) bytes. */
    static byte[] encryptedPrivateKeyField(byte[] encrypted, PrivateKeyLayout layout) throws GmFormatException {
        byte[] field = new byte[FIELD];
        if (layout == PrivateKeyLayout.FULL64) {
            if (encrypted.length != FIELD) {
                throw new GmFormatException(GmFormatError.LAYOUT_NEEDS_64_BYTES, "the envelope carries "
                        + encrypted.length + " encrypted private-key bytes; full64 needs SM4-ECB(k, 0^32 || d)");
            }
            return encrypted.clone();
        }
        // ECB encrypts each 16-byte block alone, so SM4(d) is the last 32 of 64 bytes or the first 32 of 48
        byte[] encryptedD = switch (encrypted.length) {
            case 32, 48 -> Arrays.copyOfRange(encrypted, 0, VALUE);
            case 64 -> Arrays.copyOfRange(encrypted, VALUE, FIELD);
            default -> throw new GmFormatException(GmFormatError.BAD_ENCRYPTED_PRIVATE_KEY,
                    encrypted.length + " encrypted private-key bytes");
        };
        System.arraycopy(encryptedD, 0, field, layout == PrivateKeyLayout.RIGHT ? VALUE : 0, VALUE);
        return field;
    }

    /** ECCPUBLICKEYBLOB of an SM2 point 04 || X || Y. */
    public static byte[] publicKeyBlob(byte[] uncompressedPoint) throws GmFormatException {
        Sm2.point(uncompressedPoint);
        ByteBuffer blob = ByteBuffer.allocate(PUBLIC_KEY_BLOB_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        blob.putInt(BITS);
        blob.put(rightAligned(Arrays.copyOfRange(uncompressedPoint, 1, 1 + VALUE)));
        blob.put(rightAligned(Arrays.copyOfRange(uncompressedPoint, 1 + VALUE, 1 + 2 * VALUE)));
        return blob.array();
    }

    public static byte[] publicKeyBlob(SubjectPublicKeyInfo key) throws GmFormatException {
        return publicKeyBlob(Sm2.uncompressedPoint(key));
    }

    /** The SM2 public key of an ECCPUBLICKEYBLOB (what SKF_GenECCKeyPair and SKF_ExportPublicKey give). */
    public static SubjectPublicKeyInfo publicKeyInfo(byte[] publicKeyBlob) throws GmFormatException {
        if (publicKeyBlob.length != PUBLIC_KEY_BLOB_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_BLOB,
                    "an ECCPUBLICKEYBLOB is 132 bytes, not " + publicKeyBlob.length);
        }
        ByteBuffer blob = ByteBuffer.wrap(publicKeyBlob).order(ByteOrder.LITTLE_ENDIAN);
        int bits = blob.getInt();
        if (bits != BITS) {
            throw new GmFormatException(GmFormatError.BAD_BLOB, "BitLen is " + bits + ", not 256");
        }
        byte[] point = new byte[1 + 2 * VALUE];
        point[0] = 0x04;
        System.arraycopy(value(publicKeyBlob, 4), 0, point, 1, VALUE);
        System.arraycopy(value(publicKeyBlob, 4 + FIELD), 0, point, 1 + VALUE, VALUE);
        return Sm2.publicKeyInfo(point);
    }

    /** ECCCIPHERBLOB of an SM2 ciphertext (for SKF_ImportSessionKey, and inside ENVELOPEDKEYBLOB). */
    public static byte[] cipherBlob(Sm2Cipher cipher) {
        byte[] text = cipher.cipherText();
        byte[] c1c3 = cipher.toC1C3C2();
        ByteBuffer blob = ByteBuffer.allocate(CIPHER_BLOB_HEADER_BYTES + text.length).order(ByteOrder.LITTLE_ENDIAN);
        blob.put(rightAligned(Arrays.copyOfRange(c1c3, 1, 1 + VALUE)));
        blob.put(rightAligned(Arrays.copyOfRange(c1c3, 1 + VALUE, 1 + 2 * VALUE)));
        blob.put(cipher.hash());
        blob.putInt(text.length);
        blob.put(text);
        return blob.array();
    }

    /** The SM2 ciphertext of an ECCCIPHERBLOB (what SKF_ExtECCEncrypt gives). */
    public static Sm2Cipher cipher(byte[] cipherBlob) throws GmFormatException {
        if (cipherBlob.length <= CIPHER_BLOB_HEADER_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_BLOB, "an ECCCIPHERBLOB is longer than 164 bytes");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(cipherBlob, 160, 4).order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
        if (length != cipherBlob.length - CIPHER_BLOB_HEADER_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_BLOB, "CipherLen " + length + " does not match the "
                    + (cipherBlob.length - CIPHER_BLOB_HEADER_BYTES) + " bytes after the header");
        }
        return Sm2Cipher.of(new BigInteger(1, value(cipherBlob, 0)),
                new BigInteger(1, value(cipherBlob, FIELD)), Arrays.copyOfRange(cipherBlob, 128, 160),
                Arrays.copyOfRange(cipherBlob, CIPHER_BLOB_HEADER_BYTES, cipherBlob.length));
    }

    /** DER {r, s} of an ECCSIGNATUREBLOB (what SKF_ECCSignData gives). */
    public static byte[] derSignature(byte[] signatureBlob) throws GmFormatException {
        if (signatureBlob.length != SIGNATURE_BLOB_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_BLOB,
                    "an ECCSIGNATUREBLOB is 128 bytes, not " + signatureBlob.length);
        }
        byte[] rs = new byte[2 * VALUE];
        System.arraycopy(value(signatureBlob, 0), 0, rs, 0, VALUE);
        System.arraycopy(value(signatureBlob, FIELD), 0, rs, VALUE, VALUE);
        return Sm2.derSignature(rs);
    }

    /** ECCSIGNATUREBLOB of a DER {r, s} signature (for SKF_ECCVerify). */
    public static byte[] signatureBlob(byte[] derSignature) throws GmFormatException {
        byte[] rs = Sm2.rawSignature(derSignature);
        byte[] blob = new byte[SIGNATURE_BLOB_BYTES];
        System.arraycopy(rightAligned(Arrays.copyOfRange(rs, 0, VALUE)), 0, blob, 0, FIELD);
        System.arraycopy(rightAligned(Arrays.copyOfRange(rs, VALUE, 2 * VALUE)), 0, blob, FIELD, FIELD);
        return blob;
    }

    private static byte[] rightAligned(byte[] value) {
        byte[] field = new byte[FIELD];
        System.arraycopy(value, 0, field, FIELD - value.length, value.length);
        return field;
    }

    /** The 32-byte value right-aligned in the 64-byte field at offset; its first 32 bytes must be zero. */
    private static byte[] value(byte[] blob, int offset) throws GmFormatException {
        for (int i = offset; i < offset + FIELD - VALUE; i++) {
            if (blob[i] != 0) {
                throw new GmFormatException(GmFormatError.BAD_BLOB,
                        "a 64-byte field does not hold a right-aligned 32-byte value (offset " + offset + ")");
            }
        }
        return Arrays.copyOfRange(blob, offset + FIELD - VALUE, offset + FIELD);
    }
}
