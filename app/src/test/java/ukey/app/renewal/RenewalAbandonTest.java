package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ukey.sandbox.OrderStatus;
import ukey.sandbox.Renewal;
import ukey.sandbox.RenewalStatus;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.TokenCertificate;
import ukey.token.testing.SoftHsm;

/** 放弃更新: a stuck renewal is given up without costing a key, and the CA hears of it. */
class RenewalAbandonTest extends SandboxRenewalTest {

    @BeforeEach
    void defaults() throws Exception {
        plain(true, false);
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
    }

    @Test
    void givingUpAtTheSmsCodeRemovesTheNewKeyAndTellsTheCa() throws Exception {
        TokenCertificate old = key.current();
        List<String> before = objects();
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);
        person.answers.add(new RenewalInteraction.ChallengeAnswer.Cancel()); // the person walks away
        assertEquals(RenewalError.CANCELLED, assertThrows(RenewalException.class,
                () -> engine.run(journal, key.token(), person)).error());
        assertEquals(RenewalStep.SUBMITTED, key.reload(journal).step());
        assertTrue(objects().size() > before.size(), "a new key pair was made");

        RenewalAbandon.Outcome outcome = new RenewalAbandon(key.store, Optional.of(key.connector()),
                Clock.systemUTC()).abandon(key.reload(journal), key.token(), person);

        assertEquals(2, outcome.keyObjectsRemoved());
        assertTrue(outcome.caTold());
        assertEquals(before, objects(), "the token as it was before the renewal");
        assertArrayEquals(old.value(), key.current().value());
        assertTrue(key.store.load(journal.id()).isEmpty(), "the journal is gone");
        Renewal atCa = ca.renewals().stream().filter(r -> key.first.certId.equals(r.certId)).findFirst()
                .orElseThrow();
        assertEquals(RenewalStatus.ABANDONED, atCa.status);
        assertEquals(OrderStatus.APPROVED, ca.order(atCa.orderId).orElseThrow().status, "the order can be used again");

        RenewalEngine again = key.engine();
        assertEquals(RenewalStep.DONE, again.run(key.begin(again, false), key.token(), person).step());
    }

    @Test
    void onceTheNewCertificateIsOnTheKeyNothingIsRemoved() throws Exception {
        ca.updateSettings(s -> s.sms = false);
        RenewalEngine engine = key.engine(step -> {
            if (step == RenewalStep.WRITTEN) {
                throw new IllegalStateException("the process dies here");
            }
        });
        RenewalJournal journal = key.begin(engine, false);
        assertThrows(IllegalStateException.class, () -> engine.run(journal, key.token(), person));
        List<String> written = objects();

        RenewalAbandon.Outcome outcome = new RenewalAbandon(key.store, Optional.of(key.connector()),
                Clock.systemUTC()).abandon(key.reload(journal), key.token(), person);

        assertEquals(0, outcome.keyObjectsRemoved());
        assertFalse(outcome.caTold(), "the certificate is on the key: the CA must not revoke it");
        assertEquals(written, objects(), "the old and the new certificate and keys all stay");
        assertTrue(key.store.load(journal.id()).isEmpty());
    }

    private List<String> objects() throws Exception {
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            return session.objects().stream().map(o -> o.kind() + " " + o.idHex() + " " + o.label()).sorted().toList();
        }
    }
}
