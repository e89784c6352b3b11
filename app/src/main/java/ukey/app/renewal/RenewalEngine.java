package ukey.app.renewal;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.cert.CertificateInfo;
import ukey.token.FinalTry;
import ukey.token.KeySpec;
import ukey.token.ObjectKind;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenObject;
import ukey.token.TokenSession;

/**
 * 一键更新: renews the certificate on a key as a transaction. Each step is recorded in the journal before it
 * acts and is harmless to repeat, so {@link #run} finishes a renewal that a crash, a pulled key or a dropped
 * network interrupted, from wherever it stopped. Nothing the CA returns touches the key before it is validated;
 * the old certificate is retired only after the CA has the confirmation; a key that can decrypt is never
 * destroyed. Blocking: run it off the UI thread.
 */
public final class RenewalEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalEngine.class);
    private static final String ARCHIVED = "已归档 ";
    private static final int RETRIES = 5;
    private static final int MAX_POLLS = 120;
    private static final String SEAL_SERVICE = "engine.sealService";

    /** Called after each step is saved; tests stop the engine here to prove that every step resumes. */
    public interface StepHook {
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
    private final Sleeper sleeper;
    private final StepHook hook;

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots,
                         Clock clock, Sleeper sleeper, StepHook hook) {
        this.store = store;
        this.connector = connector;
        this.validator = new IssuedCertificateValidator(caRoots);
        this.clock = clock;
        this.sleeper = sleeper;
        this.hook = hook;
    }

    public RenewalEngine(RenewalJournalStore store, CaConnector connector, List<X509CertificateHolder> caRoots) {
        this(store, connector, caRoots, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), step -> { });
    }

    /**
     * The certificate a renewal renews: of those with their private key on the token (and not archived by an
     * earlier renewal), the first to expire. The command line and the window renew the same one.
     */
    public static Optional<TokenCertificate> certificateToRenew(List<TokenCertificate> certificates) {
        return certificates.stream()
                .filter(c -> c.readable() && c.hasPrivateKey() && !c.label().startsWith(ARCHIVED.strip()))
                .min(Comparator.comparing(c -> c.info().orElseThrow().notAfter()));
    }

    /** Starts the journal of a new renewal of this certificate. Nothing is sent or changed yet. */
    public RenewalJournal begin(Token token, TokenCertificate current, boolean sameKey, String connectorName,
                                String caUrl) throws RenewalException {
        CertificateInfo info = current.info().orElseThrow(() -> new RenewalException(
                RenewalError.CERTIFICATE_GONE, "the certificate on the key is unreadable"));
        TokenInfo tokenInfo = tokenCall(token::info);
        RenewalJournal journal = new RenewalJournal();
        journal.id = UUID.randomUUID().toString();
        journal.tokenSerial = tokenInfo.serial();
        journal.tokenLabel = tokenInfo.label();
        journal.library = tokenInfo.library();
        journal.currentCertificate = Base64.getEncoder().encodeToString(current.value());
        journal.currentId = current.idHex();
        journal.currentLabel = current.label();
        journal.sameKey = sameKey;
        journal.keySpec = keySpecFor(info.keyAlgorithm()).name();
        journal.connector = connectorName;
        journal.caUrl = caUrl;
        journal.idempotencyKey = UUID.randomUUID().toString();
        journal.created = clock.instant().toString();
        journal.moveTo(RenewalStep.STARTED, clock.instant());
        save(journal);
        LOG.info("renewal {} begun for token {} with {}", journal.id, journal.tokenSerial, caUrl);
        return journal;
    }

    /** Runs (or resumes) the renewal to its end. The journal on disk always shows how far it got. */
    public RenewalJournal run(RenewalJournal journal, Token token, RenewalInteraction ui) throws RenewalException {
        X509CertificateHolder current = certificate(journal.currentCertificate);
        if (journal.step == RenewalStep.STARTED) {
            preflight(journal, token, current);
        }
        if (journal.step.finished()) {
            return journal;
        }
        try (TokenSession session = login(token, ui)) {
            while (!journal.step.finished()) {
                ui.stepped(journal.step);
                step(journal, session, token, current, ui);
            }
        }
        ui.stepped(journal.step);
        return journal;
    }

    private void step(RenewalJournal journal, TokenSession session, Token token, X509CertificateHolder current,
                      RenewalInteraction ui) throws RenewalException {
        switch (journal.step) {
            case PREFLIGHT_PASSED -> {
                journal.newKeyLabel = "ukey-renewal-" + journal.id.substring(0, 8);
                advance(journal, RenewalStep.KEY_PAIR);
            }
            case KEY_PAIR -> {
                journal.newKeyId = journal.sameKey ? journal.currentId
                        : HexFormat.of().formatHex(newKeyPair(journal, session));
                advance(journal, RenewalStep.SUBMITTED);
            }
            case SUBMITTED -> {
                RenewalRequest request = request(journal, session, current);
                CaProgress progress = caCall(() -> connector.submit(request, state(journal)));
                awaitIssued(journal, request, progress, ui);
                advance(journal, RenewalStep.ISSUED);
            }
            case ISSUED -> {
                RenewalRequest request = request(journal, session, current);
                CaConnector.IssuedCertificate issued = caCall(() -> connector.certificate(request, state(journal)));
                try {
                    validator.validate(issued.certificate(), issued.chain(), request.newPublicKey(), current,
                            clock.instant());
                } catch (RenewalException refused) {
                    refuse(journal, session, request, issued.certificate(), refused);
                    throw refused;
                }
                journal.issuedCertificate = encode(issued.certificate());
                journal.chain = new ArrayList<>(issued.chain().stream().map(RenewalEngine::encode).toList());
                advance(journal, RenewalStep.VALIDATED);
            }
            case VALIDATED -> {
                writeIssued(journal, session, token);
                advance(journal, RenewalStep.WRITTEN);
            }
            case WRITTEN -> {
                selfTest(journal, session);
                advance(journal, RenewalStep.SELF_TESTED);
            }
            case SELF_TESTED -> {
                RenewalRequest request = request(journal, session, current);
                X509CertificateHolder issued = certificate(journal.issuedCertificate);
                caCall(() -> {
                    connector.confirm(request, state(journal), issued, true, null);
                    return null;
                });
                advance(journal, RenewalStep.CONFIRMED);
            }
            case CONFIRMED -> {
                retire(journal, session, current);
                advance(journal, RenewalStep.RETIRED);
            }
            case RETIRED -> {
                if (Boolean.parseBoolean(journal.connectorState.getOrDefault(SEAL_SERVICE, "false"))) {
                    RenewalRequest request = request(journal, session, current);
                    X509CertificateHolder issued = certificate(journal.issuedCertificate);
                    journal.sealsExtended = new ArrayList<>(caCall(() ->
                            connector.extendSeals(request, state(journal), issued)));
                }
                advance(journal, RenewalStep.DONE);
                LOG.info("renewal {} done for token {}", journal.id, journal.tokenSerial);
            }
            default -> throw new IllegalStateException("no action for " + journal.step);
        }
    }

    /**
     * The keys and identity every connector call needs; the signers sign on the token. Once the old key is
     * retired (after the CA's confirmation) only the new key signs, and the current-key signer is null.
     */
    private RenewalRequest request(RenewalJournal journal, TokenSession session, X509CertificateHolder current)
            throws RenewalException {
        SubjectPublicKeyInfo newPublicKey = tokenCall(() -> session.publicKey(id(journal.newKeyId)));
        boolean retired = journal.step.compareTo(RenewalStep.RETIRED) >= 0;
        return new RenewalRequest(current, retired ? null : signer(session, journal.currentId), newPublicKey,
                signer(session, journal.newKeyId), journal.repair, journal.idempotencyKey);
    }

    // --- preflight ---

    private void preflight(RenewalJournal journal, Token token, X509CertificateHolder current)
            throws RenewalException {
        TokenInfo info = tokenCall(token::info);
        if (info.userPin().locked()) {
            throw new RenewalException(RenewalError.PIN_LOCKED, null);
        }
        Instant now = clock.instant();
        if (now.isBefore(current.getNotBefore().toInstant())) {
            throw new RenewalException(RenewalError.CLOCK_WRONG, "now " + now + " is before the certificate's start "
                    + current.getNotBefore().toInstant());
        }
        RenewalOffer offer = caCall(() -> connector.offer(current));
        if (!offer.renewable()) {
            fail(journal, offer.refusal().orElseThrow().code(), offer.refusal().orElseThrow().getMessage());
            throw new RenewalException(RenewalError.CA, null, offer.refusal().orElseThrow());
        }
        if (journal.sameKey && !offer.sameKeyAllowed()) {
            CaException refusal = new CaException("key_reuse_forbidden", "the CA requires a new key");
            fail(journal, refusal.code(), refusal.getMessage());
            throw new RenewalException(RenewalError.CA, null, refusal);
        }
        journal.repair = offer.repair();
        journal.connectorState.put(SEAL_SERVICE, Boolean.toString(offer.sealService()));
        advance(journal, RenewalStep.PREFLIGHT_PASSED);
    }

    /** Asks for the PIN until it is right, the user cancels, or the key locks. */
    private TokenSession login(Token token, RenewalInteraction ui) throws RenewalException {
        boolean retry = false;
        while (true) {
            TokenInfo info = tokenCall(token::info);
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
                    throw new RenewalException(e.error() == TokenError.PIN_LOCKED ? RenewalError.PIN_LOCKED
                            : RenewalError.TOKEN, null, e);
                }
                retry = true;
            } finally {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    // --- key pair ---

    /** Generates the new key pair, or finds the one a crash left behind (by the label the journal holds). */
    private byte[] newKeyPair(RenewalJournal journal, TokenSession session) throws RenewalException {
        for (TokenObject object : tokenCall(session::objects)) {
            if (object.kind() == ObjectKind.PRIVATE_KEY && object.label().equals(journal.newKeyLabel)) {
                return object.id();
            }
        }
        KeySpec spec = KeySpec.valueOf(journal.keySpec);
        return tokenCall(() -> session.generateKeyPair(spec, null, journal.newKeyLabel)).id();
    }

    static KeySpec keySpecFor(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA-3072" -> KeySpec.RSA_3072;
            case "EC-P256" -> KeySpec.EC_P256;
            case "EC-P384" -> KeySpec.EC_P384;
            default -> KeySpec.RSA_2048;
        };
    }

    // --- the CA ---

    /** Follows the CA from the submitted request to an issued certificate: challenges, then polls. */
    private void awaitIssued(RenewalJournal journal, RenewalRequest request, CaProgress first, RenewalInteraction ui)
            throws RenewalException {
        CaProgress progress = first;
        Optional<CaException> problem = Optional.empty();
        for (int polls = 0; polls < MAX_POLLS; ) {
            switch (progress.status()) {
                case ISSUED -> {
                    return;
                }
                case REJECTED -> {
                    CaException rejection = progress.rejection().orElse(new CaException("rejected", "rejected"));
                    fail(journal, rejection.code(), rejection.getMessage());
                    throw new RenewalException(RenewalError.CA, null, rejection);
                }
                case PENDING_CHALLENGE -> {
                    CaProgress.Challenge challenge = progress.challenge().orElseThrow(() ->
                            new RenewalException(RenewalError.CA, null,
                                    CaException.badResponse("a challenge without details", null)));
                    RenewalInteraction.ChallengeAnswer answer = ui.challenge(challenge, problem);
                    try {
                        progress = switch (answer) {
                            case RenewalInteraction.ChallengeAnswer.Cancel c ->
                                    throw new RenewalException(RenewalError.CANCELLED, "at the SMS code prompt");
                            case RenewalInteraction.ChallengeAnswer.Resend r ->
                                    connector.resendChallenge(request, state(journal), challenge.id());
                            case RenewalInteraction.ChallengeAnswer.Code code ->
                                    connector.answerChallenge(request, state(journal), challenge.id(), code.code());
                        };
                        problem = Optional.empty();
                    } catch (CaException e) {
                        if (!e.code().startsWith("challenge_") && !e.code().equals("rate_limited")) {
                            throw retryOrStop(e);
                        }
                        problem = Optional.of(e); // ask again, saying what went wrong
                        progress = caCall(() -> connector.poll(request, state(journal)));
                    }
                }
                case PROCESSING -> {
                    pause(progress.retryAfter());
                    polls++;
                    progress = caCall(() -> connector.poll(request, state(journal)));
                }
            }
        }
        throw new RenewalException(RenewalError.CA, null, new CaException("still_processing", true, null, null,
                "the CA is still processing the renewal; resume later", null));
    }

    private interface CaCall<T> {
        T run() throws CaException;
    }

    /** Calls the CA, retrying retryable failures with back-off (or the CA's Retry-After). */
    private <T> T caCall(CaCall<T> call) throws RenewalException {
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (CaException e) {
                if (!e.retryable() || attempt >= RETRIES) {
                    throw retryOrStop(e);
                }
                LOG.info("CA call failed ({}), retry {} of {}", e.code(), attempt, RETRIES - 1);
                pause(e.retryAfter().orElse(backoff));
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** A connector that failed because the key did (signing on a pulled key) failed on the key, not at the CA. */
    private static RenewalException retryOrStop(CaException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof TokenException)) {
            cause = cause.getCause();
        }
        if (cause instanceof TokenException token) {
            return new RenewalException(token.error() == TokenError.PIN_LOCKED ? RenewalError.PIN_LOCKED
                    : RenewalError.TOKEN, null, token);
        }
        return new RenewalException(RenewalError.CA, null, e);
    }

    private void pause(Duration duration) throws RenewalException {
        Duration bounded = duration.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : duration;
        try {
            sleeper.sleep(bounded.isNegative() ? Duration.ZERO : bounded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenewalException(RenewalError.CANCELLED, "interrupted");
        }
    }

    private ConnectorState state(RenewalJournal journal) {
        return new ConnectorState() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(journal.connectorState.get(key));
            }

            @Override
            public void put(String key, String value) {
                journal.connectorState.put(key, value);
            }

            @Override
            public void save() throws CaException {
                try {
                    store.save(journal);
                } catch (IOException e) {
                    throw new CaException("journal", false, null, null, "the journal cannot be written", e);
                }
            }
        };
    }

    // --- the token after issuance ---

    /** The CA's certificate was refused: tell the CA, drop the unused new key, leave the key otherwise as it was. */
    private void refuse(RenewalJournal journal, TokenSession session, RenewalRequest request,
                        X509CertificateHolder issued, RenewalException refused) throws RenewalException {
        try {
            connector.confirm(request, state(journal), issued, false, refused.getMessage());
        } catch (CaException e) {
            LOG.warn("could not tell the CA that its certificate was refused: {}", e.getMessage());
        }
        if (!journal.sameKey) {
            for (ObjectKind kind : List.of(ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
                tokenCall(() -> session.destroy(kind, id(journal.newKeyId)));
            }
        }
        fail(journal, refused.error().name(), refused.getMessage());
    }

    private void writeIssued(RenewalJournal journal, TokenSession session, Token token) throws RenewalException {
        X509CertificateHolder issued = certificate(journal.issuedCertificate);
        String sha256 = sha256(issued);
        boolean present = tokenCall(token::certificates).stream()
                .anyMatch(c -> c.info().map(i -> i.sha256().equals(sha256)).orElse(false));
        if (!present) {
            tokenCall(() -> {
                session.writeCertificate(id(journal.newKeyId), journal.currentLabel, issued);
                return null;
            });
        }
        if (!journal.sameKey) {
            for (ObjectKind kind : List.of(ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
                tokenCall(() -> {
                    session.setLabel(kind, id(journal.newKeyId), journal.currentLabel);
                    return null;
                });
            }
        }
    }

    private void selfTest(RenewalJournal journal, TokenSession session) throws RenewalException {
        X509CertificateHolder issued = certificate(journal.issuedCertificate);
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            ContentSigner signer = signer(session, journal.newKeyId);
            signer.getOutputStream().write(challenge);
            byte[] signature = signer.getSignature();
            ContentVerifier verifier = new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider())
                    .build(issued).get(signer.getAlgorithmIdentifier());
            verifier.getOutputStream().write(challenge);
            if (!verifier.verify(signature)) {
                throw new RenewalException(RenewalError.SELF_TEST_FAILED, "the signature does not verify");
            }
        } catch (RenewalException e) {
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof TokenException te) {
                throw new RenewalException(RenewalError.TOKEN, null, te);
            }
            throw new RenewalException(RenewalError.SELF_TEST_FAILED, e.getMessage(), e);
        }
    }

    /**
     * After the CA's confirmation: a key that can decrypt is kept with its certificate, labelled archived, so
     * bids sealed to it still open; a signing-only old key and its certificate are removed.
     */
    private void retire(RenewalJournal journal, TokenSession session, X509CertificateHolder current)
            throws RenewalException {
        byte[] currentId = id(journal.currentId);
        boolean canDecrypt = canDecrypt(current);
        if (journal.sameKey || !canDecrypt) {
            byte[] der = encodedBytes(current);
            tokenCall(() -> session.destroyCertificate(der));
        }
        if (journal.sameKey) {
            return;
        }
        for (ObjectKind kind : List.of(ObjectKind.CERTIFICATE, ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
            if (canDecrypt) {
                tokenCall(() -> {
                    session.setLabel(kind, currentId, ARCHIVED + journal.currentLabel);
                    return null;
                });
            } else if (kind != ObjectKind.CERTIFICATE) {
                tokenCall(() -> session.destroy(kind, currentId));
            }
        }
    }

    private static boolean canDecrypt(X509CertificateHolder certificate) {
        try {
            return CertificateInfo.parse(certificate.getEncoded()).canDecrypt();
        } catch (Exception e) {
            return true; // when in doubt, keep the key
        }
    }

    // --- helpers ---

    private ContentSigner signer(TokenSession session, String idHex) throws RenewalException {
        return tokenCall(() -> session.signer(id(idHex)));
    }

    private interface TokenCall<T> {
        T run() throws TokenException;
    }

    private static <T> T tokenCall(TokenCall<T> call) throws RenewalException {
        try {
            return call.run();
        } catch (TokenException e) {
            throw new RenewalException(e.error() == TokenError.PIN_LOCKED ? RenewalError.PIN_LOCKED
                    : RenewalError.TOKEN, null, e);
        }
    }

    private void advance(RenewalJournal journal, RenewalStep next) throws RenewalException {
        journal.moveTo(next, clock.instant());
        save(journal);
        LOG.debug("renewal {}: {}", journal.id, next);
        hook.saved(next);
    }

    private void fail(RenewalJournal journal, String code, String detail) throws RenewalException {
        journal.failureCode = code;
        journal.failureDetail = detail;
        advance(journal, RenewalStep.FAILED);
    }

    private void save(RenewalJournal journal) throws RenewalException {
        try {
            store.save(journal);
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, store.directory().toString(), e);
        }
    }

    private static byte[] id(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static X509CertificateHolder certificate(String base64) throws RenewalException {
        try {
            return new X509CertificateHolder(Base64.getDecoder().decode(base64));
        } catch (IOException | RuntimeException e) {
            throw new RenewalException(RenewalError.JOURNAL, "a certificate in the journal does not parse", e);
        }
    }

    private static byte[] encodedBytes(X509CertificateHolder certificate) throws RenewalException {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new RenewalException(RenewalError.ISSUED_UNREADABLE, e.getMessage(), e);
        }
    }

    private static String encode(X509CertificateHolder certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(X509CertificateHolder certificate) throws RenewalException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new RenewalException(RenewalError.ISSUED_UNREADABLE, e.getMessage(), e);
        }
    }
}
