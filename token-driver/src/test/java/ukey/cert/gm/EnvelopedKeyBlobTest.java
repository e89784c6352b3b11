package ukey.cert.gm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ukey.token.testing.GmReference;

/**
 * The ENVELOPEDKEYBLOB made from a GM/T 0009 envelope opens, in each private-key layout, with the signing private
 * key alone, by a reference that uses BouncyCastle's SM2 and SM4 only: the SM4 key unwraps, d decrypts, d·G is the
 * blob's public key.
 */
class EnvelopedKeyBlobTest {

    private final KeyPair signing = GmReference.sm2KeyPair();

    @ParameterizedTest(name = "{0} from {1} encrypted bytes")
    @CsvSource({"RIGHT, 32", "LEFT, 32", "RIGHT, 48", "LEFT, 48", "RIGHT, 64", "LEFT, 64", "FULL64, 64"})
    void theBlobOpensWithTheSigningKeyInEveryLayout(PrivateKeyLayout layout, int encryptedBytes) throws Exception {
        GmReference.Envelope made = GmReference.envelope(signing, encryptedBytes);

        byte[] blob = SkfBlobs.envelopedKeyBlob(Sm2EnvelopedKey.fromDer(made.der()), layout);

        assertEquals(388, blob.length);
        assertEquals(made.d(), GmReference.openBlob(blob, signing, layout.wire()));
    }

    @Test
    void theHeaderAndTheEmptyHalfAreAsTheContractSays() throws Exception {
        GmReference.Envelope made = GmReference.envelope(signing, 32);
        Sm2EnvelopedKey envelope = Sm2EnvelopedKey.fromDer(made.der());

        byte[] right = SkfBlobs.envelopedKeyBlob(envelope, PrivateKeyLayout.RIGHT);
        byte[] left = SkfBlobs.envelopedKeyBlob(envelope, PrivateKeyLayout.LEFT);

        ByteBuffer header = ByteBuffer.wrap(right).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, header.getInt(0));
        assertEquals(0x401, header.getInt(4));
        assertEquals(256, header.getInt(8));
        assertEquals(256, header.getInt(76));
        assertEquals(16, header.getInt(208 + 160));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(right, 12, 44));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(left, 44, 76));
        assertArrayEquals(envelope.encryptedPrivateKey(), Arrays.copyOfRange(right, 44, 76));
        assertArrayEquals(envelope.encryptedPrivateKey(), Arrays.copyOfRange(left, 12, 44));
        assertArrayEquals(Arrays.copyOfRange(right, 76, 388), Arrays.copyOfRange(left, 76, 388));
        byte[] x = made.publicKey().getAffineXCoord().getEncoded();
        assertArrayEquals(new byte[32], Arrays.copyOfRange(right, 80, 112));
        assertArrayEquals(x, Arrays.copyOfRange(right, 112, 144));
    }

    @Test
    void aLayoutThatDoesNotMatchTheDeviceDoesNotOpen() throws Exception {
        GmReference.Envelope made = GmReference.envelope(signing, 32);
        byte[] left = SkfBlobs.envelopedKeyBlob(Sm2EnvelopedKey.fromDer(made.der()), PrivateKeyLayout.LEFT);

        assertThrows(IllegalArgumentException.class, () -> GmReference.openBlob(left, signing, "right"));
    }

    @Test
    void full64NeedsTheSixtyFourByteCiphertext() throws Exception {
        Sm2EnvelopedKey envelope = Sm2EnvelopedKey.fromDer(GmReference.envelope(signing, 32).der());

        GmFormatException refused = assertThrows(GmFormatException.class,
                () -> SkfBlobs.envelopedKeyBlob(envelope, PrivateKeyLayout.FULL64));
        assertEquals(GmFormatError.LAYOUT_NEEDS_64_BYTES, refused.error());
    }

    @Test
    void anotherSigningKeyCannotOpenTheBlob() throws Exception {
        GmReference.Envelope made = GmReference.envelope(GmReference.sm2KeyPair(), 32);
        byte[] blob = SkfBlobs.envelopedKeyBlob(Sm2EnvelopedKey.fromDer(made.der()), PrivateKeyLayout.RIGHT);

        assertThrows(Exception.class, () -> GmReference.openBlob(blob, signing, "right"));
    }

    @Test
    void layoutNamesAreTheSettingsWords() {
        assertEquals(PrivateKeyLayout.FULL64, PrivateKeyLayout.parse(" Full64 "));
        assertEquals("right", PrivateKeyLayout.RIGHT.wire());
        assertThrows(IllegalArgumentException.class, () -> PrivateKeyLayout.parse("middle"));
    }
}
