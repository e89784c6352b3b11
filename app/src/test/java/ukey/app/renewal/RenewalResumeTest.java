package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;

/**
 * The renewal stopped after every step — as a killed process stops it — and finished by a new engine that has
 * only the journal on disk. At every stop the key still holds a certificate whose key signs.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class RenewalResumeTest {

    private static SandboxCa ca;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("sandbox")).sms(true));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    /** What the hook throws to stop the engine the way a kill does: nothing after the journal write runs. */
    static final class Killed extends RuntimeException {
        Killed(RenewalStep step) {
            super("killed after " + step);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"STARTED", "DONE", "FAILED"}, mode = EnumSource.Mode.EXCLUDE)
    void resumesAfterTheProcessDiesAfterStep(RenewalStep killedAfter) throws Exception {
        RenewalFixture key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        RenewalEngine dying = key.engine(step -> {
            if (step == killedAfter) {
                throw new Killed(step);
            }
        });
        RenewalJournal journal = key.begin(dying, false);
        assertThrows(Killed.class, () -> dying.run(journal, key.token(), new RenewalFixture.Person(ca)));

        assertUsable(key.token());

        RenewalJournal onDisk = key.store.unfinished(journal.tokenSerial()).orElseThrow();
        assertEquals(killedAfter, onDisk.step());
        RenewalJournal finished = key.engine().run(onDisk, key.token(), new RenewalFixture.Person(ca));

        assertEquals(RenewalStep.DONE, finished.step());
        List<TokenCertificate> certificates = key.token().certificates();
        assertEquals(1, certificates.size(), "one renewed certificate, the old one retired: " + certificates);
        assertTrue(certificates.getFirst().info().orElseThrow().notAfter()
                .isAfter(key.first.notAfter.plusSeconds(86400 * 300)));
        assertEquals(1, ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count(),
                "the resumed renewal is the same renewal at the CA");
        assertUsable(key.token());
    }

    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"STARTED", "DONE", "FAILED"}, mode = EnumSource.Mode.EXCLUDE)
    void resumesAfterTheKeyIsPulledAfterStep(RenewalStep pulledAfter) throws Exception {
        RenewalFixture key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        RenewalEngine engine = key.engine(step -> {
            if (step == pulledAfter) {
                key.softHsm.pull(key.tokenLabel);
            }
        });
        RenewalJournal journal = key.begin(engine, false);
        Token token = key.token();

        RenewalException e = assertThrows(RenewalException.class,
                () -> engine.run(journal, token, new RenewalFixture.Person(ca)));
        assertEquals(RenewalError.TOKEN, e.error(), e.toString());
        assertTrue(((ukey.token.TokenException) e.getCause()).needsRescan(), "a pulled key means rescan");

        key.softHsm.insert(key.tokenLabel);
        assertUsable(key.token());
        RenewalJournal onDisk = key.store.unfinished(journal.tokenSerial()).orElseThrow();
        assertEquals(RenewalStep.DONE, key.engine().run(onDisk, key.token(), new RenewalFixture.Person(ca)).step());
        assertEquals(1, key.token().certificates().size());
        assertUsable(key.token());
    }

    /** Some certificate on the key has a private key that signs what the certificate verifies. */
    static void assertUsable(Token token) throws Exception {
        try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
            for (TokenCertificate certificate : token.certificates()) {
                if (!certificate.hasPrivateKey() || certificate.label().startsWith("已归档")) {
                    continue;
                }
                byte[] data = new byte[32];
                new SecureRandom().nextBytes(data);
                ContentSigner signer = session.signer(certificate.id());
                signer.getOutputStream().write(data);
                byte[] signature = signer.getSignature();
                ContentVerifier verifier = new JcaContentVerifierProviderBuilder()
                        .setProvider(new BouncyCastleProvider())
                        .build(new X509CertificateHolder(certificate.value())).get(signer.getAlgorithmIdentifier());
                verifier.getOutputStream().write(data);
                if (verifier.verify(signature)) {
                    return;
                }
            }
        }
        throw new AssertionError("no usable certificate and key on the token");
    }
}
