package ukey.token.skf;

import java.util.Arrays;

import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.SkfBlobs;

/**
 * An ENVELOPEDKEYBLOB handed to the token layer in the standard's layout, moved to where this library wants the
 * encrypted private key (a per-library setting). A 64-byte ciphertext (bytes 0..31 of cbEncryptedPriKey not zero)
 * passes as it is; a 32-byte one cannot become FULL64 without the SM4 key.
 */
final class SkfEnvelopes {

    private static final int FIELD = 12;

    private SkfEnvelopes() {
    }

    static byte[] relayout(byte[] envelope, PrivateKeyLayout layout) {
        if (envelope.length < SkfBlobs.ENVELOPED_KEY_BLOB_BYTES) {
            throw new IllegalArgumentException("ENVELOPEDKEYBLOB of " + envelope.length + " bytes, not 388");
        }
        byte[] copy = envelope.clone();
        boolean thirtyTwo = Arrays.equals(copy, FIELD, FIELD + 32, new byte[32], 0, 32);
        if (!thirtyTwo || layout == PrivateKeyLayout.RIGHT) {
            return copy;
        }
        if (layout == PrivateKeyLayout.FULL64) {
            throw new IllegalArgumentException("the library wants all 64 bytes encrypted (full64), the CA sent 32");
        }
        System.arraycopy(copy, FIELD + 32, copy, FIELD, 32);
        Arrays.fill(copy, FIELD + 32, FIELD + 64, (byte) 0);
        return copy;
    }
}
