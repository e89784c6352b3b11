package ukey.token.skf;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2ContentSigner;

/**
 * SM3withSM2 with an SKF container's signing key: {@link Sm2ContentSigner} computes e = SM3(Z ‖ M), the key signs
 * e (SKF_ECCSignData), and BouncyCastle's own SM2Signer (which computes Z by itself) verifies each signature, so a
 * wrong Z or a vendor's odd r/s layout fails here, never at the CA.
 */
final class VerifyingSm2Signer extends VerifiedSigner {

    /** @param raw SKF_ECCSignData over a 32-byte digest, giving the ECCSIGNATUREBLOB */
    VerifyingSm2Signer(SubjectPublicKeyInfo publicKey, RawSign raw) {
        super(publicKey, raw);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return Sm2.signatureAlgorithm();
    }

    @Override
    byte[] sign(byte[] message) throws Exception {
        Sm2ContentSigner signer = Sm2ContentSigner.of(publicKey, e -> SkfBlobs.derSignature(raw.sign(e)));
        signer.getOutputStream().write(message);
        return signer.getSignature();
    }

    @Override
    boolean verifies(byte[] message, byte[] signature) {
        return Sm2.verify(publicKey, message, signature);
    }
}
