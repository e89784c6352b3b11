package ukey.cert.gm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

import ukey.token.testing.GmReference;

/** The SKF blobs a token gives and takes, read and written with the contract's offsets. */
class SkfBlobsTest {

    private final KeyPair key = GmReference.sm2KeyPair();
    private final SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());

    @Test
    void publicKeyBlobRoundTrips() throws Exception {
        byte[] blob = SkfBlobs.publicKeyBlob(publicKey);

        assertEquals(132, blob.length);
        assertEquals(256, ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertArrayEquals(new byte[32], Arrays.copyOfRange(blob, 4, 36));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(blob, 68, 100));
        assertTrue(Sm2.sameKey(publicKey, SkfBlobs.publicKeyInfo(blob)));
        assertArrayEquals(publicKey.getEncoded(), SkfBlobs.publicKeyInfo(blob).getEncoded());
    }

    @Test
    void aCipherBlobFromTheTokenDecryptsWithBouncyCastle() throws Exception {
        byte[] sessionKey = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Sm2Cipher cipher = Sm2Cipher.fromC1C3C2(GmReference.sm2Encrypt(GmReference.publicParameters(key), sessionKey));

        byte[] blob = SkfBlobs.cipherBlob(cipher);

        assertEquals(164 + 16, blob.length);
        assertEquals(16, ByteBuffer.wrap(blob, 160, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(cipher, SkfBlobs.cipher(blob));
        assertEquals(cipher, Sm2Cipher.fromDer(cipher.getEncoded()));
        assertArrayEquals(sessionKey, GmReference.sm2Decrypt(GmReference.privateParameters(key),
                SkfBlobs.cipher(blob).toC1C3C2()));
    }

    @Test
    void refusesBlobsOfTheWrongShape() throws Exception {
        byte[] publicBlob = SkfBlobs.publicKeyBlob(publicKey);
        assertBadBlob(() -> SkfBlobs.publicKeyInfo(Arrays.copyOf(publicBlob, 131)));
        byte[] wrongBits = publicBlob.clone();
        wrongBits[0] = 0;
        wrongBits[1] = 2; // 512
        assertBadBlob(() -> SkfBlobs.publicKeyInfo(wrongBits));
        byte[] leftAligned = publicBlob.clone();
        System.arraycopy(publicBlob, 36, leftAligned, 4, 32);
        assertBadBlob(() -> SkfBlobs.publicKeyInfo(leftAligned));
        assertBadBlob(() -> SkfBlobs.derSignature(new byte[127]));
        assertBadBlob(() -> SkfBlobs.cipher(new byte[164]));
        byte[] cipher = SkfBlobs.cipherBlob(Sm2Cipher.fromC1C3C2(
                GmReference.sm2Encrypt(GmReference.publicParameters(key), new byte[16])));
        cipher[160] = 17;
        assertBadBlob(() -> SkfBlobs.cipher(cipher));
        GmFormatException zero = assertThrows(GmFormatException.class, () -> SkfBlobs.derSignature(new byte[128]));
        assertEquals(GmFormatError.BAD_SIGNATURE_ENCODING, zero.error());
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertBadBlob(Call call) {
        GmFormatException refused = assertThrows(GmFormatException.class, call::run);
        assertEquals(GmFormatError.BAD_BLOB, refused.error(), refused.getMessage());
    }
}
