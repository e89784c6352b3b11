package ukey.token.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.junit.jupiter.api.Test;

import ukey.token.sm2.SkfBlobs.EnvelopeLayout;

class SkfBlobsTest {

    private static byte[] wrap(RawSm2 to, byte[] key) throws Exception {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(new ECPublicKeyParameters(to.publicKey, Sm2.DOMAIN),
                new SecureRandom()));
        return engine.processBlock(key, 0, key.length);
    }

    @Test
    void aCipherBlobHoldsC1ThenC3ThenC2() throws Exception {
        RawSm2 key = new RawSm2();
        byte[] c1c3c2 = wrap(key, new byte[16]);
        byte[] blob = SkfBlobs.cipher(c1c3c2);
        assertEquals(164 + 16, blob.length);
        assertArrayEquals(Arrays.copyOfRange(c1c3c2, 1, 33), Arrays.copyOfRange(blob, 32, 64), "X right-aligned");
        assertArrayEquals(Arrays.copyOfRange(c1c3c2, 33, 65), Arrays.copyOfRange(blob, 96, 128), "Y");
        assertArrayEquals(Arrays.copyOfRange(c1c3c2, 65, 97), Arrays.copyOfRange(blob, 128, 160), "HASH = C3");
        assertEquals(16, ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getInt(160));
        assertArrayEquals(Arrays.copyOfRange(c1c3c2, 97, 113), Arrays.copyOfRange(blob, 164, 180), "Cipher = C2");
    }

    @Test
    void anEnvelopeIs388BytesInTheStandardsLayout() throws Exception {
        RawSm2 signing = new RawSm2();
        RawSm2 encryption = new RawSm2();
        byte[] encrypted = new byte[32];
        Arrays.fill(encrypted, (byte) 0x5a);
        byte[] blob = SkfBlobs.envelope(encryption.publicKey, wrap(signing, new byte[16]), encrypted);
        assertEquals(388, blob.length);
        ByteBuffer fields = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, fields.getInt(0));
        assertEquals(0x401, fields.getInt(4));
        assertEquals(256, fields.getInt(8));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(blob, 12, 44));
        assertArrayEquals(encrypted, Arrays.copyOfRange(blob, 44, 76));
        assertEquals(encryption.publicKey.normalize(),
                SkfBlobs.publicKey(Arrays.copyOfRange(blob, 76, 208)).normalize());
        assertEquals(16, fields.getInt(208 + 160));

        byte[] left = SkfBlobs.relayout(blob, EnvelopeLayout.LEFT);
        assertArrayEquals(encrypted, Arrays.copyOfRange(left, 12, 44));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(left, 44, 76));
        assertArrayEquals(blob, SkfBlobs.relayout(blob, EnvelopeLayout.RIGHT));
        assertThrows(IllegalArgumentException.class, () -> SkfBlobs.relayout(blob, EnvelopeLayout.FULL64));

        byte[] full = SkfBlobs.envelope(encryption.publicKey, wrap(signing, new byte[16]), new byte[64]);
        Arrays.fill(full, 12, 76, (byte) 7);
        for (EnvelopeLayout layout : EnvelopeLayout.values()) {
            assertArrayEquals(full, SkfBlobs.relayout(full, layout), "64 encrypted bytes pass as they are");
        }
    }
}
