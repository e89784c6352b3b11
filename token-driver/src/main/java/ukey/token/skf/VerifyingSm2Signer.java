package ukey.token.skf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2ContentSigner;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * SM3withSM2 with an SKF container's signing key: {@link Sm2ContentSigner} computes e = SM3(Z ‖ M), the key signs
 * e (SKF_ECCSignData), and every signature is verified against the public key by BouncyCastle's own SM2Signer
 * (which computes Z by itself) before it is returned: a wrong Z, a certificate filed with another key or a vendor's
 * odd r/s layout fails here, never at the CA. Usable for several signatures, one after another.
 */
final class VerifyingSm2Signer implements ContentSigner {

    /** SKF_ECCSignData over a 32-byte digest: the ECCSIGNATUREBLOB (128 bytes). */
    interface RawSign {
        byte[] sign(byte[] digest) throws TokenException;
    }

    private final SubjectPublicKeyInfo publicKey;
    private final RawSign raw;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    VerifyingSm2Signer(SubjectPublicKeyInfo publicKey, RawSign raw) {
        this.publicKey = publicKey;
        this.raw = raw;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return Sm2.signatureAlgorithm();
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        byte[] message = buffer.toByteArray();
        buffer.reset();
        byte[] signature;
        try {
            Sm2ContentSigner signer = Sm2ContentSigner.of(publicKey, e -> SkfBlobs.derSignature(raw.sign(e)));
            signer.getOutputStream().write(message);
            signature = signer.getSignature();
        } catch (GmFormatException | IOException e) {
            throw new RuntimeOperatorException("SM2 signing failed: " + e.getMessage(), e);
        }
        if (!Sm2.verify(publicKey, message, signature)) {
            throw new RuntimeOperatorException("token signing failed", new TokenException(TokenError.DEVICE_ERROR,
                    null, "the key's SM2 signature does not verify against the public key", null, null));
        }
        return signature;
    }
}
