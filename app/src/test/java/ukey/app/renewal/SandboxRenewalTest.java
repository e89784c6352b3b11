package ukey.app.renewal;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.testing.DeleteTokensAfterwards;

/**
 * The frame of the engine's renewal tests: one sandbox CA over real HTTPS for the test class, a key made by each
 * test ({@link RenewalFixture}) and deleted afterwards, and the person in front of it.
 */
@ExtendWith(DeleteTokensAfterwards.class)
abstract class SandboxRenewalTest {

    static final List<String> SIGNING = List.of("digitalSignature", "nonRepudiation");

    static SandboxCa ca;
    RenewalFixture key;
    RenewalFixture.Person person;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("sandbox")));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    /** The sandbox as {@link RenewalFixture#plainSandbox} leaves it, and a person who answers from the outbox. */
    void plain(boolean sms, boolean seals) {
        RenewalFixture.plainSandbox(ca, sms, seals);
        person = new RenewalFixture.Person(ca);
    }
}
