package ukey.cert.gm;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * An SM3withSM2 {@link ContentSigner} over a key that signs digests (an SKF key: SKF_ECCSignData takes the 32-byte
 * e). It computes e = SM3(Z || M) with the default ID from the key's public half, so Z is right in one place for
 * CSRs, CMS and certificates alike.
 */
public final class Sm2ContentSigner implements ContentSigner {

    /** Signs a 32-byte e = SM3(Z || M) with the private key; answers DER SEQUENCE { r, s }. */
    @FunctionalInterface
    public interface DigestSigner {
        byte[] signDigest(byte[] e) throws Exception;
    }

    private final SubjectPublicKeyInfo publicKey;
    private final byte[] id;
    private final DigestSigner signer;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    private Sm2ContentSigner(SubjectPublicKeyInfo publicKey, byte[] id, DigestSigner signer) {
        this.publicKey = publicKey;
        this.id = id.clone();
        this.signer = signer;
    }

    /** A signer for one signature (ContentSigners are used once). publicKey: the signing key's public half. */
    public static Sm2ContentSigner of(SubjectPublicKeyInfo publicKey, DigestSigner signer) throws GmFormatException {
        return of(publicKey, Sm2.DEFAULT_ID.getBytes(StandardCharsets.US_ASCII), signer);
    }

    /** With another ID than the default, for a CA that asks for one. */
    public static Sm2ContentSigner of(SubjectPublicKeyInfo publicKey, byte[] id, DigestSigner signer)
            throws GmFormatException {
        Sm2.uncompressedPoint(publicKey);
        return new Sm2ContentSigner(publicKey, id, signer);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return Sm2.signatureAlgorithm();
    }

    @Override
    public OutputStream getOutputStream() {
        return message;
    }

    @Override
    public byte[] getSignature() {
        try {
            byte[] signature = signer.signDigest(Sm2.digest(publicKey, id, message.toByteArray()));
            Sm2.rawSignature(signature);
            return signature;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeOperatorException("SM2 signing failed: " + e.getMessage(), e);
        }
    }
}
