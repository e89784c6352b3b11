package ukey.app.renewal;

import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.CertificateInfo;
import ukey.token.Identity;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenSession;

/**
 * What the renewal does on the token, in a logged-in session: the engine's only way to the keys. A key is named by
 * an opaque reference that the journal keeps (PKCS#11: the key pair's CKA_ID in hex; an SKF backend: its
 * container). Every step may be repeated after a crash without harm. Failures come as {@link RenewalException}.
 */
public interface RenewalTokenSteps {

    /**
     * The name of the new key (PKCS#11: the label of the new pair; SKF: the new container), chosen once and
     * journalled before the key is made, so that a crash during the making finds it again.
     */
    default String newKeyName(String renewalId) throws RenewalException {
        return "ukey-renewal-" + renewalId.substring(0, 8);
    }

    /**
     * Makes the new key pair, or finds the one an interrupted run made under this label.
     *
     * @param decrypts the old certificate can encipher: the new key must decrypt what is sealed to it
     * @return the new key's reference
     */
    String newKey(String label, String keySpec, boolean decrypts) throws RenewalException;

    SubjectPublicKeyInfo publicKey(String key) throws RenewalException;

    /** The reference of the key pair an interrupted run made under this label, if it made one. */
    Optional<String> keyLabelled(String label) throws RenewalException;

    /**
     * Signs on the token with the private key under this reference that belongs to {@code publicKey}: where two
     * pairs share a reference, never the other one.
     */
    ContentSigner signer(String key, SubjectPublicKeyInfo publicKey) throws RenewalException;

    /** Puts the issued certificate on the token beside its key (unless it is there), both under {@code label}. */
    void write(String key, String label, X509CertificateHolder issued, boolean sameKey) throws RenewalException;

    /** Signs a random challenge with the new key and verifies it with the issued certificate. */
    void selfTest(String key, X509CertificateHolder issued) throws RenewalException;

    /**
     * SM2 dual certificates, after {@link #write}: imports the CA's enveloped encryption key pair beside the new
     * signing key, then writes its certificate; each part only when it is not there yet.
     *
     * @throws RenewalException ISSUED_ENCRYPTION when the token refuses the envelope (not made for the new key)
     */
    default void writeEncryption(String key, EncryptionHalf half) throws RenewalException {
        throw new RenewalException(RenewalError.KEY_NOT_SUPPORTED, "dual certificates on this token");
    }

    /** SM2 dual certificates: the encryption certificate beside this key now (the old one's, before renewal). */
    default Optional<X509CertificateHolder> encryptionCertificate(String key) throws RenewalException {
        return Optional.empty();
    }

    /**
     * SM2 dual certificates: a random SM4 key wrapped to the new encryption certificate is unwrapped by the key.
     *
     * @throws RenewalException ISSUED_ENCRYPTION when the key cannot open what is sealed to the certificate
     */
    default void selfTestEncryption(String key, X509CertificateHolder encryptionCertificate)
            throws RenewalException {
        throw new RenewalException(RenewalError.KEY_NOT_SUPPORTED, "dual certificates on this token");
    }

    /**
     * After the CA's confirmation: a key that can decrypt is kept with its certificate, labelled archived, so bids
     * sealed to it still open; a signing-only old key and its certificate are removed. Only the key objects whose
     * public key is the old certificate's are touched, never one that another certificate on the token that can
     * decrypt still uses; the old certificate goes last, so a retire cut short is finished by the next run. SKF: the
     * old container stays whole (a container holds both keys, and SKF deletes keys only with their container).
     *
     * @param certificatePresent the old certificate is still on the token; when it is gone the retire had done
     *                           its work, unless a key object of the old key is left (then JOURNAL_MISMATCH)
     */
    void retire(String key, X509CertificateHolder current, String label, boolean sameKey, boolean certificatePresent)
            throws RenewalException;

    /**
     * Destroys a new key pair that will not be used (the CA's certificate was refused, the renewal abandoned): only
     * key objects under this reference whose public key no certificate on the token certifies. SKF: the renewal's
     * own new container with whatever it holds (its keys go only with it), never the old one.
     *
     * @return how many objects were destroyed
     */
    int dropNewKey(String key) throws RenewalException;

    /** A kind of token: how its keys are named and made, and its steps in a session. */
    interface Backend {

        /** The steps for a journal's token, by the name it recorded. */
        static Backend named(String name) throws RenewalException {
            return switch (name) {
                case RenewalJournal.PKCS11 -> Pkcs11TokenSteps.BACKEND;
                case "skf" -> SkfTokenSteps.BACKEND;
                default -> throw new RenewalException(RenewalError.JOURNAL, "a journal for a token of kind " + name);
            };
        }

        /** The steps for the token this identity lives on. */
        static Backend of(Identity identity) {
            return identity.backend() == ukey.token.Backend.SKF ? SkfTokenSteps.BACKEND : Pkcs11TokenSteps.BACKEND;
        }

        /** The name journals give this kind of token ("pkcs11", "skf"). */
        String name();

        /** The reference of a certificate's key pair, as the journal keeps it. */
        String keyOf(TokenCertificate certificate);

        /** The reference of an identity's key pair, as the journal keeps it (the same as of its certificate). */
        String keyOf(Identity identity);

        /**
         * Before any PIN is asked: whether the token has room for what the renewal will put on it.
         *
         * @throws RenewalException TOKEN_FULL when it surely has not
         */
        default void checkRoom(Token token, RenewalJournal journal) throws RenewalException {
        }

        /** The kind of key the renewal makes in place of this certificate's; refuses one it cannot make. */
        String keySpecFor(CertificateInfo current) throws RenewalException;

        /**
         * @param currentKey the journal's reference of the old key: never dropped as a new one
         */
        RenewalTokenSteps open(Token token, TokenSession session, String currentKey) throws RenewalException;
    }
}
