package ukey.app.renewal.usecase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.RenewableCertificates;
import ukey.app.renewal.RenewalAbandon;
import ukey.app.renewal.RenewalError;
import ukey.app.renewal.RenewalEngine;
import ukey.app.renewal.RenewalException;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalJournalStore;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.disk.DurableFiles;
import ukey.app.renewal.disk.KeyLock;
import ukey.token.Token;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.TokenException;

/**
 * 一键更新 as the command line and the window both run it: begins a renewal or resumes the key's unfinished one,
 * reaches the configured CA through its connector (closed when the run ends), and runs the engine.
 */
public final class RenewalUseCase {

    /**
     * What the person chose beside the settings (the command line's options; the window chooses nothing).
     *
     * @param connector "api" or "cmp"
     * @param caUrl     the CA's endpoint
     * @param caTrust   the PEM file of its roots
     * @param sameKey   certify the current key again instead of making a new one
     */
    public record Choice(Optional<String> connector, Optional<String> caUrl, Optional<Path> caTrust,
                         boolean sameKey) {

        public static final Choice SETTINGS = new Choice(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private final Settings settings;
    private final DurableFiles files = new DurableFiles();
    private final RenewalJournalStore journals;
    private final RenewalEngine.StepListener listener;

    /** @param listener told after each step is saved (tests stop the process there; the product passes none) */
    public RenewalUseCase(Settings settings, RenewalEngine.StepListener listener) {
        this.settings = settings;
        this.journals = new RenewalJournalStore(settings.renewalJournals(), files);
        this.listener = listener;
    }

    public RenewalUseCase(Settings settings) {
        this(settings, step -> { });
    }

    public RenewalJournalStore journals() {
        return journals;
    }

    /**
     * Earlier renewal records that could not be read and were moved aside since this use case was made: the person
     * is told, and the keys they were about were left as they are.
     */
    public List<Path> quarantined() {
        return journals.quarantined();
    }

    /** The key's unfinished renewal, which a resume finishes. */
    public Optional<RenewalJournal> unfinished(String tokenSerial) throws AppException {
        try {
            return journals.unfinished(tokenSerial);
        } catch (IOException e) {
            throw new AppException(AppError.UNEXPECTED, e, null);
        }
    }

    /**
     * Runs a renewal to its end: {@code resume}'s, else a new one of the key's {@linkplain
     * RenewableCertificates#identityToRenew identity to renew} (its signing half: SM2 dual certificates get both
     * halves anew).
     *
     * @return the journal, at {@link RenewalStep#DONE}
     */
    public RenewalJournal run(Token token, Optional<RenewalJournal> resume, Choice choice, RenewalInteraction ui)
            throws RenewalException, AppException, TokenException {
        String serial = token.info().serial();
        try (KeyLock lock = lock(serial)) {
            // read again under the lock: a run that held it before may have moved the journal on, or finished it
            Optional<RenewalJournal> fresh = unfinished(serial);
            if (resume.isPresent() && fresh.isEmpty()) {
                throw new AppException(AppError.NOTHING_TO_RESUME);
            }
            return runLocked(token, fresh, choice, ui);
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, journals.directory().toString(), e);
        }
    }

    /**
     * The lock of this key's renewals, held by this run until it ends.
     *
     * @throws RenewalException ALREADY_RUNNING when another window or command renews this key now
     */
    public KeyLock lock(String tokenSerial) throws RenewalException {
        try {
            return KeyLock.tryLock(files.privacy(), journals.directory(), tokenSerial).orElseThrow(() ->
                    new RenewalException(RenewalError.ALREADY_RUNNING, "token " + tokenSerial));
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, journals.directory().toString(), e);
        }
    }

    private RenewalJournal runLocked(Token token, Optional<RenewalJournal> resume, Choice choice,
                                     RenewalInteraction ui) throws RenewalException, AppException, TokenException {
        Optional<Identity> identity = Optional.empty();
        Optional<byte[]> renewed = resume.map(RenewalUseCase::current);
        if (resume.isEmpty() && routed(choice)) { // which CA renews depends on the key's certificate
            identity = Optional.of(identityToRenew(token));
            renewed = identity.get().primary().flatMap(KeyHalf::certificate);
        }
        CaEndpoint endpoint = endpoint(resume, choice, renewed);
        try (CaConnector connector = endpoint.open()) {
            RenewalEngine engine = new RenewalEngine(journals, connector, endpoint.roots(), Clock.systemUTC(),
                    pause -> Thread.sleep(pause.toMillis()), listener);
            RenewalJournal journal = resume.isPresent() ? resume.get()
                    : engine.begin(token, identity.isPresent() ? identity.get() : identityToRenew(token),
                    choice.sameKey(), endpoint.connector(), endpoint.url().toString());
            RenewalJournal done = engine.run(journal, token, ui);
            if (done.step() != RenewalStep.DONE) { // only a journal that had already failed ends so
                throw new AppException(AppError.UNEXPECTED, new IllegalStateException("the renewal ended at "
                        + done.step()), null);
            }
            return done;
        }
    }

    /**
     * The CA that renews: the person's choice for this run; else the CA of the settings that issued the certificate
     * being renewed ({@link CaRoutes}: a resumed renewal so goes back to the CA it began with); else the default CA
     * of the settings, else the one the journal recorded.
     */
    private CaEndpoint endpoint(Optional<RenewalJournal> resume, Choice choice, Optional<byte[]> renewed)
            throws AppException {
        if (renewed.isPresent() && routed(choice)) {
            Optional<CaEndpoint> named = new CaRoutes(settings).named(holder(renewed.get()));
            if (named.isPresent()) {
                return named.get();
            }
        }
        // the configured CA wins over the one an interrupted renewal recorded: its address may have moved
        Optional<String> url = choice.caUrl().or(() -> settings.get(Settings.CA_URL))
                .or(() -> resume.map(RenewalJournal::caUrl));
        Optional<String> connectorName = choice.connector().or(() -> resume.map(RenewalJournal::connector));
        return CaEndpoint.of(connectorName, url, choice.caTrust(), settings);
    }

    /**
     * 放弃更新: gives up the key's unfinished renewal safely ({@link RenewalAbandon}), under the key's lock.
     *
     * @throws AppException NOTHING_TO_RESUME when the key has no unfinished renewal
     */
    public RenewalAbandon.Outcome abandon(Token token, Choice choice, RenewalInteraction ui)
            throws RenewalException, AppException, TokenException {
        String serial = token.info().serial();
        try (KeyLock lock = lock(serial)) {
            RenewalJournal journal = unfinished(serial).orElseThrow(() -> new AppException(AppError.NOTHING_TO_RESUME));
            Optional<CaConnector> connector;
            try {
                connector = Optional.of(endpoint(Optional.of(journal), choice, Optional.of(current(journal))).open());
            } catch (AppException noCa) {
                connector = Optional.empty(); // the key is still made safe; the CA cannot be told
            }
            try {
                return new RenewalAbandon(journals, connector, Clock.systemUTC()).abandon(journal, token, ui);
            } finally {
                connector.ifPresent(CaConnector::close);
            }
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, journals.directory().toString(), e);
        }
    }

    /** Whether the settings' CAs choose by the certificate: more than one is configured, none chosen for this run. */
    private boolean routed(Choice choice) throws AppException {
        boolean chosen = choice.caUrl().isPresent() || choice.caTrust().isPresent() || choice.connector().isPresent();
        return !chosen && !settings.moreCas().isEmpty();
    }

    /** The certificate a journal renews. */
    private static byte[] current(RenewalJournal journal) {
        return Base64.getDecoder().decode(journal.currentCertificate());
    }

    private static X509CertificateHolder holder(byte[] certificate) throws AppException {
        try {
            return new X509CertificateHolder(certificate);
        } catch (IOException | RuntimeException e) { // read before, by the token's list or the journal
            throw new AppException(AppError.UNEXPECTED, e, null);
        }
    }

    private static Identity identityToRenew(Token token) throws TokenException, AppException {
        return RenewableCertificates.identityToRenew(token.identities())
                .orElseThrow(() -> new AppException(AppError.NOTHING_TO_RENEW));
    }
}
