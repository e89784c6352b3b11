package ukey.cert.gm;

/**
 * Why a GM structure (GM/T 0092 CSRResponse, GM/T 0009 SM2EnvelopedKey, SM2Cipher, an SKF blob) was refused. The
 * app words these; the exception's message is a detail for the log.
 */
public enum GmFormatError {
    /** Not one definite-length (DER) ASN.1 structure: unreadable, cut short, trailing bytes, or not DER. */
    NOT_DER,
    /** DER, but not a CSRResponse: not SEQUENCE { SET, [0] OPTIONAL, [1] OPTIONAL }. */
    NOT_A_CSR_RESPONSE,
    /** The CSRResponse's signCertificate set is empty. */
    NO_SIGNING_CERTIFICATE,
    /** An element of a certificate set is not a readable X.509 certificate. */
    BAD_CERTIFICATE,
    /** The CSRResponse carries an enveloped key without an encryption certificate, or the reverse. */
    INCOMPLETE_ENCRYPTION_PAIR,
    /** Not an SM2EnvelopedKey: not SEQUENCE { AlgorithmIdentifier, SM2Cipher, BIT STRING, BIT STRING }. */
    NOT_AN_ENVELOPED_KEY,
    /** The envelope's symmetric algorithm is not SM4 (ECB); nothing else reaches an SKF key. */
    UNSUPPORTED_SYMMETRIC_ALGORITHM,
    /** An SM2Cipher is malformed: C1 not on the curve, HASH not 32 bytes, or a ciphertext of the wrong length. */
    BAD_SM2_CIPHER,
    /** A public key is not an uncompressed point (04 || X || Y) on the SM2 curve, or not an SM2 key at all. */
    BAD_PUBLIC_KEY,
    /** The encrypted private key is not 32, 48 (padded) or 64 bytes of SM4 ciphertext. */
    BAD_ENCRYPTED_PRIVATE_KEY,
    /** The full64 layout needs the 64-byte ciphertext of 32 zero bytes || d; the envelope holds only SM4(d). */
    LAYOUT_NEEDS_64_BYTES,
    /** An SKF blob has the wrong size or fields (bit length, version, algorithm). */
    BAD_BLOB,
    /** A signature is not DER SEQUENCE { r, s } with 0 < r, s < n, or not 64 bytes of r || s. */
    BAD_SIGNATURE_ENCODING
}
