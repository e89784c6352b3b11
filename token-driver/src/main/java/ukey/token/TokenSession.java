package ukey.token;

import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.gm.Sm2EnvelopedKey;

/**
 * A logged-in read/write session on one token. Closing it logs out.
 *
 * <p>Two ways to name keys: the PKCS#11-shaped methods take a CKA_ID (PKCS#11 tokens only), the identity methods
 * take an {@link Identity#id()} and work on every backend. Identity methods that a backend cannot do answer
 * NOT_SUPPORTED (PKCS#11 tokens import no enveloped key pairs).
 */
public interface TokenSession extends AutoCloseable {

    // ---- identities: every backend ----

    /** The identities as seen logged in (PKCS#11 then sees private keys directly). */
    default List<Identity> identities() throws TokenException {
        throw notSupported("identities");
    }

    /**
     * Makes a new identity with a signing key pair made on the token: for SKF a NEW container with this name
     * (SKF_CreateContainer, then SKF_GenECCKeyPair for SM2), which must not exist yet; for PKCS#11 a key pair
     * labelled with the name, its CKA_ID the SHA-1 of the public key. A failure after the container was made
     * deletes it again.
     *
     * @return the identity, with a signing half holding the private key and no certificate yet
     * @throws TokenException TOKEN_MEMORY_FULL when the token has no room (SAR_REACH_MAX_CONTAINER_COUNT,
     *                        SAR_NO_ROOM); OTHER with SAR_... when the name is taken; NOT_SUPPORTED for a spec
     *                        the backend cannot make
     */
    default Identity createIdentity(String name, KeySpec spec) throws TokenException {
        throw notSupported("createIdentity");
    }

    /**
     * The public key of an identity's half: from the token's key (SKF_ExportPublicKey, the public-key object),
     * else from the half's certificate.
     */
    default SubjectPublicKeyInfo publicKey(String identityId, KeyHalf.Usage usage) throws TokenException {
        throw notSupported("publicKey");
    }

    /**
     * A signer with the identity's signing key: SM3withSM2 (1.2.156.10197.1.501, Z from the ID 1234567812345678)
     * for SM2, SHA256withRSA for RSA, SHA256withECDSA for EC. SM2 and SKF RSA signatures are verified against the
     * identity's public key after every signature; a signature that does not verify fails the signer
     * (a RuntimeOperatorException around a TokenException DEVICE_ERROR).
     */
    default ContentSigner signer(String identityId) throws TokenException {
        throw notSupported("signer");
    }

    /** Writes the certificate of one half of an identity (SKF_ImportCertificate; a certificate object). */
    default void writeCertificate(String identityId, KeyHalf.Usage usage, X509CertificateHolder certificate)
            throws TokenException {
        throw notSupported("writeCertificate");
    }

    /**
     * Imports the encryption key pair that the CA's KMC made, enveloped to the identity's signing public key
     * (SKF_ImportECCKeyPair). {@code envelopedKeyBlob} is an SKF ENVELOPEDKEYBLOB (388 bytes) in the standard's
     * layout: the 32 encrypted private-key bytes right-aligned in cbEncryptedPriKey[64] (or 64 encrypted bytes
     * from a KMC that encrypts all 64); the backend moves them where its library's setting says.
     */
    default void importEncryptionKeyPair(String identityId, byte[] envelopedKeyBlob) throws TokenException {
        throw notSupported("importEncryptionKeyPair");
    }

    /**
     * The same from the GM/T 0009 SM2EnvelopedKey of the CA's answer: the backend lays it out as its library wants
     * (a per-library setting), so the caller need not know the library.
     */
    default void importEncryptionKeyPair(String identityId, Sm2EnvelopedKey envelope) throws TokenException {
        throw notSupported("importEncryptionKeyPair");
    }

    /**
     * The self-test of an imported encryption key: unwraps an SM4 key wrapped with SM2 to the identity's
     * encryption public key (SKF_ImportSessionKey with the encryption private key) and encrypts one block with it
     * (SM4-ECB, no padding). The caller compares the answer with its own SM4 of the block.
     *
     * @param wrappedKey the SM2 ciphertext of a 16-byte SM4 key, C1‖C3‖C2 with C1 as an uncompressed point
     *                   (BouncyCastle's SM2Engine in C1C3C2 mode)
     * @param block      16 bytes (or a multiple) to encrypt
     */
    default byte[] encryptWithWrappedKey(String identityId, byte[] wrappedKey, byte[] block) throws TokenException {
        throw notSupported("encryptWithWrappedKey");
    }

    /** Deletes an identity with its keys and certificates (SKF_DeleteContainer; the objects of a CKA_ID). */
    default void deleteIdentity(String identityId) throws TokenException {
        throw notSupported("deleteIdentity");
    }

    private static TokenException notSupported(String what) {
        return new TokenException(TokenError.NOT_SUPPORTED, what + " is not supported on this token");
    }

    // ---- PKCS#11-shaped: CKA_IDs ----

    /**
     * Generates a key pair on the token: token objects, private, sensitive, not extractable, with the
     * public-key object kept and the same CKA_ID and CKA_LABEL on both halves.
     *
     * @param use what the private key may do besides signing (its public half: verify, and encrypt or wrap)
     * @param id  the CKA_ID for both halves; when null, the SHA-1 of the public key's bytes (the common convention)
     * @return the new pair's CKA_ID and public key
     */
    GeneratedKey generateKeyPair(KeySpec spec, KeyUse use, byte[] id, String label) throws TokenException;

    /** A signing-only key pair: {@link #generateKeyPair(KeySpec, KeyUse, byte[], String)} with {@link KeyUse#SIGN}. */
    default GeneratedKey generateKeyPair(KeySpec spec, byte[] id, String label) throws TokenException {
        return generateKeyPair(spec, KeyUse.SIGN, id, label);
    }

    /** The public key of the pair with this CKA_ID (from its public-key object, or from its certificate). */
    SubjectPublicKeyInfo publicKey(byte[] id) throws TokenException;

    /**
     * A signer that signs with the private key with this CKA_ID on the token: SHA256withRSA (PKCS#1 v1.5)
     * for RSA keys, SHA256withECDSA for EC keys. The key never leaves the token.
     */
    ContentSigner signer(byte[] id) throws TokenException;

    /** Writes a certificate object (token, not private) with this CKA_ID and label. */
    void writeCertificate(byte[] id, String label, X509CertificateHolder certificate) throws TokenException;

    /** Every certificate and key object visible in this session. */
    List<TokenObject> objects() throws TokenException;

    /** Sets the label of every object of this kind with this CKA_ID (e.g. to mark an old key pair archived). */
    void setLabel(ObjectKind kind, byte[] id, String label) throws TokenException;

    /** Destroys every object of this kind with this CKA_ID; returns how many were destroyed. */
    int destroy(ObjectKind kind, byte[] id) throws TokenException;

    /** Destroys the certificate objects holding exactly these DER bytes; returns how many were destroyed. */
    int destroyCertificate(byte[] der) throws TokenException;

    /**
     * The private- and public-key objects with this CKA_ID, each with the public key it belongs to where that can
     * be known: read from a public-key object or an RSA private key; for another private key (EC), the one of
     * {@code candidates} that verifies a signature the key makes on a random challenge. Two pairs that share an
     * ID are told apart this way, so that work on one never touches the other.
     */
    List<KeyObject> keyObjects(byte[] id, List<SubjectPublicKeyInfo> candidates) throws TokenException;

    /** A signer with one private key that {@link #keyObjects} listed in this session. */
    ContentSigner signer(KeyObject key) throws TokenException;

    /** Destroys one object that {@link #keyObjects} listed in this session. */
    void destroy(KeyObject key) throws TokenException;

    /** Sets the label of one object that {@link #keyObjects} listed in this session. */
    void setLabel(KeyObject key, String label) throws TokenException;

    /** Logs out and closes the session. */
    @Override
    void close();

    /**
     * A private- or public-key object as {@link #keyObjects} found it.
     *
     * @param publicKey the public key it belongs to, when the token showed it or the key proved it
     * @param handle    the object's handle in the session that listed it; meaningful to that session only
     */
    record KeyObject(ObjectKind kind, byte[] id, String label, Optional<SubjectPublicKeyInfo> publicKey, long handle) {
    }

    /** A key pair just generated on the token. */
    record GeneratedKey(byte[] id, String label, KeySpec spec, SubjectPublicKeyInfo publicKey) {
    }
}
