package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.junit.jupiter.api.Test;

import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.testing.GmReference;

/** The SKF signer's checks, with a raw SM2 signer (as SKF_ECCSignData) standing in for the key. */
class VerifyingSm2SignerTest {

    private static final byte[] MESSAGE = "招标文件 2026".getBytes(StandardCharsets.UTF_8);

    private static byte[] sign(VerifyingSm2Signer signer) throws Exception {
        signer.getOutputStream().write(MESSAGE);
        return signer.getSignature();
    }

    private static SubjectPublicKeyInfo publicKey(KeyPair pair) {
        return SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    }

    @Test
    void signaturesOfTheRightKeyVerifyAndTheSignerSignsAgain() throws Exception {
        KeyPair key = GmReference.sm2KeyPair();
        VerifyingSm2Signer signer = new VerifyingSm2Signer(publicKey(key),
                e -> signatureBlob(GmReference.signDigest(key, e)));
        assertTrue(Sm2.verify(publicKey(key), MESSAGE, sign(signer)));
        assertTrue(Sm2.verify(publicKey(key), MESSAGE, sign(signer)), "a second signature with the same signer");
        assertEquals("1.2.156.10197.1.501", signer.getAlgorithmIdentifier().getAlgorithm().getId());
    }

    @Test
    void aSignatureByAnotherKeyIsNeverReturned() {
        KeyPair key = GmReference.sm2KeyPair();
        KeyPair other = GmReference.sm2KeyPair();
        VerifyingSm2Signer signer = new VerifyingSm2Signer(publicKey(key),
                e -> signatureBlob(GmReference.signDigest(other, e)));
        RuntimeOperatorException e = assertThrows(RuntimeOperatorException.class, () -> sign(signer));
        assertEquals(TokenError.DEVICE_ERROR, assertInstanceOf(TokenException.class, e.getCause()).error());
    }

    @Test
    void envelopesMoveToTheLibrarysLayout() throws Exception {
        byte[] blob = new byte[SkfBlobs.ENVELOPED_KEY_BLOB_BYTES];
        java.util.Arrays.fill(blob, 44, 76, (byte) 0x5a);
        byte[] left = SkfEnvelopes.relayout(blob, PrivateKeyLayout.LEFT);
        assertEquals(0x5a, left[12]);
        assertEquals(0, left[44]);
        assertEquals(0x5a, SkfEnvelopes.relayout(blob, PrivateKeyLayout.RIGHT)[44]);
        assertThrows(IllegalArgumentException.class, () -> SkfEnvelopes.relayout(blob, PrivateKeyLayout.FULL64));
        java.util.Arrays.fill(blob, 12, 76, (byte) 7);
        assertEquals(7, SkfEnvelopes.relayout(blob, PrivateKeyLayout.FULL64)[12], "64 encrypted bytes pass as sent");
    }

    /** r || s (64 bytes) as an ECCSIGNATUREBLOB. */
    private static byte[] signatureBlob(byte[] rs) throws TokenException {
        try {
            return SkfBlobs.signatureBlob(Sm2.derSignature(rs));
        } catch (ukey.cert.gm.GmFormatException e) {
            throw new TokenException(TokenError.OTHER, e.getMessage());
        }
    }
}
