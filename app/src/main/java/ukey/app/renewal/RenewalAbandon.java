package ukey.app.renewal;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.token.Token;
import ukey.token.TokenSession;

/**
 * 放弃更新 ({@code ukey renew --abandon}): gives an unfinished renewal up without costing a key. It removes the new
 * key pair only while no certificate was written for it, keeps everything else on the token (the old
 * certificate and key, and a new certificate already written), tells the CA where the protocol allows (before
 * the new certificate is on the key), and deletes the journal. A journal that no longer fits the key in hand
 * ({@link KeyBinding}) touches nothing on the token and tells the CA nothing; it is only deleted.
 */
public final class RenewalAbandon {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalAbandon.class);

    /**
     * What giving up did.
     *
     * @param keyObjectsRemoved the new key pair's objects destroyed (0, or 2: private and public key)
     * @param caTold            the CA was told and will not issue (or has revoked) the certificate
     * @param caProblem         why the CA could not be told, when it should have been
     * @param tokenUntouched    the journal did not fit the key in hand: nothing on the token was looked at twice
     */
    public record Outcome(int keyObjectsRemoved, boolean caTold, Optional<CaException> caProblem,
                          boolean tokenUntouched) {
    }

    private final RenewalJournalStore store;
    private final Optional<CaConnector> connector;
    private final Clock clock;
    private final RenewalTokenSteps.Backend tokens = Pkcs11TokenSteps.BACKEND;

    /** @param connector the CA of the renewal; empty when none is configured (then the CA is not told) */
    public RenewalAbandon(RenewalJournalStore store, Optional<CaConnector> connector, Clock clock) {
        this.store = store;
        this.connector = connector;
        this.clock = clock;
    }

    /** Gives the renewal up. Asks for the PIN only when a key must be removed or the CA told. */
    public Outcome abandon(RenewalJournal journal, Token token, RenewalInteraction ui) throws RenewalException {
        boolean fits = fits(journal, token);
        RenewalStep step = journal.step();
        boolean newKeyUnused = !journal.sameKey() && step.compareTo(RenewalStep.KEY_PAIR) >= 0
                && step.compareTo(RenewalStep.WRITTEN) < 0;
        boolean caWaits = step.compareTo(RenewalStep.SUBMITTED) >= 0 && step.compareTo(RenewalStep.WRITTEN) < 0;
        int removed = 0;
        boolean told = false;
        Optional<CaException> problem = Optional.empty();
        if (fits && (newKeyUnused || caWaits)) {
            try (TokenSession session = RenewalEngine.login(token, ui)) {
                RenewalTokenSteps steps = tokens.open(token, session);
                Optional<String> newKey = journal.sameKey() ? Optional.empty()
                        : Optional.ofNullable(journal.newKey()).or(() -> labelled(steps, journal));
                if (caWaits) {
                    try {
                        told = tell(journal, steps);
                    } catch (CaException e) {
                        LOG.warn("renewal {} abandoned without telling the CA: {}", journal.id(), e.getMessage());
                        problem = Optional.of(e);
                    }
                }
                if (newKeyUnused && newKey.isPresent()) {
                    removed = steps.dropNewKey(newKey.get());
                }
            }
        }
        try {
            store.delete(journal.id());
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, store.directory().toString(), e);
        }
        LOG.info("renewal {} of token {} abandoned at {}: {} new key objects removed, CA told: {}", journal.id(),
                journal.tokenSerial(), step, removed, told);
        return new Outcome(removed, told, problem, !fits);
    }

    private boolean fits(RenewalJournal journal, Token token) throws RenewalException {
        try {
            KeyBinding.check(journal, token, tokens);
            return true;
        } catch (RenewalException e) {
            if (e.error() != RenewalError.JOURNAL_MISMATCH) {
                throw e;
            }
            LOG.warn("renewal {} does not fit the key in hand ({}): abandoned without touching the key",
                    journal.id(), e.getMessage());
            return false;
        }
    }

    private static Optional<String> labelled(RenewalTokenSteps steps, RenewalJournal journal) {
        try {
            return journal.newKeyLabel() == null ? Optional.empty() : steps.keyLabelled(journal.newKeyLabel());
        } catch (RenewalException e) {
            return Optional.empty();
        }
    }

    private boolean tell(RenewalJournal journal, RenewalTokenSteps steps) throws CaException, RenewalException {
        if (connector.isEmpty()) {
            throw new CaException("network", "no CA is configured");
        }
        X509CertificateHolder current = RenewalEngine.certificate(journal.currentCertificate());
        RenewalRequest request = RenewalRequest.of(journal, steps, current);
        LiveJournal live = new LiveJournal(store, clock, step -> { }, journal);
        return connector.get().abandon(request, live);
    }
}
