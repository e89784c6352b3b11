package ukey.token.pkcs11;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * Whose public key a private key object is, which a token need not say: an RSA key shows its modulus and exponent;
 * any other must prove itself by signing a random challenge that a candidate verifies. A key that cannot sign
 * proves nothing and stays unknown.
 */
final class PrivateKeyIdentity {

    private PrivateKeyIdentity() {
    }

    static Optional<SubjectPublicKeyInfo> of(Pkcs11Session session, long handle,
            List<SubjectPublicKeyInfo> candidates) throws TokenException {
        Map<Long, byte[]> values = session.attributes(handle, Ck.CKA_KEY_TYPE, Ck.CKA_MODULUS,
                Ck.CKA_PUBLIC_EXPONENT);
        if (values.containsKey(Ck.CKA_MODULUS) && values.containsKey(Ck.CKA_PUBLIC_EXPONENT)) {
            try {
                return Optional.of(KeyAttributes.rsaPublicKey(values));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (KeyAttributes.keyType(values) != Ck.CKK_EC || candidates.isEmpty()) {
            return Optional.empty();
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        byte[] signature;
        try {
            signature = TokenSigner.derSignature(session.sign(Ck.CKM_ECDSA, handle, challenge));
        } catch (TokenException e) {
            if (e.error() == TokenError.TOKEN_REMOVED || e.error() == TokenError.DEVICE_ERROR
                    || e.error() == TokenError.LOGIN_REQUIRED) {
                throw e;
            }
            return Optional.empty(); // a key that may not sign cannot prove whose it is
        } catch (IOException e) {
            return Optional.empty();
        }
        for (SubjectPublicKeyInfo candidate : candidates) {
            if (KeyProof.verifies(candidate, challenge, signature)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
