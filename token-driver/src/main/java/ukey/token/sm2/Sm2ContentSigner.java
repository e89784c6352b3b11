package ukey.token.sm2;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * A BouncyCastle {@link ContentSigner} for SM3withSM2 (1.2.156.10197.1.501, no parameters, as OpenSSL writes it)
 * whose private key stays on the token: e = SM3(Z ‖ M) is computed here, the token signs e, and every signature
 * is verified against the public key before it is returned, so a wrong Z, a misfiled certificate or a vendor's
 * odd r/s layout fails here instead of at the CA.
 */
public final class Sm2ContentSigner implements ContentSigner {

    /** Signs a 32-byte digest on the token; answers the ECCSIGNATUREBLOB (128 bytes). */
    public interface RawSign {
        byte[] sign(byte[] digest) throws TokenException;
    }

    private final ECPoint publicKey;
    private final RawSign raw;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public Sm2ContentSigner(ECPoint publicKey, RawSign raw) {
        this.publicKey = publicKey;
        this.raw = raw;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(Sm2.SM3_WITH_SM2);
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        byte[] message = buffer.toByteArray();
        buffer.reset();
        try {
            return sign(message);
        } catch (TokenException e) {
            throw new RuntimeOperatorException("token signing failed: " + e.getMessage(), e);
        }
    }

    /** Signs a message: its DER signature, verified. */
    public byte[] sign(byte[] message) throws TokenException {
        byte[] der;
        try {
            der = SkfBlobs.derSignature(raw.sign(Sm2.digest(publicKey, message)));
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.DEVICE_ERROR, null, "the token's signature blob: " + e.getMessage(),
                    null, e);
        }
        if (!Sm2.verify(publicKey, message, der)) {
            throw new TokenException(TokenError.DEVICE_ERROR, null,
                    "the token's SM2 signature does not verify against the public key", null, null);
        }
        return der;
    }
}
