package ukey.app.renewal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.cert.CertificateInfo;
import ukey.token.FinalTry;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenSession;

/**
 * 一键更新: renews the certificate on a key as a transaction, a state machine over {@link RenewalStep}. Each step
 * is recorded in the journal before it acts and is harmless to repeat, so {@link #run} finishes a renewal that a
 * crash, a pulled key or a dropped network interrupted, from wherever it stopped. Nothing the CA returns touches
 * the key before it is validated; the old certificate is retired only after the CA has the confirmation; a key
 * that can decrypt is never destroyed. The CA is called through {@link CaRetry}, the token through
 * {@link RenewalTokenSteps}. Blocking: run it off the UI thread.
 */
public final class RenewalEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalEngine.class);
    private static final String SEAL_SERVICE = "engine.sealService";

    /** Told after each step is saved; tests stop the engine here to prove that every step resumes. */
    public interface StepListener {
        void saved(RenewalStep step);
    }

    /** How the engine waits between polls and retries (tests pass one that does not sleep). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RenewalJournalStore store;
    private final CaConnector connector;
    private final IssuedCertificateValidator validator;
    private final Clock clock;
    private final CaRetry ca;
    private final StepListener listener;
    private final RenewalTokenSteps.Backend tokens;

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots,
                         Clock clock, Sleeper sleeper, StepListener listener) {
        this.store = store;
        this.connector = connector;
        this.validator = new IssuedCertificateValidator(caRoots);
        this.clock = clock;
        this.ca = new CaRetry(sleeper);
        this.listener = listener;
        this.tokens = Pkcs11TokenSteps.BACKEND;
    }

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots) {
        this(store, connector, caRoots, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), step -> { });
    }

    /**
     * Starts the journal of a new renewal of this certificate. Nothing is sent or changed yet. A key the token
     * cannot make anew is refused here, before any journal is written.
     */
    public RenewalJournal begin(Token token, TokenCertificate current, boolean sameKey, String connectorName,
                                String caUrl) throws RenewalException {
        CertificateInfo info = current.info().orElseThrow(() -> new RenewalException(
                RenewalError.CERTIFICATE_GONE, "the certificate on the key is unreadable"));
        String keySpec = tokens.keySpecFor(info);
        TokenInfo tokenInfo = info(token);
        RenewalJournal journal = RenewalJournal.begin(new RenewalJournal.Origin(tokenInfo.serial(), tokenInfo.label(),
                tokenInfo.library(), Base64.getEncoder().encodeToString(current.value()), tokens.keyOf(current),
                current.label(), sameKey, keySpec, connectorName, caUrl), clock.instant());
        LiveJournal.write(store, journal);
        LOG.info("renewal {} begun for token {} with {}", journal.id(), journal.tokenSerial(), caUrl);
        return journal;
    }

    /** Runs (or resumes) the renewal to its end. The journal on disk always shows how far it got. */
    public RenewalJournal run(RenewalJournal started, Token token, RenewalInteraction ui) throws RenewalException {
        LiveJournal journal = new LiveJournal(store, clock, listener, started);
        X509CertificateHolder current = certificate(started.currentCertificate());
        if (!started.step().finished()) {
            // before the PIN is even asked: a journal acts only on the key it was written for
            KeyBinding.OldCertificate old = KeyBinding.check(started, token, tokens);
            if (old == KeyBinding.OldCertificate.GONE && started.step().compareTo(RenewalStep.CONFIRMED) < 0) {
                KeyBinding.requirePresent(started, token, tokens);
            }
        }
        if (journal.step() == RenewalStep.STARTED) {
            preflight(journal, token, current);
        }
        if (journal.step().finished()) {
            return journal.journal();
        }
        try (TokenSession session = login(token, ui)) {
            Run run = new Run(journal, token, tokens.open(token, session), current, ui);
            while (!journal.step().finished()) {
                ui.stepped(journal.step());
                run.step();
            }
        }
        ui.stepped(journal.step());
        return journal.journal();
    }

    /** Before anything is made: the PIN is not locked, the clock is sane, and the CA would renew now. */
    private void preflight(LiveJournal journal, Token token, X509CertificateHolder current) throws RenewalException {
        if (info(token).userPin().locked()) {
            throw new RenewalException(RenewalError.PIN_LOCKED, null);
        }
        Instant now = clock.instant();
        if (now.isBefore(current.getNotBefore().toInstant())) {
            throw new RenewalException(RenewalError.CLOCK_WRONG, "now " + now + " is before the certificate's start "
                    + current.getNotBefore().toInstant());
        }
        RenewalOffer offer = ca.call(() -> connector.offer(current));
        Optional<CaException> refusal = offer.refusal();
        if (refusal.isEmpty() && journal.journal().sameKey() && !offer.sameKeyAllowed()) {
            refusal = Optional.of(new CaException("key_reuse_forbidden", "the CA requires a new key"));
        }
        if (refusal.isPresent()) {
            journal.fail(refusal.get().code(), refusal.get().getMessage());
            throw new RenewalException(RenewalError.CA, null, refusal.get());
        }
        journal.change(j -> j.withTerms(offer.repair()).withConnectorState(SEAL_SERVICE,
                Boolean.toString(offer.sealService())));
        journal.advance(RenewalStep.PREFLIGHT_PASSED);
    }

    /** Asks for the PIN until it is right, the user cancels, or the key locks. */
    static TokenSession login(Token token, RenewalInteraction ui) throws RenewalException {
        for (boolean retry = false; ; retry = true) {
            TokenInfo info = info(token);
            if (info.userPin().locked()) {
                throw new RenewalException(RenewalError.PIN_LOCKED, null);
            }
            char[] pin = ui.pin(info, info.userPin(), retry);
            if (pin == null) {
                throw new RenewalException(RenewalError.CANCELLED, "at the PIN prompt");
            }
            try {
                // the interaction returns a PIN at the final try only after the person confirmed it
                return token.login(pin, FinalTry.confirmedIf(info.userPin().finalTry()));
            } catch (TokenException e) {
                if (e.error() == TokenError.PIN_FINAL_TRY_NOT_CONFIRMED) {
                    continue; // the final try came after the prompt: ask again, showing it
                }
                if (e.error() != TokenError.PIN_INCORRECT) {
                    throw RenewalException.of(e);
                }
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** One run of the state machine in a logged-in session: each step acts, then records the next. */
    private final class Run {
        private final LiveJournal journal;
        private final Token inHand;
        private final RenewalTokenSteps token;
        private final X509CertificateHolder current;
        private final RenewalInteraction ui;

        Run(LiveJournal journal, Token inHand, RenewalTokenSteps token, X509CertificateHolder current,
            RenewalInteraction ui) {
            this.journal = journal;
            this.inHand = inHand;
            this.token = token;
            this.current = current;
            this.ui = ui;
        }

        void step() throws RenewalException {
            RenewalJournal j = journal.journal();
            checkBinding(j);
            switch (j.step()) {
                case PREFLIGHT_PASSED -> journal.change(x -> x.withNewKeyLabel("ukey-renewal-" + x.id().substring(0, 8)));
                case KEY_PAIR -> {
                    String newKey = j.sameKey() ? j.currentKey() : token.newKey(j.newKeyLabel(), j.keySpec(),
                            RenewableCertificates.canDecrypt(current));
                    journal.change(x -> x.withNewKey(newKey));
                }
                case SUBMITTED -> {
                    RenewalRequest request = request();
                    CaProgress progress = ca.call(() -> connector.submit(request, journal));
                    new IssuanceWait(connector, ca, journal, ui).until(request, progress);
                }
                case ISSUED -> validate();
                case VALIDATED -> token.write(j.newKey(), j.currentLabel(), issued(), j.sameKey());
                case WRITTEN -> token.selfTest(j.newKey(), issued());
                case SELF_TESTED -> {
                    RenewalRequest request = request();
                    X509CertificateHolder issued = issued();
                    ca.run(() -> connector.confirm(request, journal, issued, true, null));
                }
                case CONFIRMED -> token.retire(j.currentKey(), current, j.currentLabel(), j.sameKey(),
                        KeyBinding.check(j, inHand, tokens) == KeyBinding.OldCertificate.PRESENT);
                case RETIRED -> extendSeals();
                default -> throw new IllegalStateException("no action for " + j.step());
            }
            journal.advance(next(j.step()));
            if (journal.step() == RenewalStep.DONE) {
                LOG.info("renewal {} done for token {}", j.id(), j.tokenSerial());
            }
        }

        /**
         * Before a step that writes to the token or destroys on it: the token in hand is the journal's, and the old
         * certificate is still there beside the journal's key (from the confirmation on, retire judges a gone one).
         */
        private void checkBinding(RenewalJournal j) throws RenewalException {
            switch (j.step()) {
                case KEY_PAIR, ISSUED, VALIDATED -> KeyBinding.requirePresent(j, inHand, tokens);
                case CONFIRMED -> KeyBinding.check(j, inHand, tokens);
                default -> {
                    // no write or destroy in this step
                }
            }
        }

        /** The CA's certificate is checked before anything touches the key; a refused one is reported and dropped. */
        private void validate() throws RenewalException {
            RenewalRequest request = request();
            CaConnector.IssuedCertificate issued = ca.call(() -> connector.certificate(request, journal));
            try {
                validator.validate(issued.certificate(), issued.chain(), request.newPublicKey(), current,
                        clock.instant());
            } catch (RenewalException refused) {
                refuse(request, issued.certificate(), refused);
                throw refused;
            }
            List<String> chain = issued.chain().stream().map(RenewalEngine::encode).toList();
            journal.change(j -> j.withIssued(encode(issued.certificate()), chain));
        }

        /** Tells the CA its certificate was refused, drops the unused new key, leaves the key otherwise as it was. */
        private void refuse(RenewalRequest request, X509CertificateHolder issued, RenewalException refused)
                throws RenewalException {
            try {
                connector.confirm(request, journal, issued, false, refused.getMessage());
            } catch (CaException e) {
                LOG.warn("could not tell the CA that its certificate was refused: {}", e.getMessage());
            }
            if (!journal.journal().sameKey()) {
                token.dropNewKey(journal.journal().newKey());
            }
            journal.fail(refused.error().name(), refused.getMessage());
        }

        private void extendSeals() throws RenewalException {
            if (Boolean.parseBoolean(journal.get(SEAL_SERVICE).orElse("false"))) {
                RenewalRequest request = request();
                X509CertificateHolder issued = issued();
                List<String> extended = ca.call(() -> connector.extendSeals(request, journal, issued));
                journal.change(j -> j.withSealsExtended(extended));
            }
        }

        private RenewalRequest request() throws RenewalException {
            return RenewalRequest.of(journal.journal(), token, current);
        }

        private X509CertificateHolder issued() throws RenewalException {
            return certificate(journal.journal().issuedCertificate());
        }
    }

    /** The step after this one, when this one's work is done. */
    private static RenewalStep next(RenewalStep step) {
        return RenewalStep.values()[step.ordinal() + 1];
    }

    private static TokenInfo info(Token token) throws RenewalException {
        try {
            return token.info();
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }

    static X509CertificateHolder certificate(String base64) throws RenewalException {
        try {
            return new X509CertificateHolder(Base64.getDecoder().decode(base64));
        } catch (IOException | RuntimeException e) {
            throw new RenewalException(RenewalError.JOURNAL, "a certificate in the journal does not parse", e);
        }
    }

    private static String encode(X509CertificateHolder certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
