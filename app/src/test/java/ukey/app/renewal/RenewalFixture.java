package ukey.app.renewal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.renewal.api.ApiConnector;
import ukey.app.renewal.api.Pem;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;
import ukey.token.TokenSession;
import ukey.token.skf.SkfProvider;
import ukey.token.testing.Kmc;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/**
 * One customer's key for renewal tests, the engine's and the window's: a fresh SoftHSM token whose key pair was made
 * on the token and certified by the sandbox CA (real HTTPS on 127.0.0.1), an approved order for it, and an engine
 * with its own journal folder. {@link #sm2} makes a softskf key with an SM2 dual-certificate identity instead.
 */
public final class RenewalFixture {

    public static final String SUBJECT = "CN=张三,O=示例招标代理有限公司,C=CN";
    public static final String LABEL = "张三的签名证书";

    public final SoftHsm softHsm = SoftHsm.get();
    final SandboxCa ca;
    public final String tokenLabel;
    public final CertRecord first;
    /** SM2 keys: the softskf device, the provider it is seen through, the old encryption certificate. */
    public final SoftSkfDevice device;
    final SkfProvider provider;
    public final CertRecord firstEncryption;
    /** The approved order, when there is one. */
    public final String orderId;
    final RenewalJournalStore store;
    final List<RenewalStep> saved = new ArrayList<>();
    /** The pauses the engine asked for (Retry-After, back-off), in order; it never really sleeps. */
    final List<Duration> pauses = new ArrayList<>();

    /**
     * @param daysLeft how long the certificate is still valid (negative: expired that many days ago)
     * @param order    the platform has an approved renewal (or, when expired, repair) order for it
     */
    public RenewalFixture(SandboxCa ca, Path journals, KeySpec spec, List<String> keyUsage, int daysLeft,
                          boolean order) throws Exception {
        this.ca = ca;
        this.store = new RenewalJournalStore(journals);
        this.device = null;
        this.provider = null;
        this.firstEncryption = null;
        this.tokenLabel = softHsm.createToken("renew");
        Token token = token();
        try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(spec, null, LABEL);
            Instant notBefore = Instant.now().plus(daysLeft, ChronoUnit.DAYS).minus(365, ChronoUnit.DAYS);
            first = ca.issue(key.publicKey(), SUBJECT, notBefore, 365, keyUsage);
            session.writeCertificate(key.id(), LABEL, new X509CertificateHolder(first.certificate().getEncoded()));
        }
        orderId = order ? ca.approveOrder(ca.createOrder(first.serial, daysLeft < 0).id).id : null;
    }

    /**
     * A softskf key holding one SM2 identity in container {@link #CONTAINER}: the signing key pair made on the key,
     * the encryption key pair from a KMC enveloped to it (both certified by the sandbox's SM2 CA, so the sandbox
     * must run with {@code caAlgorithm(SM2)}), and an approved order for the signing certificate.
     *
     * @param provider how the client sees the key (the run's shared provider, or one with other settings); the
     *                 old identity is made through the shared one, in the standard's envelope layout
     */
    private RenewalFixture(SandboxCa ca, Path journals, SkfProvider provider, SoftSkfDevice device, int daysLeft)
            throws Exception {
        this.ca = ca;
        this.store = new RenewalJournalStore(journals);
        this.tokenLabel = device.label();
        this.device = device;
        this.provider = provider;
        Instant notBefore = Instant.now().plus(daysLeft, ChronoUnit.DAYS).minus(365, ChronoUnit.DAYS);
        try (TokenSession session = device.token(SoftSkf.get().provider()).login(
                SoftSkf.USER_PIN.toCharArray())) {
            String id = session.createIdentity(CONTAINER, KeySpec.SM2).id();
            SubjectPublicKeyInfo signingKey = session.publicKey(id, KeyHalf.Usage.SIGN);
            first = ca.issue(signingKey, SUBJECT, notBefore, 365, List.of("digitalSignature", "nonRepudiation"));
            session.writeCertificate(id, KeyHalf.Usage.SIGN,
                    new X509CertificateHolder(first.certificate().getEncoded()));
            Kmc.Enveloped encryption = Kmc.envelope(signingKey);
            session.importEncryptionKeyPair(id, encryption.envelope());
            firstEncryption = ca.issue(encryption.publicKey(), SUBJECT, notBefore, 365,
                    List.of("keyEncipherment", "dataEncipherment", "keyAgreement"));
            session.writeCertificate(id, KeyHalf.Usage.ENCRYPT,
                    new X509CertificateHolder(firstEncryption.certificate().getEncoded()));
        }
        orderId = ca.approveOrder(ca.createOrder(first.serial, daysLeft < 0).id).id;
    }

    /** The container of {@link #sm2} keys. */
    public static final String CONTAINER = "张三";

    /**
     * An SM2 key expiring in 20 days, seen through the run's shared provider; {@code quirks} for the device, set once
     * the old identity is on it (max_containers=1, envelope=left...).
     */
    public static RenewalFixture sm2(SandboxCa ca, Path journals, String... quirks) throws Exception {
        return sm2(ca, journals, SoftSkf.get().provider(), quirks);
    }

    public static RenewalFixture sm2(SandboxCa ca, Path journals, SkfProvider provider, String... quirks)
            throws Exception {
        SoftSkfDevice device = SoftSkf.get().device("renew").build();
        RenewalFixture key = new RenewalFixture(ca, journals, provider, device, 20);
        if (quirks.length > 0) {
            device.config(quirks);
        }
        return key;
    }

    Token token() throws Exception {
        return device != null ? device.token(provider) : softHsm.token(tokenLabel);
    }

    /** The identity being renewed (SM2 keys: the container). */
    Identity identity() throws Exception {
        return token().identities().stream().filter(i -> i.name().equals(device != null ? CONTAINER : LABEL))
                .findFirst().orElseThrow();
    }

    TokenCertificate current() throws Exception {
        return token().certificates().stream().filter(c -> c.label().equals(LABEL)).findFirst().orElseThrow();
    }

    ApiConnector connector() {
        try {
            return new ApiConnector(ca.url(), Pem.readFile(ca.trustFile()), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An engine that does not sleep (Retry-After is honoured in order, not in wall time) and records each step. */
    RenewalEngine engine(RenewalEngine.StepListener hook) throws IOException {
        return new RenewalEngine(store, connector(), Pem.readFile(ca.trustFile()), Clock.systemUTC(),
                pauses::add, step -> {
                    saved.add(step);
                    hook.saved(step);
                });
    }

    RenewalEngine engine() throws IOException {
        return engine(step -> { });
    }

    RenewalJournal begin(RenewalEngine engine, boolean sameKey) throws Exception {
        if (device != null) {
            return engine.begin(token(), identity(), sameKey, "api", ca.url().toString());
        }
        return engine.begin(token(), current(), sameKey, "api", ca.url().toString());
    }

    RenewalJournal reload(RenewalJournal journal) throws IOException {
        return store.load(journal.id()).orElseThrow();
    }

    /** Answers with the demo PIN and the code the sandbox sent by "SMS"; records what was asked. */
    static final class Person implements RenewalInteraction {
        final SandboxCa ca;
        final Deque<String> pins = new ArrayDeque<>();
        final Deque<ChallengeAnswer> answers = new ArrayDeque<>();
        final List<Optional<CaException>> problems = new ArrayList<>();
        int pinPrompts;

        Person(SandboxCa ca) {
            this.ca = ca;
        }

        @Override
        public char[] pin(TokenInfo token, PinState state, boolean retry) {
            pinPrompts++;
            return (pins.isEmpty() ? SoftHsm.USER_PIN : pins.pop()).toCharArray();
        }

        @Override
        public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
            problems.add(problem);
            if (!answers.isEmpty()) {
                return answers.pop();
            }
            return new ChallengeAnswer.Code(ca.lastSmsCode().orElseThrow());
        }
    }

    /** Deletes the token (the tests that do not use {@code DeleteTokensAfterwards}). */
    public void delete() {
        if (device == null) {
            softHsm.deleteToken(tokenLabel);
        }
    }

    /**
     * The sandbox as the renewal tests start from it: a 30-day window, a new key required, SMS and seals as asked,
     * issued at once, codes resendable at once, no faults.
     */
    static void plainSandbox(SandboxCa ca, boolean sms, boolean seals) {
        ca.updateSettings(s -> {
            s.windowDays = 30;
            s.keyPolicy = ukey.sandbox.KeyPolicy.NEW_REQUIRED;
            s.sms = sms;
            s.sealService = seals;
            s.pollCount = 0;
            s.smsResendSeconds = 0;
            s.faults = new ukey.sandbox.Faults();
        });
    }

    public static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("target"), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
