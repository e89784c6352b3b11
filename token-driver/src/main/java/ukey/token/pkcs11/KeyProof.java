package ukey.token.pkcs11;

import java.io.IOException;
import java.math.BigInteger;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

import ukey.cert.EcPublicKeys;

/**
 * Whether an EC public key verifies a raw ECDSA signature (DER) over a challenge: how a private key proves whose it
 * is. BouncyCastle's lightweight ECDSA on the curve's own arithmetic ({@link EcPublicKeys}), as NONEwithECDSA would
 * check it: no JCA provider, whose making registers every algorithm BouncyCastle has (a tenth of a whole
 * {@code ukey renew}).
 */
final class KeyProof {

    private KeyProof() {
    }

    static boolean verifies(SubjectPublicKeyInfo candidate, byte[] challenge, byte[] derSignature) {
        try {
            if (!(EcPublicKeys.of(candidate) instanceof ECPublicKeyParameters key)) {
                return false; // not an EC key: not this key's
            }
            ASN1Sequence signature = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(derSignature));
            if (signature.size() != 2) {
                return false;
            }
            BigInteger r = ASN1Integer.getInstance(signature.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(signature.getObjectAt(1)).getValue();
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(challenge, r, s);
        } catch (IOException | RuntimeException e) {
            return false; // not a signature, or another curve: not this key's
        }
    }
}
