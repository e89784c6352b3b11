package ukey.app.renewal;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * What a connector needs for every call of one renewal. The current key proves who asks; the new key proves
 * possession and confirms. The signers sign on the token.
 *
 * @param current        the certificate being renewed
 * @param currentKey     signs with the current certificate's key, on the token; null once that key is retired
 * @param newPublicKey   the key to certify (the current one for a same-key renewal)
 * @param newKey         signs with the new key, on the token
 * @param repair         true for 修复: renewing an expired certificate on an approved repair order
 * @param idempotencyKey the journal's key: the same renewal however often it is sent
 */
public record RenewalRequest(X509CertificateHolder current, ContentSigner currentKey, SubjectPublicKeyInfo newPublicKey,
                             ContentSigner newKey, boolean repair, String idempotencyKey) {

    /**
     * The request of this journal's renewal, with signers on the token: where two key pairs share a reference,
     * each signer is the pair of the right public key. Once the old key is retired only the new key signs.
     */
    static RenewalRequest of(RenewalJournal journal, RenewalTokenSteps token, X509CertificateHolder current)
            throws RenewalException {
        SubjectPublicKeyInfo currentKey = current.getSubjectPublicKeyInfo();
        SubjectPublicKeyInfo newPublicKey = journal.sameKey() ? currentKey : token.publicKey(journal.newKey());
        boolean retired = journal.step().compareTo(RenewalStep.RETIRED) >= 0;
        return new RenewalRequest(current, retired ? null : token.signer(journal.currentKey(), currentKey),
                newPublicKey, token.signer(journal.newKey(), newPublicKey), journal.repair(),
                journal.idempotencyKey());
    }
}
