package ukey.app.renewal;

import java.time.Instant;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The CA side of a renewal. One implementation per protocol (the renewal API over HTTPS, CMP); the engine and
 * the window never know which one runs. Every call may block on the network: never on a UI thread.
 * Implementations keep what they must resend identically (request bodies, transaction IDs) in the
 * {@link ConnectorState}, saved to the journal before anything is sent. Close it when done: it may hold
 * connections and threads.
 */
public interface CaConnector extends AutoCloseable {

    /** Preflight: what the CA says about renewing this certificate now (window, order, key policy). */
    RenewalOffer offer(X509CertificateHolder current) throws CaException;

    /** Sends the renewal request, or resends it identically when the state shows it was sent before. */
    CaProgress submit(RenewalRequest request, ConnectorState state) throws CaException;

    /** Where the renewal stands now. */
    CaProgress poll(RenewalRequest request, ConnectorState state) throws CaException;

    /** Answers the CA's challenge (the SMS code). */
    CaProgress answerChallenge(RenewalRequest request, ConnectorState state, String challengeId, String code)
            throws CaException;

    /** Asks the CA to send the challenge again (a new SMS code). */
    CaProgress resendChallenge(RenewalRequest request, ConnectorState state, String challengeId) throws CaException;

    /** The issued certificate and its chain, once {@link CaProgress.Status#ISSUED}. Not yet trusted. */
    IssuedCertificate certificate(RenewalRequest request, ConnectorState state) throws CaException;

    /**
     * Tells the CA that the certificate is on the key and works (signed by the new key), or that it was refused
     * and why (signed by the current key: a refused certificate may not even be for the new key). Only after an
     * accepting confirmation does the CA supersede the old certificate.
     */
    void confirm(RenewalRequest request, ConnectorState state, X509CertificateHolder issued, boolean accepted,
                 String reason) throws CaException;

    /** Extends the electronic seals (签章) bound to the old certificate to the new one; names of those extended. */
    List<String> extendSeals(RenewalRequest request, ConnectorState state, X509CertificateHolder issued)
            throws CaException;

    /**
     * Tells the CA that the holder gives this renewal up (ukey renew --abandon), where the protocol allows it:
     * signed by the current key; the CA revokes a certificate it issued for it. Called only before the new
     * certificate is on the key.
     *
     * @return whether the CA was told; false where the protocol has no way to say it at this point
     */
    default boolean abandon(RenewalRequest request, ConnectorState state) throws CaException {
        return false;
    }

    /**
     * The electronic seals (签章) the CA has bound to this certificate, for the side panel; empty where the CA has no
     * seal service. Read-only: no key is needed.
     */
    default List<Seal> seals(X509CertificateHolder certificate) throws CaException {
        return List.of();
    }

    /** Closes the connections to the CA. */
    @Override
    void close();

    /** A seal bound to a certificate, and until when it is valid. */
    record Seal(String name, Instant notAfter) {
    }

    /** The new certificate and the chain the CA sent with it. */
    record IssuedCertificate(X509CertificateHolder certificate, List<X509CertificateHolder> chain) {
    }
}
