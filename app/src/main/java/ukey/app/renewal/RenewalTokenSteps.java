package ukey.app.renewal;

import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.CertificateInfo;
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
     * After the CA's confirmation: a key that can decrypt is kept with its certificate, labelled archived, so bids
     * sealed to it still open; a signing-only old key and its certificate are removed. Only the key objects whose
     * public key is the old certificate's are touched, never one that another certificate on the token that can
     * decrypt still uses; the old certificate goes last, so a retire cut short is finished by the next run.
     *
     * @param certificatePresent the old certificate is still on the token; when it is gone the retire had done
     *                           its work, unless a key object of the old key is left (then JOURNAL_MISMATCH)
     */
    void retire(String key, X509CertificateHolder current, String label, boolean sameKey, boolean certificatePresent)
            throws RenewalException;

    /**
     * Destroys a new key pair that will not be used (the CA's certificate was refused, the renewal abandoned): only
     * key objects under this reference whose public key no certificate on the token certifies.
     *
     * @return how many objects were destroyed
     */
    int dropNewKey(String key) throws RenewalException;

    /** A kind of token: how its keys are named and made, and its steps in a session. */
    interface Backend {

        /** The reference of a certificate's key pair, as the journal keeps it. */
        String keyOf(TokenCertificate certificate);

        /** The kind of key the renewal makes in place of this certificate's; refuses one it cannot make. */
        String keySpecFor(CertificateInfo current) throws RenewalException;

        RenewalTokenSteps open(Token token, TokenSession session);
    }
}
