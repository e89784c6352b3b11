package ukey.token.pkcs11;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Whether an EC public key verifies a raw ECDSA signature (DER) over a challenge: how a private key proves whose it is. */
final class KeyProof {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private KeyProof() {
    }

    static boolean verifies(SubjectPublicKeyInfo candidate, byte[] challenge, byte[] derSignature) {
        try {
            PublicKey key = KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(
                    candidate.getEncoded()));
            Signature verifier = Signature.getInstance("NONEwithECDSA", BC);
            verifier.initVerify(key);
            verifier.update(challenge);
            return verifier.verify(derSignature);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false; // not an EC key, or another curve: not this key's
        }
    }
}
