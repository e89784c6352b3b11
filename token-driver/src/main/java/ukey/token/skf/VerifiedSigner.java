package ukey.token.skf;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * A {@link ContentSigner} whose signatures are made on the key and checked against its public key before they are
 * returned: vendors differ in what they sign and how they lay out the result, and a key whose certificate was
 * filed with another key signs "successfully". Usable for several signatures, one after another.
 */
abstract class VerifiedSigner implements ContentSigner {

    /** The key's own signing call over what the algorithm has prepared (SKF_ECCSignData, SKF_RSASignData). */
    interface RawSign {
        byte[] sign(byte[] prepared) throws TokenException;
    }

    final SubjectPublicKeyInfo publicKey;
    final RawSign raw;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    VerifiedSigner(SubjectPublicKeyInfo publicKey, RawSign raw) {
        this.publicKey = publicKey;
        this.raw = raw;
    }

    /** The signature over the message, made on the key. */
    abstract byte[] sign(byte[] message) throws Exception;

    /** Whether the signature verifies with the public key. */
    abstract boolean verifies(byte[] message, byte[] signature) throws Exception;

    @Override
    public final OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public final byte[] getSignature() {
        byte[] message = buffer.toByteArray();
        buffer.reset();
        try {
            byte[] signature = sign(message);
            if (!verifies(message, signature)) {
                throw new TokenException(TokenError.DEVICE_ERROR, null,
                        "the key's signature does not verify against the public key", null, null);
            }
            return signature;
        } catch (RuntimeOperatorException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeOperatorException("token signing failed: " + e.getMessage(), e);
        }
    }
}
