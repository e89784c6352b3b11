package ukey.token;

import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.gm.Sm2EnvelopedKey;

/**
 * A logged-in read/write session on one token. Closing it logs out.
 *
 * <p>Keys are named by {@link Identity#id()} here, on every backend. Identity methods that a backend cannot do answer
 * NOT_SUPPORTED (PKCS#11 tokens import no enveloped key pairs). A PKCS#11 token's session is also an
 * {@link ObjectSession}, which names its objects by CKA_ID.
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

    /** Logs out and closes the session. */
    @Override
    void close();
}
