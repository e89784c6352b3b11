package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.cert.CertificateInfo;
import ukey.sandbox.CertRecord;
import ukey.sandbox.Faults;
import ukey.sandbox.HostileCertificate;
import ukey.sandbox.KeyPolicy;
import ukey.token.KeySpec;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.TokenCertificate;
import ukey.token.testing.SoftHsm;

/** 一键更新 end to end: SoftHSM tokens, the sandbox CA over real HTTPS, the engine with its journal on disk. */
class RenewalEngineTest extends SandboxRenewalTest {

    private static final List<String> SIGNING_AND_ENCRYPTION = List.of("digitalSignature", "keyEncipherment");


    @BeforeEach
    void defaults() {
        plain(true, true);
    }

    private RenewalFixture key(KeySpec spec, List<String> usage, int daysLeft) throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), spec, usage, daysLeft, true);
        return key;
    }

    @Test
    void renewsWithAnSmsCodeAndRetiresTheOldSigningCertificate() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        TokenCertificate before = key.current();
        RenewalEngine engine = key.engine();

        RenewalJournal journal = engine.run(key.begin(engine, false), key.token(), person);

        assertEquals(RenewalStep.DONE, journal.step());
        assertEquals(1, person.pinPrompts, "the PIN is asked once for the whole transaction");
        List<TokenCertificate> after = key.token().certificates();
        assertEquals(1, after.size(), "the old signing certificate is retired");
        TokenCertificate renewed = after.getFirst();
        CertificateInfo info = renewed.info().orElseThrow();
        assertEquals(RenewalFixture.LABEL, renewed.label());
        assertTrue(renewed.hasPrivateKey());
        assertNotEquals(before.idHex(), renewed.idHex(), "a new key pair");
        assertTrue(info.notAfter().isAfter(Instant.now().plus(360, ChronoUnit.DAYS)));
        assertTrue(CertificateInfo.sameName(before.info().orElseThrow().subjectName(), info.subjectName()));
        // the CA superseded the old certificate only after the confirmation
        CertRecord old = ca.certificate(key.first.certId).orElseThrow();
        assertEquals(CertRecord.State.SUPERSEDED, old.state);
        assertNull(ca.renewal(journal.connectorState().get("api.renewalId")).orElseThrow().keyAlgorithm,
                "an EC client's start request is as it was before SM2: no keyAlgorithm");
        assertFalse(journal.sealsExtended().isEmpty(), "seals extended to the new certificate");
        List<CaConnector.Seal> seals = key.connector().seals(new org.bouncycastle.cert.X509CertificateHolder(
                renewed.value()));
        assertEquals(1, seals.size(), "the side panel's seal line: the seal now follows the new certificate");
        assertEquals(info.notAfter(), seals.getFirst().notAfter());
        // a second tool's view of the key
        String objects = key.softHsm.pkcs11Tool(key.tokenLabel, "--login", "--pin", SoftHsm.USER_PIN,
                "--list-objects");
        assertEquals(1, count(objects, "Certificate Object"), objects);
        assertEquals(1, count(objects, "Private Key Object"), objects);
        assertTrue(objects.contains("ID:         " + renewed.idHex()), objects);
        assertEquals("sign", usage(objects, renewed.idHex()), "the old certificate could not encipher");
        // and OpenSSL's: the certificate read back from the key chains to the CA
        Path der = RenewalFixture.temp("readback").resolve("renewed.der");
        key.softHsm.pkcs11Tool(key.tokenLabel, "--read-object", "--type", "cert", "--id", renewed.idHex(),
                "--output-file", der.toString());
        String verified = key.softHsm.run("openssl", "verify", "-CAfile", ca.trustFile().toString(),
                pem(der).toString());
        assertTrue(verified.contains(": OK"), verified);
    }

    private static Path pem(Path der) {
        Path pem = der.resolveSibling("renewed.pem");
        SoftHsm.get().run("openssl", "x509", "-inform", "DER", "-in", der.toString(), "-out", pem.toString());
        return pem;
    }

    @Test
    void keepsAnOldKeyThatCanDecryptSoSealedBidsStillOpen() throws Exception {
        key(KeySpec.RSA_2048, SIGNING_AND_ENCRYPTION, 10);
        TokenCertificate before = key.current();
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, false), key.token(), person).step());

        List<TokenCertificate> after = key.token().certificates();
        assertEquals(2, after.size());
        TokenCertificate archived = after.stream().filter(c -> c.idHex().equals(before.idHex())).findFirst()
                .orElseThrow();
        assertEquals("已归档 " + RenewalFixture.LABEL, archived.label());
        assertTrue(archived.hasPrivateKey(), "the old decryption key stays");
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            assertTrue(session.objects().stream().anyMatch(o -> o.kind() == ObjectKind.PRIVATE_KEY
                    && o.idHex().equals(before.idHex()) && o.label().startsWith("已归档")));
        }
        // the renewed certificate keeps keyEncipherment: its new key must decrypt what is sealed to it
        TokenCertificate renewed = after.stream().filter(c -> !c.idHex().equals(before.idHex())).findFirst()
                .orElseThrow();
        assertTrue(renewed.info().orElseThrow().keyUsage().contains("keyEncipherment"));
        String objects = key.softHsm.pkcs11Tool(key.tokenLabel, "--login", "--pin", SoftHsm.USER_PIN,
                "--list-objects", "--type", "privkey");
        assertEquals("decrypt, sign, unwrap", usage(objects, renewed.idHex()), objects);
    }

    /** A key the token cannot make anew (SM2, RSA-4096, ...) is refused in words before anything is written. */
    @Test
    void refusesAKeyItCannotMakeInsteadOfMakingAnother() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(4096);
        SubjectPublicKeyInfo rsa4096 = SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic()
                .getEncoded());
        byte[] der = ca.issue(rsa4096, RenewalFixture.SUBJECT, Instant.now().minus(350, ChronoUnit.DAYS), 365,
                SIGNING).certificate().getEncoded();
        TokenCertificate big = new TokenCertificate(new byte[] {9}, "RSA-4096", der, true,
                Optional.of(CertificateInfo.parse(der)), Optional.empty());

        RenewalException e = assertThrows(RenewalException.class,
                () -> key.engine().begin(key.token(), big, false, "api", ca.url().toString()));

        assertEquals(RenewalError.KEY_NOT_SUPPORTED, e.error());
        assertTrue(e.getMessage().contains("RSA-4096"), e.getMessage());
        assertTrue(key.store.all().isEmpty(), "no journal: nothing was begun");
        for (String algorithm : List.of("SM2", "Ed25519", "RSASSA-PSS-2048")) {
            assertEquals(RenewalError.KEY_NOT_SUPPORTED, assertThrows(RenewalException.class,
                    () -> Pkcs11TokenSteps.keySpecFor(algorithm)).error(), algorithm);
        }
        ErrorMessage words = new ErrorPresenter(Language.ZH).present(e);
        assertEquals("本客户端还不能为这种密钥的证书在 UKey 上生成新密钥", words.title());
        assertTrue(words.detail().orElseThrow().contains("RSA-4096"));
    }

    /** The "Usage:" line pkcs11-tool shows for the private key with this CKA_ID. */
    private static String usage(String objects, String idHex) {
        String[] blocks = objects.split("(?=Private Key Object)");
        for (String block : blocks) {
            if (block.startsWith("Private Key Object") && block.contains("ID:         " + idHex)) {
                return block.lines().filter(l -> l.strip().startsWith("Usage:")).findFirst().orElseThrow()
                        .strip().substring("Usage:".length()).strip();
            }
        }
        throw new AssertionError("no private key " + idHex + " in\n" + objects);
    }

    @Test
    void asksAgainAfterAWrongCodeAndResendsAnExpiredOne() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        RenewalEngine engine = key.engine();
        person.answers.add(new RenewalInteraction.ChallengeAnswer.Code("000000"));
        person.answers.add(new RenewalInteraction.ChallengeAnswer.Resend());
        RenewalJournal journal = key.begin(engine, false);

        RenewalInteraction expiring = new RenewalInteraction() {
            @Override
            public char[] pin(ukey.token.TokenInfo token, ukey.token.PinState state, boolean retry) {
                return person.pin(token, state, retry);
            }

            @Override
            public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
                ChallengeAnswer answer = person.challenge(challenge, problem);
                if (answer instanceof ChallengeAnswer.Resend) {
                    ca.expireSmsCodes(); // the first code ran out while the person looked for the phone
                }
                return answer;
            }
        };
        assertEquals(RenewalStep.DONE, engine.run(journal, key.token(), expiring).step());

        assertEquals(3, person.problems.size(), "asked for a code three times");
        assertEquals("challenge_failed", person.problems.get(1).orElseThrow().code());
        assertTrue(ca.outbox().size() >= 2, "a second code was sent");
    }

    @Test
    void refusesBeforeTheWindowOpensAndTouchesNothing() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 60);
        List<String> before = objects();
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person));

        assertEquals(RenewalError.CA, e.error());
        CaException refusal = (CaException) e.getCause();
        assertEquals("renewal_window_not_open", refusal.code());
        assertTrue(refusal.arguments().containsKey("windowStart"));
        assertEquals(RenewalStep.FAILED, key.reload(journal).step());
        assertEquals(0, person.pinPrompts, "refused before asking for the PIN");
        assertEquals(before, objects());
    }

    @Test
    void refusesWithoutAnApprovedOrder() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, false);
        ca.createOrder(key.first.serial, false); // placed, not yet approved (待审核)
        RenewalEngine engine = key.engine();

        RenewalException e = assertThrows(RenewalException.class,
                () -> engine.run(key.begin(engine, false), key.token(), person));

        CaException refusal = (CaException) e.getCause();
        assertEquals("no_approved_order", refusal.code());
        assertEquals("pending_review", refusal.arguments().get("orderStatus"));
    }

    @Test
    void keepsTheSameKeyWhereTheCaAllowsIt() throws Exception {
        ca.updateSettings(s -> s.keyPolicy = KeyPolicy.SAME_ALLOWED);
        key(KeySpec.EC_P256, SIGNING, 20);
        TokenCertificate before = key.current();
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, true), key.token(), person).step());

        List<TokenCertificate> after = key.token().certificates();
        assertEquals(1, after.size());
        assertEquals(before.idHex(), after.getFirst().idHex());
        assertNotEquals(before.info().orElseThrow().sha256(), after.getFirst().info().orElseThrow().sha256());
        assertEquals(before.info().orElseThrow().publicKey(), after.getFirst().info().orElseThrow().publicKey());
    }

    @Test
    void refusesTheSameKeyWhenTheCaRequiresANewOne() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        RenewalEngine engine = key.engine();

        RenewalException e = assertThrows(RenewalException.class,
                () -> engine.run(key.begin(engine, true), key.token(), person));

        assertEquals("key_reuse_forbidden", ((CaException) e.getCause()).code());
    }

    @Test
    void pollsUntilTheCertificateIsIssued() throws Exception {
        ca.updateSettings(s -> {
            s.pollCount = 3;
            s.sms = false;
        });
        key(KeySpec.EC_P256, SIGNING, 20);
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, false), key.token(), person).step());
        assertTrue(person.problems.isEmpty(), "no SMS asked when the CA sends none");
    }

    @Test
    void repairsAnExpiredCertificateOnARepairOrder() throws Exception {
        key(KeySpec.EC_P256, SIGNING, -3);
        RenewalEngine engine = key.engine();

        RenewalJournal journal = engine.run(key.begin(engine, false), key.token(), person);

        assertTrue(journal.repair());
        assertEquals(RenewalStep.DONE, journal.step());
        assertTrue(key.current().info().orElseThrow().notAfter().isAfter(Instant.now()));
    }

    @Test
    void getsThroughDroppedConnectionsAndAnUnavailableCa() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        Faults faults = new Faults();
        faults.match = "/v1/renewals";
        faults.dropBefore = 1;
        faults.dropAfter = 1;
        faults.unavailable = 2;
        ca.setFaults(faults);
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, false), key.token(), person).step());
        assertEquals(1, ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count(),
                "resending with the same idempotency key made one renewal, not several");
    }

    /**
     * Every hostile answer the sandbox CA can give is refused before anything is written: the wrong key, holder,
     * CA or dates, and since the engine checks the certificate's form too: larger than 16 KiB, a CA certificate,
     * keyCertSign alone, serverAuth alone, signed with SHA-1, a chain longer than 8.
     */
    @ParameterizedTest
    @EnumSource(value = HostileCertificate.class, names = {"NONE", "GARBAGE", "HUGE_ANSWER"},
            mode = EnumSource.Mode.EXCLUDE)
    void refusesAHostileCertificateAndLeavesTheKeyAsItWas(HostileCertificate hostile) throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        TokenCertificate before = key.current();
        hostile(hostile);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person));

        assertTrue(e.refusedIssued(), e.toString());
        assertEquals(RenewalStep.FAILED, key.reload(journal).step());
        assertOnlyTheOldCertificate(before);
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            assertEquals(2, session.objects().stream().filter(o -> o.kind() != ObjectKind.CERTIFICATE).count(),
                    "the unused new key pair was removed; the old one stays");
        }
        assertEquals(CertRecord.State.VALID, ca.certificate(key.first.certId).orElseThrow().state);
    }

    /** An unreadable answer, or one larger than 1 MiB (refused before it is parsed), is fetched again later. */
    @ParameterizedTest
    @EnumSource(value = HostileCertificate.class, names = {"GARBAGE", "HUGE_ANSWER"})
    void aGarbageOrHugeAnswerLeavesTheRenewalToResumeAndWritesNothing(HostileCertificate hostile) throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        TokenCertificate before = key.current();
        hostile(hostile);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person));

        assertEquals("bad_response", ((CaException) e.getCause()).code());
        if (hostile == HostileCertificate.HUGE_ANSWER) {
            assertTrue(e.getCause().getMessage().contains("larger than 1048576 bytes"), e.getCause().getMessage());
        }
        assertEquals(RenewalStep.ISSUED, key.reload(journal).step(), "kept to fetch again");
        assertOnlyTheOldCertificate(before);

        ca.clearFaults(); // the CA answers properly again: resume finishes
        assertEquals(RenewalStep.DONE, key.engine().run(key.reload(journal), key.token(), person).step());
    }

    /** Ids the CA chooses go into later request paths: anything but a plain id is refused, never sent on. */
    @ParameterizedTest
    @ValueSource(strings = {"../v1/directory", "rnw_1/confirm", "a b", "%2e%2e", "é",
            "x123456789x123456789x123456789x123456789x123456789x123456789x1234"})
    void refusesIdsTheApiDoesNotAllow(String hostileId) throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        TokenCertificate before = key.current();
        Faults faults = new Faults();
        faults.hostileId = hostileId;
        ca.setFaults(faults);
        RenewalEngine engine = key.engine();

        RenewalException e = assertThrows(RenewalException.class,
                () -> engine.run(key.begin(engine, false), key.token(), person));

        CaException refused = (CaException) e.getCause();
        assertEquals("bad_response", refused.code());
        assertTrue(refused.getMessage().contains("is not an id of"), refused.getMessage());
        assertOnlyTheOldCertificate(before);
    }

    /**
     * A CA that answers every code with "expired" would keep a script resending for ever: the engine stops after 3
     * resends, pausing longer before each, and the renewal stays to be continued later.
     */
    @Test
    void aChallengeStormIsCappedWithBackOff() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);
        int[] prompts = {0};
        RenewalInteraction script = new RenewalInteraction() {
            @Override
            public char[] pin(ukey.token.TokenInfo token, ukey.token.PinState state, boolean retry) {
                return person.pin(token, state, retry);
            }

            @Override
            public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
                if (++prompts[0] > 50) {
                    return new ChallengeAnswer.Cancel(); // the test's own guard against a loop
                }
                // as the command line does for a script: an expired code is resent at once
                if (problem.map(CaException::code).filter("challenge_expired"::equals).isPresent()) {
                    return new ChallengeAnswer.Resend();
                }
                ca.expireSmsCodes(); // every code has expired by the time it is answered
                return new ChallengeAnswer.Code(ca.lastSmsCode().orElseThrow());
            }
        };

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), script));

        assertEquals(RenewalError.CHALLENGE_LIMIT, e.error(), e.toString());
        long sent = ca.outbox().stream().filter(sms -> key.first.certId.equals(sms.certId)).count();
        assertEquals(4, sent, "the first code and 3 resends");
        List<java.time.Duration> backOff = key.pauses;
        assertEquals(3, backOff.size(), backOff.toString());
        assertTrue(backOff.get(0).compareTo(backOff.get(1)) < 0 && backOff.get(1).compareTo(backOff.get(2)) < 0,
                "each pause longer: " + backOff);
        assertEquals(RenewalStep.SUBMITTED, key.reload(journal).step(), "kept to be continued");

        // the caps are the renewal's, not the run's: a resume gets no new resends
        RenewalException again = assertThrows(RenewalException.class,
                () -> key.engine().run(key.reload(journal), key.token(), script));

        assertEquals(RenewalError.CHALLENGE_LIMIT, again.error(), again.toString());
        assertEquals(4, ca.outbox().stream().filter(sms -> key.first.certId.equals(sms.certId)).count(),
                "no code resent after the resume");
        assertEquals(3, key.pauses.size(), key.pauses.toString());
    }

    /**
     * A CA that asks for a code on every resume cannot make the person answer for ever: the rounds are counted in
     * the journal, and after 10 in all the renewal stops without asking again.
     */
    @Test
    void challengeRoundsAreCountedAcrossResumes() throws Exception {
        key(KeySpec.EC_P256, SIGNING, 20);
        RenewalJournal journal = key.begin(key.engine(), false);
        for (int run = 1; run <= IssuanceWait.MAX_ROUNDS; run++) {
            person.answers.add(new RenewalInteraction.ChallengeAnswer.Cancel());
            RenewalException cancelled = assertThrows(RenewalException.class,
                    () -> key.engine().run(key.reload(journal), key.token(), person));
            assertEquals(RenewalError.CANCELLED, cancelled.error(), "run " + run + ": " + cancelled);
        }

        RenewalException e = assertThrows(RenewalException.class,
                () -> key.engine().run(key.reload(journal), key.token(), person));

        assertEquals(RenewalError.CHALLENGE_LIMIT, e.error(), e.toString());
        assertEquals(IssuanceWait.MAX_ROUNDS, person.problems.size(), "asked once a round, not after the cap");
        assertEquals(RenewalStep.SUBMITTED, key.reload(journal).step(), "kept: 放弃更新 ends it");
    }

    private void hostile(HostileCertificate hostile) {
        Faults faults = new Faults();
        faults.hostileCertificate = hostile;
        ca.setFaults(faults);
    }

    private void assertOnlyTheOldCertificate(TokenCertificate before) throws Exception {
        List<TokenCertificate> after = key.token().certificates();
        assertEquals(1, after.size(), "nothing written");
        assertArrayEquals(before.value(), after.getFirst().value());
    }

    private List<String> objects() throws Exception {
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            return session.objects().stream().map(o -> o.kind() + " " + o.idHex() + " " + o.label()).sorted().toList();
        }
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
