package ukey.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * A session on a PKCS#11 token, whose keys and certificates are objects named by CKA_ID: the calls the PKCS#11
 * renewal steps make on them. An SKF token's keys live in containers and are reached through the identity methods
 * of {@link TokenSession} alone.
 */
public interface ObjectSession extends TokenSession {

    /** The session as an object session, or NOT_SUPPORTED for a token whose keys are not PKCS#11 objects. */
    static ObjectSession of(TokenSession session) throws TokenException {
        if (session instanceof ObjectSession objects) {
            return objects;
        }
        throw new TokenException(TokenError.NOT_SUPPORTED, "this token's keys are not PKCS#11 objects");
    }

    /**
     * Generates a key pair on the token: token objects, private, sensitive, not extractable, with the
     * public-key object kept and the same CKA_ID and CKA_LABEL on both halves.
     *
     * @param use what the private key may do besides signing (its public half: verify, and encrypt or wrap)
     * @param id  the CKA_ID for both halves; when null, {@link #conventionalId} (the common convention): a temporary
     *            ID at generation, then each half's own in two calls, so a failure between them splits the pair
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

    /**
     * Sets the CKA_ID of one object that {@link #keyObjects} listed in this session: makes the halves of a pair
     * whose ID change was cut short agree again.
     */
    default void setId(KeyObject key, byte[] id) throws TokenException {
        throw new TokenException(TokenError.NOT_SUPPORTED, "setId is not supported on this token");
    }

    /** The CKA_ID a key pair gets by convention when none is chosen: the SHA-1 of the public key's bytes. */
    static byte[] conventionalId(SubjectPublicKeyInfo publicKey) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(publicKey.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
