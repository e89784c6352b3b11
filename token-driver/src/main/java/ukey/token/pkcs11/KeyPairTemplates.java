package ukey.token.pkcs11;

import java.io.IOException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

import ukey.token.KeySpec;
import ukey.token.KeyUse;

/**
 * What C_GenerateKeyPair is asked for a key spec: the mechanism and both halves' templates. Both halves get the
 * same ID and label; the private half is sensitive and never extractable, so it never leaves the token.
 */
record KeyPairTemplates(long mechanism, Template publicKey, Template privateKey) {

    /** The caller has refused SM2 already: PKCS#11 has no standard mechanism for it. */
    static KeyPairTemplates of(KeySpec spec, KeyUse use, byte[] id, String label) {
        Template publicKey = new Template()
                .ulong(Ck.CKA_CLASS, Ck.CKO_PUBLIC_KEY).bool(Ck.CKA_TOKEN, true).bool(Ck.CKA_PRIVATE, false)
                .bool(Ck.CKA_VERIFY, true).bytes(Ck.CKA_ID, id).utf8(Ck.CKA_LABEL, label);
        Template privateKey = new Template()
                .ulong(Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY).bool(Ck.CKA_TOKEN, true).bool(Ck.CKA_PRIVATE, true)
                .bool(Ck.CKA_SENSITIVE, true).bool(Ck.CKA_EXTRACTABLE, false).bool(Ck.CKA_SIGN, true)
                .bytes(Ck.CKA_ID, id).utf8(Ck.CKA_LABEL, label);
        boolean decrypts = use == KeyUse.SIGN_AND_DECRYPT;
        if (spec.algorithm().equals("RSA")) {
            publicKey.ulong(Ck.CKA_KEY_TYPE, Ck.CKK_RSA).ulong(Ck.CKA_MODULUS_BITS, spec.bits())
                    .bytes(Ck.CKA_PUBLIC_EXPONENT, new byte[] {1, 0, 1});
            privateKey.ulong(Ck.CKA_KEY_TYPE, Ck.CKK_RSA).bool(Ck.CKA_DECRYPT, decrypts)
                    .bool(Ck.CKA_UNWRAP, decrypts).bool(Ck.CKA_DERIVE, false);
            publicKey.bool(Ck.CKA_ENCRYPT, decrypts).bool(Ck.CKA_WRAP, decrypts);
            return new KeyPairTemplates(Ck.CKM_RSA_PKCS_KEY_PAIR_GEN, publicKey, privateKey);
        }
        // an EC key "decrypts" by key agreement (ECDH); every capability is set, as tokens' defaults differ
        publicKey.ulong(Ck.CKA_KEY_TYPE, Ck.CKK_EC).bytes(Ck.CKA_EC_PARAMS, encoded(curve(spec)));
        privateKey.ulong(Ck.CKA_KEY_TYPE, Ck.CKK_EC).bool(Ck.CKA_DECRYPT, false).bool(Ck.CKA_UNWRAP, false)
                .bool(Ck.CKA_DERIVE, decrypts);
        return new KeyPairTemplates(Ck.CKM_EC_KEY_PAIR_GEN, publicKey, privateKey);
    }

    private static ASN1ObjectIdentifier curve(KeySpec spec) {
        return spec.bits() == 384 ? SECObjectIdentifiers.secp384r1 : SECObjectIdentifiers.secp256r1;
    }

    private static byte[] encoded(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
