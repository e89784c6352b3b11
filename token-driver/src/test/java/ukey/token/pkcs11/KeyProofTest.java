package ukey.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** A private key proves whose it is by a raw ECDSA signature that exactly its public key verifies. */
class KeyProofTest {

    private static final byte[] CHALLENGE = "a 32-byte random challenge .....".getBytes();

    @Test
    void onlyTheKeysOwnPublicKeyVerifiesItsSignature() throws Exception {
        KeyPair key = ec("secp256r1");
        byte[] signature = sign(key, CHALLENGE);

        assertTrue(KeyProof.verifies(spki(key), CHALLENGE, signature));
        assertFalse(KeyProof.verifies(spki(ec("secp256r1")), CHALLENGE, signature), "another key of the curve");
        assertFalse(KeyProof.verifies(spki(ec("secp384r1")), CHALLENGE, signature), "another curve");
        assertFalse(KeyProof.verifies(spki(key), "another challenge ..............".getBytes(), signature));
    }

    @Test
    void whatIsNoEcSignatureOrNoEcKeyProvesNothing() throws Exception {
        KeyPair key = ec("secp256r1");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        assertFalse(KeyProof.verifies(spki(key), CHALLENGE, new byte[] {0x30, 0x02, 0x01}), "cut short");
        assertFalse(KeyProof.verifies(spki(key), CHALLENGE, new byte[64]), "raw r|s, not DER");
        assertFalse(KeyProof.verifies(SubjectPublicKeyInfo.getInstance(rsa.generateKeyPair().getPublic().getEncoded()),
                CHALLENGE, sign(key, CHALLENGE)), "an RSA key");
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static SubjectPublicKeyInfo spki(KeyPair key) {
        return SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
    }

    private static byte[] sign(KeyPair key, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("NONEwithECDSA");
        signer.initSign(key.getPrivate());
        signer.update(data);
        return signer.sign();
    }
}
