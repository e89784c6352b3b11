package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.Sm2;
import ukey.sandbox.HostileCertificate;
import ukey.sandbox.HostileEnvelope;
import ukey.sandbox.RenewalStatus;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.Token;
import ukey.token.TokenSession;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;
import ukey.token.sm2.EncryptionKeyCheck;
import ukey.token.testing.SoftSkf;

/**
 * 一键更新 of SM2 dual-certificate keys on softskf devices against the sandbox's SM2 CA and KMC over real HTTPS: a
 * new container with a new signing key pair, the CA's encryption key pair imported into it, both certificates
 * checked before anything is written, the old container kept whole (its encryption key still opens old bids). Each
 * hostile answer is refused with the key as it was; a full key is refused before the PIN.
 */
class SkfRenewalTest {

    private static final String DISTID = "distid:" + Sm2.DEFAULT_ID;

    static SandboxCa ca;
    private RenewalFixture key;
    private RenewalFixture.Person person;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("sm2-sandbox"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    private void plain(boolean sms, String... quirks) throws Exception {
        RenewalFixture.plainSandbox(ca, sms, false);
        person = new RenewalFixture.Person(ca);
        key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"), quirks);
    }

    @Test
    void renewsBothHalvesIntoANewContainerAndKeepsTheOldOneWhole() throws Exception {
        plain(false);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = engine.run(key.begin(engine, false), key.token(), person);

        assertEquals(RenewalStep.DONE, journal.step());
        assertEquals("skf", journal.backend());
        assertTrue(journal.dual(), "the encryption half came and was journalled");
        List<Identity> identities = key.token().identities();
        assertEquals(2, identities.size(), identities.toString());
        Identity old = named(identities, RenewalFixture.CONTAINER);
        Identity renewed = named(identities, journal.newKey());
        assertEquals(journal.newKeyLabel(), journal.newKey(), "named as journalled before it was made");

        X509CertificateHolder signing = holder(renewed.signing());
        X509CertificateHolder encryption = holder(renewed.encryption());
        assertEquals(RenewalFixture.SUBJECT, key.first.subject);
        assertTrue(signing.getNotAfter().after(java.util.Date.from(key.first.notAfter)));
        assertEquals(signing.getSubject(), encryption.getSubject());
        try (TokenSession session = key.token().login(SoftSkf.USER_PIN.toCharArray())) {
            assertTrue(Sm2.sameKey(signing.getSubjectPublicKeyInfo(),
                    session.publicKey(renewed.id(), KeyHalf.Usage.SIGN)), "the signing certificate is the new key's");
            assertTrue(Sm2.sameKey(encryption.getSubjectPublicKeyInfo(),
                    session.publicKey(renewed.id(), KeyHalf.Usage.ENCRYPT)), "the encryption key is its certificate's");
            assertTrue(EncryptionKeyCheck.proves(session, renewed.id(), encryption.getSubjectPublicKeyInfo()));
            assertTrue(EncryptionKeyCheck.proves(session, old.id(), spki(key.firstEncryption)),
                    "the old encryption key still opens what was sealed to the old certificate");
            assertOpenSslAccepts(journal, List.of(signing, encryption), session, renewed.id());
        }
        assertEquals(key.first.sha256, sha256(old.signing()), "the old signing certificate stays");
        assertEquals(key.firstEncryption.sha256, sha256(old.encryption()), "the old encryption certificate stays");
        assertTrue(RenewableCertificates.archived(old, identities), "the old container counts as archived");
        assertEquals(renewed.id(), RenewableCertificates.identityToRenew(identities).orElseThrow().id());
        ukey.sandbox.Renewal atTheCa = ca.renewal(journal.connectorState().get("api.renewalId")).orElseThrow();
        assertEquals(RenewalStatus.CONFIRMED, atTheCa.status);
        assertEquals("SM2", atTheCa.keyAlgorithm, "the start request said the key's algorithm");
    }

    /**
     * A CA whose directory does not list SM2 among the algorithms it renews online (it renews SM2 keys at its
     * counter): refused in words before the PIN, nothing sent, nothing made on the key.
     */
    @Test
    void aCaThatDoesNotRenewSm2OnlineIsRefusedBeforeThePin() throws Exception {
        plain(false);
        ca.updateSettings(s -> s.renewedAlgorithms = List.of("RSA-2048", "EC-P256"));
        try {
            RenewalEngine engine = key.engine();
            RenewalJournal begun = key.begin(engine, false);

            RenewalException refused = assertThrows(RenewalException.class,
                    () -> engine.run(begun, key.token(), person));

            assertEquals(RenewalError.CA, refused.error(), refused.toString());
            assertEquals("unsupported_algorithm", ((CaException) refused.getCause()).code());
            assertEquals(0, person.pinPrompts, "no PIN was asked");
            assertEquals(RenewalStep.FAILED, key.reload(begun).step());
            assertFalse(key.reload(begun).connectorState().containsKey("api.submitBody"), "nothing went to the CA");
            assertTrue(ca.renewals().stream().noneMatch(r -> r.certId.equals(key.first.certId)),
                    "the CA saw no renewal of it");
            ErrorMessage words = new ErrorPresenter(Language.ZH).present(refused);
            assertEquals("CA 不能在线更新这种密钥（SM2）", words.title());
            assertEquals(List.of("CA 的在线更新服务只接受：RSA-2048, EC-P256。"), words.causes());
            assertKeyAsItWas();
        } finally {
            ca.updateSettings(s -> s.renewedAlgorithms = null);
        }
    }

    @Test
    void asksForTheSmsCodeAndRenews() throws Exception {
        plain(true);
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, false), key.token(), person).step());
        assertEquals(1, person.problems.size(), "one code asked, none wrong");
        assertEquals(1, person.pinPrompts);
        assertEquals(2, key.token().identities().size());
    }

    /**
     * Each hostile envelope is refused: nothing of it stays on the key (the new container goes, also when the key
     * itself found the envelope unusable after the signing certificate was written), the CA hears of the refusal.
     */
    @ParameterizedTest
    @EnumSource(value = HostileEnvelope.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aHostileEnvelopeIsRefusedAndTheKeyStaysAsItWas(HostileEnvelope mode) throws Exception {
        plain(false);
        ca.hostileEnvelope(key.orderId, mode);
        RenewalEngine engine = key.engine();
        RenewalJournal begun = key.begin(engine, false);

        RenewalException refused = assertThrows(RenewalException.class,
                () -> engine.run(begun, key.token(), person));

        RenewalError expected = mode == HostileEnvelope.OTHER_SUBJECT ? RenewalError.ISSUED_SUBJECT_MISMATCH
                : RenewalError.ISSUED_ENCRYPTION;
        assertEquals(expected, refused.error(), refused.toString());
        RenewalJournal journal = key.reload(begun);
        assertEquals(RenewalStep.FAILED, journal.step());
        assertKeyAsItWas();
        String renewalId = journal.connectorState().get("api.renewalId");
        assertEquals(RenewalStatus.REJECTED, ca.renewal(renewalId).orElseThrow().status, "the CA was told");
    }

    /**
     * A key whose imported encryption key does not open what is sealed to its certificate (a faulty key: its SM4
     * answer differs) passes every check of the answer and is caught by the self-test: the new container goes, the
     * CA is told, the old identity is as it was.
     */
    @Test
    void anEncryptionKeyThatDoesNotOpenItsSealsFailsTheSelfTest() throws Exception {
        RenewalFixture.plainSandbox(ca, false, false);
        person = new RenewalFixture.Person(ca);
        MisansweringSkfApi faulty = MisansweringSkfApi.load();
        try (SkfProvider provider = faulty.provider()) {
            key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"), provider);
            RenewalEngine engine = key.engine();
            RenewalJournal begun = key.begin(engine, false);
            faulty.arm(true);

            RenewalException refused = assertThrows(RenewalException.class,
                    () -> engine.run(begun, key.token(), person));
            faulty.arm(false);

            assertEquals(RenewalError.ISSUED_ENCRYPTION, refused.error(), refused.toString());
            assertTrue(refused.getMessage().contains("does not open"), refused.getMessage());
            RenewalJournal journal = key.reload(begun);
            assertEquals(RenewalStep.FAILED, journal.step());
            assertEquals(RenewalStatus.REJECTED, ca.renewal(journal.connectorState().get("api.renewalId"))
                    .orElseThrow().status, "the CA was told");
            assertKeyAsItWas();
        }
    }

    /**
     * The signing certificates the sandbox can answer wrongly are refused for SM2 keys too, the key as it was (an
     * SM2 CA has no SHA-1 signature to make: that form is the RSA/EC tests').
     */
    @ParameterizedTest
    @EnumSource(value = HostileCertificate.class, names = {"NONE", "GARBAGE", "HUGE_ANSWER", "SHA1"},
            mode = EnumSource.Mode.EXCLUDE)
    void aHostileSigningCertificateIsRefusedAndTheKeyStaysAsItWas(HostileCertificate hostile) throws Exception {
        plain(false);
        ca.updateSettings(s -> s.faults.hostileCertificate = hostile);
        RenewalEngine engine = key.engine();
        RenewalJournal begun = key.begin(engine, false);

        RenewalException refused = assertThrows(RenewalException.class,
                () -> engine.run(begun, key.token(), person));

        assertTrue(refused.refusedIssued(), refused.toString());
        assertEquals(RenewalStep.FAILED, key.reload(begun).step());
        assertKeyAsItWas();
    }

    /**
     * Vendors differ on where the 32 encrypted private-key bytes sit in the blob's 64-byte field: the library's
     * setting (skf.envelope) says; the sandbox's KMC sends the 64-byte form for full64 keys. A setting that does not
     * match the key is refused by the key, and the renewal with it, the key as it was.
     */
    @ParameterizedTest(name = "key {0}, setting {1}")
    @CsvSource({"left, left", "full64, full64", "left, right"})
    void theEnvelopeLayoutIsTheLibrarysSetting(String onKey, String setting) throws Exception {
        RenewalFixture.plainSandbox(ca, false, false);
        person = new RenewalFixture.Person(ca);
        ca.updateSettings(s -> s.envelopePrivateKeyBytes = onKey.equals("full64") ? 64 : 32);
        try (SkfProvider library = SkfProvider.open(SoftSkf.get().library(),
                SkfOptions.defaults().withEnvelope(PrivateKeyLayout.parse(setting)))) {
            key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"), library, "envelope=" + onKey);
            RenewalEngine engine = key.engine();
            RenewalJournal begun = key.begin(engine, false);
            if (onKey.equals(setting)) {
                RenewalJournal done = engine.run(begun, key.token(), person);
                assertEquals(RenewalStep.DONE, done.step());
                Identity renewed = named(key.token().identities(), done.newKey());
                try (TokenSession session = key.token().login(SoftSkf.USER_PIN.toCharArray())) {
                    assertTrue(EncryptionKeyCheck.proves(session, renewed.id(),
                            holder(renewed.encryption()).getSubjectPublicKeyInfo()));
                }
            } else {
                RenewalException refused = assertThrows(RenewalException.class,
                        () -> engine.run(begun, key.token(), person));
                assertEquals(RenewalError.ISSUED_ENCRYPTION, refused.error(), refused.toString());
                assertKeyAsItWas();
            }
        } finally {
            ca.updateSettings(s -> s.envelopePrivateKeyBytes = 32);
        }
    }

    @Test
    void aFullKeyIsRefusedBeforeThePinByItsContainerLimit() throws Exception {
        RenewalFixture.plainSandbox(ca, false, false);
        person = new RenewalFixture.Person(ca);
        try (SkfProvider limited = SkfProvider.open(SoftSkf.get().library(),
                SkfOptions.defaults().withContainerLimit(1))) {
            key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"), limited, "max_containers=1");
            assertRefusedAsFull("SAR_REACH_MAX_CONTAINER_COUNT");
        }
    }

    @Test
    void aFullKeyIsRefusedBeforeThePinByItsFreeSpace() throws Exception {
        plain(false, "free_space=100000");
        long used = 100000 - key.token().room().freeBytes().orElseThrow();
        key.device.config("free_space=" + (used + 200));

        assertRefusedAsFull("SAR_NO_ROOM");
    }

    /** A key that reports room enough but refuses the last write: the new container goes, the CA is told. */
    @Test
    void aKeyThatFillsUpAfterTheAnswerLosesOnlyTheNewContainer() throws Exception {
        plain(false, "free_space=100000");
        long used = 100000 - key.token().room().freeBytes().orElseThrow();
        // room for the lower bound the preflight checks, not for a second identity's last certificate
        key.device.config("free_space=" + (2 * used - 50));
        RenewalEngine engine = key.engine();
        RenewalJournal begun = key.begin(engine, false);

        RenewalException full = assertThrows(RenewalException.class, () -> engine.run(begun, key.token(), person));

        assertEquals(RenewalError.TOKEN_FULL, full.error(), full.toString());
        assertEquals(1, person.pinPrompts, "it came to the PIN: the key looked roomy enough");
        assertEquals(RenewalStep.FAILED, key.reload(begun).step());
        assertKeyAsItWas();
    }

    private void assertRefusedAsFull(String reason) throws Exception {
        RenewalEngine engine = key.engine();
        RenewalJournal begun = key.begin(engine, false);

        RenewalException full = assertThrows(RenewalException.class, () -> engine.run(begun, key.token(), person));

        assertEquals(RenewalError.TOKEN_FULL, full.error());
        assertTrue(full.getMessage().contains(reason), full.getMessage());
        assertEquals(0, person.pinPrompts, "no PIN was asked");
        assertEquals(RenewalStep.FAILED, key.reload(begun).step(), "a later try begins afresh");
        assertFalse(key.reload(begun).connectorState().containsKey("api.submitBody"), "nothing went to the CA");
        assertKeyAsItWas();
    }

    /** One container, the old identity's, with both certificates, and its encryption key still opens. */
    private void assertKeyAsItWas() throws Exception {
        List<Identity> identities = key.token().identities();
        assertEquals(List.of(RenewalFixture.CONTAINER), identities.stream().map(Identity::name).toList());
        Identity old = identities.getFirst();
        assertEquals(key.first.sha256, sha256(old.signing()));
        assertEquals(key.firstEncryption.sha256, sha256(old.encryption()));
        try (TokenSession session = key.token().login(SoftSkf.USER_PIN.toCharArray())) {
            assertTrue(EncryptionKeyCheck.proves(session, old.id(), spki(key.firstEncryption)));
        }
    }

    /**
     * A second tool: OpenSSL 3 verifies the new signing certificate against the CA link by link (it applies
     * -vfyopt distid only to the certificate being verified), and a signature made on the key with the new key.
     */
    private static void assertOpenSslAccepts(RenewalJournal journal, List<X509CertificateHolder> renewed,
                                             TokenSession session, String id) throws Exception {
        Path dir = RenewalFixture.temp("openssl");
        Path issuing = pem(dir, "issuing.pem", journal.chain().get(0));
        Path root = pem(dir, "root.pem", journal.chain().get(1));
        assertEquals(issuing + ": OK", openssl("verify", "-CAfile", root.toString(), "-vfyopt", DISTID,
                issuing.toString()));
        for (X509CertificateHolder certificate : renewed) {
            Path leaf = pem(dir, "leaf-" + certificate.getSerialNumber() + ".pem",
                    Base64.getEncoder().encodeToString(certificate.getEncoded()));
            assertEquals(leaf + ": OK", openssl("verify", "-partial_chain", "-CAfile", issuing.toString(),
                    "-vfyopt", DISTID, leaf.toString()));
        }
        X509CertificateHolder signing = renewed.getFirst();

        byte[] message = new byte[100];
        new SecureRandom().nextBytes(message);
        ContentSigner signer = session.signer(id);
        signer.getOutputStream().write(message);
        Path data = Files.write(dir.resolve("message"), message);
        Path signature = Files.write(dir.resolve("message.sig"), signer.getSignature());
        Path publicKey = Files.writeString(dir.resolve("public.pem"),
                pemText("PUBLIC KEY", signing.getSubjectPublicKeyInfo().getEncoded()));
        assertEquals("Verified OK", openssl("dgst", "-sm3", "-verify", publicKey.toString(), "-sigopt", DISTID,
                "-signature", signature.toString(), data.toString()));
    }

    private static Path pem(Path dir, String name, String base64) throws Exception {
        return Files.writeString(dir.resolve(name), pemText("CERTIFICATE", Base64.getDecoder().decode(base64)),
                StandardCharsets.US_ASCII);
    }

    private static String pemText(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String openssl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return SoftSkf.get().run(command).strip();
    }

    static Identity named(List<Identity> identities, String name) {
        return identities.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no container " + name + " in " + identities));
    }

    static X509CertificateHolder holder(Optional<KeyHalf> half) throws Exception {
        return new X509CertificateHolder(half.orElseThrow().certificate().orElseThrow());
    }

    private static String sha256(Optional<KeyHalf> half) {
        return ukey.cert.Fingerprints.sha256(half.orElseThrow().certificate().orElseThrow());
    }

    static SubjectPublicKeyInfo spki(ukey.sandbox.CertRecord record) throws Exception {
        return SubjectPublicKeyInfo.getInstance(record.certificate().getPublicKey().getEncoded());
    }
}
