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
import ukey.cert.Validity;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2EnvelopedKey;
import ukey.token.FinalTry;
import ukey.token.Identity;
import ukey.token.KeyHalf;
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

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots,
                         Clock clock, Sleeper sleeper, StepListener listener) {
        this.store = store;
        this.connector = connector;
        this.validator = new IssuedCertificateValidator(caRoots);
        this.clock = clock;
        this.ca = new CaRetry(sleeper);
        this.listener = listener;
    }

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots) {
        this(store, connector, caRoots, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), step -> { });
    }

    /**
     * Starts the journal of a new renewal of this identity's certificate (its signing half, where it has one).
     * Nothing is sent or changed yet. A key the token cannot make anew is refused here, before any journal is
     * written.
     */
    public RenewalJournal begin(Token token, Identity identity, boolean sameKey, String connectorName, String caUrl)
            throws RenewalException {
        RenewalTokenSteps.Backend backend = RenewalTokenSteps.Backend.of(identity);
        KeyHalf half = identity.primary().filter(KeyHalf::readable).orElseThrow(() -> new RenewalException(
                RenewalError.CERTIFICATE_GONE, "the certificate on the key is unreadable"));
        if (sameKey && backend != Pkcs11TokenSteps.BACKEND) {
            throw new RenewalException(RenewalError.KEY_NOT_SUPPORTED, "keeping the key of an SKF container");
        }
        return begin(token, backend, half.certificate().orElseThrow(), half.info().orElseThrow(),
                backend.keyOf(identity), identity.name(), sameKey, connectorName, caUrl);
    }

    /** {@link #begin(Token, Identity, boolean, String, String)} for a PKCS#11 certificate. */
    public RenewalJournal begin(Token token, TokenCertificate current, boolean sameKey, String connectorName,
                                String caUrl) throws RenewalException {
        CertificateInfo info = current.info().orElseThrow(() -> new RenewalException(
                RenewalError.CERTIFICATE_GONE, "the certificate on the key is unreadable"));
        RenewalTokenSteps.Backend backend = Pkcs11TokenSteps.BACKEND;
        return begin(token, backend, current.value(), info, backend.keyOf(current), current.label(), sameKey,
                connectorName, caUrl);
    }

    private RenewalJournal begin(Token token, RenewalTokenSteps.Backend backend, byte[] certificate,
                                 CertificateInfo info, String key, String label, boolean sameKey,
                                 String connectorName, String caUrl) throws RenewalException {
        String keySpec = backend.keySpecFor(info);
        TokenInfo tokenInfo = info(token);
        RenewalJournal journal = RenewalJournal.begin(new RenewalJournal.Origin(tokenInfo.serial(), tokenInfo.label(),
                tokenInfo.library(), Base64.getEncoder().encodeToString(certificate), key, label, sameKey, keySpec,
                connectorName, caUrl, backend.name()), clock.instant());
        LiveJournal.write(store, journal);
        LOG.info("renewal {} begun for token {} ({}) with {}", journal.id(), journal.tokenSerial(), backend.name(),
                caUrl);
        return journal;
    }

    /** Runs (or resumes) the renewal to its end. The journal on disk always shows how far it got. */
    public RenewalJournal run(RenewalJournal started, Token token, RenewalInteraction ui) throws RenewalException {
        LiveJournal journal = new LiveJournal(store, clock, listener, started);
        X509CertificateHolder current = certificate(started.currentCertificate());
        RenewalTokenSteps.Backend tokens = RenewalTokenSteps.Backend.named(started.backend());
        if (!started.step().finished()) {
            // before the PIN is even asked: a journal acts only on the key it was written for
            KeyBinding.OldCertificate old = KeyBinding.check(started, token, tokens);
            if (old == KeyBinding.OldCertificate.GONE && started.step().compareTo(RenewalStep.CONFIRMED) < 0) {
                KeyBinding.requirePresent(started, token, tokens);
            }
        }
        if (journal.step() == RenewalStep.STARTED) {
            preflight(journal, token, current, tokens);
        }
        if (journal.step().finished()) {
            return journal.journal();
        }
        try (TokenSession session = RenewalLogin.login(token, ui)) {
            Run run = new Run(journal, token, tokens, tokens.open(token, session, started.currentKey()), current, ui);
            while (!journal.step().finished()) {
                ui.stepped(journal.step());
                run.step();
            }
        }
        ui.stepped(journal.step());
        return journal.journal();
    }

    /**
     * Before anything is made and before the PIN: the PIN is not locked, the key has room, the clock is sane, and
     * the CA renews keys of this kind and would renew now.
     */
    private void preflight(LiveJournal journal, Token token, X509CertificateHolder current,
                           RenewalTokenSteps.Backend tokens) throws RenewalException {
        if (info(token).userPin().locked()) {
            throw new RenewalException(RenewalError.PIN_LOCKED, null);
        }
        try {
            tokens.checkRoom(token, journal.journal());
        } catch (RenewalException full) {
            if (full.error() == RenewalError.TOKEN_FULL) {
                journal.fail(full.error().name(), full.getMessage()); // nothing was made or sent: start afresh later
            }
            throw full;
        }
        Instant now = clock.instant();
        if (now.isBefore(Validity.notBefore(current))) {
            throw new RenewalException(RenewalError.CLOCK_WRONG, "now " + now + " is before the certificate's start "
                    + Validity.notBefore(current));
        }
        RenewalOffer offer = ca.call(() -> connector.offer(current));
        Optional<CaException> refusal = offer.algorithmRefusal(journal.journal().keySpec()).or(offer::refusal);
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

    /** One run of the state machine in a logged-in session: each step acts, then records the next. */
    private final class Run {
        private final LiveJournal journal;
        private final Token inHand;
        private final RenewalTokenSteps.Backend tokens;
        private final RenewalTokenSteps token;
        private final X509CertificateHolder current;
        private final RenewalInteraction ui;

        Run(LiveJournal journal, Token inHand, RenewalTokenSteps.Backend tokens, RenewalTokenSteps token,
            X509CertificateHolder current, RenewalInteraction ui) {
            this.journal = journal;
            this.inHand = inHand;
            this.tokens = tokens;
            this.token = token;
            this.current = current;
            this.ui = ui;
        }

        void step() throws RenewalException {
            RenewalJournal j = journal.journal();
            checkBinding(j);
            try {
                act(j);
            } catch (RenewalException e) {
                settle(j.step(), e);
                throw e;
            }
            journal.advance(next(j.step()));
            if (journal.step() == RenewalStep.DONE) {
                LOG.info("renewal {} done for token {}", j.id(), j.tokenSerial());
            }
        }

        private void act(RenewalJournal j) throws RenewalException {
            switch (j.step()) {
                case PREFLIGHT_PASSED -> {
                    String name = token.newKeyName(j.id());
                    journal.change(x -> x.withNewKeyLabel(name));
                }
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
                case VALIDATED -> {
                    token.write(j.newKey(), j.currentLabel(), issued(), j.sameKey());
                    if (j.dual()) {
                        token.writeEncryption(j.newKey(), new EncryptionHalf(certificate(j.issuedEncryption()),
                                envelope(j)));
                    }
                }
                case WRITTEN -> {
                    token.selfTest(j.newKey(), issued());
                    if (j.dual()) {
                        token.selfTestEncryption(j.newKey(), certificate(j.issuedEncryption()));
                    }
                }
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
        }

        /**
         * A failure that a resume cannot mend ends the renewal here: a key found full before anything reached the
         * CA; after the certificates came, a full key or an encryption half the key refuses (the CA is told, the
         * new key dropped). Interruptions (a pulled key, the network) leave the journal for the resume.
         */
        private void settle(RenewalStep step, RenewalException e) throws RenewalException {
            boolean full = e.error() == RenewalError.TOKEN_FULL;
            if (full && step == RenewalStep.KEY_PAIR) {
                journal.fail(e.error().name(), e.getMessage());
            } else if ((full || e.error() == RenewalError.ISSUED_ENCRYPTION)
                    && (step == RenewalStep.VALIDATED || step == RenewalStep.WRITTEN)) {
                refuse(request(), issued(), e);
            }
        }

        /**
         * Before a step that writes to the token or destroys on it: the token in hand is the journal's, and the old
         * certificate is still there beside the journal's key (from the confirmation on, retire judges a gone one).
         */
        private void checkBinding(RenewalJournal j) throws RenewalException {
            switch (j.step()) {
                case KEY_PAIR, ISSUED, VALIDATED, WRITTEN -> KeyBinding.requirePresent(j, inHand, tokens);
                case CONFIRMED -> KeyBinding.check(j, inHand, tokens);
                default -> {
                    // no write or destroy in this step
                }
            }
        }

        /**
         * The CA's certificates are checked before anything touches the key: the certificate, and for SM2 dual
         * certificates the encryption certificate with its enveloped key pair. A refused answer is reported and
         * the new key dropped.
         */
        private void validate() throws RenewalException {
            RenewalRequest request = request();
            CaConnector.IssuedCertificate issued = ca.call(() -> connector.certificate(request, journal));
            Optional<EncryptionHalf> encryption;
            try {
                validator.validate(issued.certificate(), issued.chain(), request.newPublicKey(), current,
                        clock.instant());
                encryption = validator.validateEncryption(issued, request.newPublicKey(),
                        token.encryptionCertificate(journal.journal().currentKey()), current, clock.instant());
            } catch (RenewalException refused) {
                if (refused.refusedIssued()) {
                    refuse(request, issued.certificate(), refused);
                }
                throw refused;
            }
            List<String> chain = issued.chain().stream().map(RenewalEngine::encode).toList();
            journal.change(j -> j.withIssued(encode(issued.certificate()), chain));
            if (encryption.isPresent()) {
                String envelope = Base64.getEncoder().encodeToString(encryption.get().envelope().getEncoded());
                journal.change(j -> j.withEncryption(encode(encryption.get().certificate()), envelope));
            }
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

    private static Sm2EnvelopedKey envelope(RenewalJournal journal) throws RenewalException {
        try {
            return Sm2EnvelopedKey.fromDer(Base64.getDecoder().decode(journal.envelope()));
        } catch (GmFormatException | RuntimeException e) {
            throw new RenewalException(RenewalError.JOURNAL, "the enveloped key in the journal does not parse", e);
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
