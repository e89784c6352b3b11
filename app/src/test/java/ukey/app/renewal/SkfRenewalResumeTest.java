package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.sandbox.Faults;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.Identity;
import ukey.token.TokenSession;
import ukey.token.skf.SkfProvider;
import ukey.token.sm2.EncryptionKeyCheck;
import ukey.token.testing.SoftSkf;

/**
 * SM2 renewals on softskf cut short at every step and at every write to the key — a killed process, a pulled key
 * (its device folder moved away and back), the network gone for longer than the retries — and finished by a new
 * engine that has only the journal on disk. At every stop the old container signs and its encryption key opens;
 * at the end there is one renewal at the CA and the new container holds both new certificates.
 */
class SkfRenewalResumeTest {

    private static SandboxCa ca;
    private static PullingSkfApi plug;
    private static SkfProvider pullable;
    private RenewalFixture key;

    @BeforeAll
    static void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("sm2-sandbox"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2).sms(true));
        plug = PullingSkfApi.load();
        pullable = plug.provider();
    }

    @AfterAll
    static void stop() {
        pullable.close();
        ca.close();
    }

    @BeforeEach
    void key() throws Exception {
        plug.disarm();
        ca.setFaults(new Faults());
        key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"), pullable);
    }

    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"STARTED", "DONE", "FAILED"}, mode = EnumSource.Mode.EXCLUDE)
    void resumesAfterTheProcessDiesAfterStep(RenewalStep killedAfter) throws Exception {
        RenewalEngine dying = key.engine(step -> {
            if (step == killedAfter) {
                throw new RenewalResumeTest.Killed(step);
            }
        });
        RenewalJournal journal = key.begin(dying, false);
        assertThrows(RenewalResumeTest.Killed.class, () -> dying.run(journal, key.token(), person()));

        assertOldIdentityWorks();
        assertEquals(killedAfter, key.reload(journal).step());
        finish(journal);
    }

    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"STARTED", "DONE", "FAILED"}, mode = EnumSource.Mode.EXCLUDE)
    void resumesAfterTheKeyIsPulledAfterStep(RenewalStep pulledAfter) throws Exception {
        RenewalEngine engine = key.engine(step -> {
            if (step == pulledAfter) {
                key.device.pull();
            }
        });
        RenewalJournal journal = key.begin(engine, false);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person()));
        assertEquals(RenewalError.TOKEN, e.error(), e.toString());

        key.device.insert();
        assertOldIdentityWorks();
        finish(journal);
    }

    /**
     * The key pulled just before or just after one write of the renewal (SKF calls counted from the start of the
     * renewal): between making the container and its key pair, between the two certificates and the import.
     */
    @ParameterizedTest(name = "{0} #{1}, after: {2}")
    @CsvSource({
            "createContainer, 1, true", // an empty container with the renewal's name is left
            "genEccKeyPair, 1, false",
            "genEccKeyPair, 1, true",
            "importCertificate, 1, false", // the signing certificate
            "importCertificate, 1, true",
            "importEccKeyPair, 1, false",
            "importEccKeyPair, 1, true",
            "importCertificate, 2, false", // the encryption certificate
            "importCertificate, 2, true",
            "importSessionKey, 1, false"}) // the self-test of the encryption key
    void resumesAfterTheKeyIsPulledAtAWrite(String function, int nth, boolean after) throws Exception {
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);
        plug.arm(function, nth, after, key.device::pull);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person()));
        assertEquals(RenewalError.TOKEN, e.error(), e.toString());
        assertFalse(key.reload(journal).step().finished(), "a pulled key is resumed, not refused");

        key.device.insert();
        assertOldIdentityWorks();
        finish(journal);
    }

    /**
     * The CA out of reach for longer than the retries at each kind of call, before the request reached it or after
     * it was done (its answer lost): the run stops with the journal kept, and the next one, with the same
     * idempotency keys, makes one renewal of it.
     */
    @ParameterizedTest(name = "{0}, lost after: {1}")
    @CsvSource({
            "GET /v1/certificates/.*, false",
            "POST /v1/renewals$, false",
            "POST /v1/renewals$, true",
            "POST /v1/renewals/[^/]+/challenges/.*, true",
            "GET /v1/renewals/[^/]+$, false",
            "GET /v1/renewals/[^/]+/certificate, false",
            "POST /v1/renewals/[^/]+/confirm, true",
            "POST /v1/seals/.*, false"})
    void resumesAfterTheNetworkIsGoneAtACall(String request, boolean afterDone) throws Exception {
        Faults faults = new Faults();
        faults.match = request;
        if (afterDone) {
            faults.dropAfter = 10;
        } else {
            faults.dropBefore = 10;
        }
        ca.setFaults(faults);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);

        RenewalException e = assertThrows(RenewalException.class, () -> engine.run(journal, key.token(), person()));
        assertEquals(RenewalError.CA, e.error(), e.toString());

        ca.setFaults(new Faults());
        assertOldIdentityWorks();
        finish(journal);
    }

    private RenewalFixture.Person person() {
        return new RenewalFixture.Person(ca);
    }

    /** A new engine finishes the journal on disk: both new certificates in the new container, one renewal. */
    private void finish(RenewalJournal journal) throws Exception {
        RenewalJournal onDisk = key.store.unfinished(journal.tokenSerial()).orElseThrow();
        RenewalJournal done = key.engine().run(onDisk, key.token(), person());

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(1, done.sealsExtended().size(), "the old certificate's seal moved to the new one");
        List<Identity> identities = key.token().identities();
        assertEquals(2, identities.size(), "the old container and the new one: " + identities);
        Identity renewed = SkfRenewalTest.named(identities, done.newKey());
        X509CertificateHolder encryption = SkfRenewalTest.holder(renewed.encryption());
        assertTrue(SkfRenewalTest.holder(renewed.signing()).getNotAfter().toInstant().isAfter(key.first.notAfter));
        try (TokenSession session = key.token().login(SoftSkf.USER_PIN.toCharArray())) {
            assertTrue(EncryptionKeyCheck.proves(session, renewed.id(), encryption.getSubjectPublicKeyInfo()));
        }
        assertEquals(1, ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count(),
                "the resumed renewal is the same renewal at the CA");
        assertOldIdentityWorks();
    }

    /** The old container is whole: its signing key signs for its certificate, its encryption key opens. */
    private void assertOldIdentityWorks() throws Exception {
        Identity old = SkfRenewalTest.named(key.token().identities(), RenewalFixture.CONTAINER);
        try (TokenSession session = key.token().login(SoftSkf.USER_PIN.toCharArray())) {
            byte[] data = new byte[32];
            var signer = session.signer(old.id()); // verified against the key's public half on every signature
            signer.getOutputStream().write(data);
            assertTrue(ukey.cert.gm.Sm2.verify(SkfRenewalTest.holder(old.signing()).getSubjectPublicKeyInfo(), data,
                    signer.getSignature()), "the old signing key signs for its certificate");
            assertTrue(EncryptionKeyCheck.proves(session, old.id(), SkfRenewalTest.spki(key.firstEncryption)));
        }
    }
}
