package ukey.token;

/**
 * What a new private key may do besides signing. A renewal gives the new key what the old certificate's key usage
 * allows: a key whose certificate can encipher (keyEncipherment, dataEncipherment, keyAgreement) must be able to
 * decrypt what is sealed to its successor.
 */
public enum KeyUse {
    /** Signs only. */
    SIGN,
    /** Signs, and decrypts and unwraps (RSA) or derives shared secrets (EC). */
    SIGN_AND_DECRYPT
}
