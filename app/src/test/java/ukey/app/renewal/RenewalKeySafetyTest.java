package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ukey.sandbox.CertRecord;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectSession;
import ukey.token.TokenCertificate;
import ukey.token.testing.SoftHsm;

/**
 * What a renewal must never destroy: a journal acts only on the key it was written for, and the old key is
 * retired by its identity (its public key), never by its CKA_ID alone.
 */
class RenewalKeySafetyTest extends SandboxRenewalTest {

    @BeforeEach
    void defaults() {
        plain(false, false);
    }

    /**
     * A second key pair that shares the old key's CKA_ID (tokens of some vendors reuse IDs) is another key: the
     * renewal retires the old signing key and leaves both halves of the other pair.
     */
    @Test
    void aKeyPairSharingTheOldIdButNotItsKeySurvivesTheRetire() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
        TokenCertificate old = key.current();
        byte[] otherKey;
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            otherKey = session.generateKeyPair(KeySpec.EC_P256, KeyUse.SIGN, old.id(), "另一对密钥").publicKey()
                    .getEncoded();
        }
        RenewalEngine engine = key.engine();

        assertEquals(RenewalStep.DONE, engine.run(key.begin(engine, false), key.token(), person).step());

        List<String> left = objects(old.idHex());
        assertEquals(List.of("PRIVATE_KEY 另一对密钥", "PUBLIC_KEY 另一对密钥"), left,
                "the old signing key is gone, the other pair under its ID is whole");
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            assertEquals(HexFormat.of().formatHex(otherKey), HexFormat.of().formatHex(
                    session.publicKey(old.id()).getEncoded()));
            session.signer(old.id()); // its private key still signs
        }
    }

    /** A key that another certificate on the token can decrypt with stays, even when the renewed one only signed. */
    @Test
    void aKeyThatAnotherDecryptingCertificateUsesIsKept() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.RSA_2048, SIGNING, 20, true);
        TokenCertificate old = key.current();
        CertRecord encryption = ca.issue(X509Holders.of(old).getSubjectPublicKeyInfo(), RenewalFixture.SUBJECT,
                Instant.now().minusSeconds(86400), 700, List.of("keyEncipherment"));
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            session.writeCertificate(old.id(), "加密证书", new X509CertificateHolder(
                    encryption.certificate().getEncoded()));
        }
        RenewalEngine engine = key.engine();

        RenewalJournal journal = engine.begin(key.token(), old, false, "api", ca.url().toString());
        assertEquals(RenewalStep.DONE, engine.run(journal, key.token(), person).step());

        List<String> left = objects(old.idHex());
        assertEquals(List.of("CERTIFICATE 加密证书", "PRIVATE_KEY " + RenewalFixture.LABEL,
                "PUBLIC_KEY " + RenewalFixture.LABEL), left, "only the renewed signing certificate went");
    }

    /**
     * A journal that names another key's ID for the old certificate (edited, or left from another token) is refused
     * before anything is written or destroyed.
     */
    @Test
    void aJournalNamingAnotherKeysIdIsRefusedWithNothingDestroyed() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
        byte[] otherId = {0x42};
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            session.generateKeyPair(KeySpec.EC_P256, KeyUse.SIGN, otherId, "另一对密钥");
        }
        RenewalEngine engine = key.engine();
        RenewalJournal begun = key.begin(engine, false);
        // as far as the confirmation, naming key 42 as the old key: the retire would destroy it
        RenewalJournal forged = Journals.withCurrentKey(begun, "42").movedTo(RenewalStep.CONFIRMED, Instant.now());
        List<String> before = objects(null);

        RenewalException refused = assertThrows(RenewalException.class,
                () -> engine.run(forged, key.token(), person));

        assertEquals(RenewalError.JOURNAL_MISMATCH, refused.error());
        assertTrue(refused.getMessage().contains("42"), refused.getMessage());
        assertEquals(before, objects(null), "nothing destroyed");
        assertEquals(0, person.pinPrompts, "refused before the PIN was asked");

        RenewalJournal atStart = Journals.withCurrentKey(begun, "42");
        assertEquals(RenewalError.JOURNAL_MISMATCH, assertThrows(RenewalException.class,
                () -> engine.run(atStart, key.token(), person)).error());
        assertEquals(before, objects(null));
    }

    /** A journal for another token (another serial) is refused, whatever it says. */
    @Test
    void aJournalOfAnotherTokenIsRefused() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
        RenewalFixture other = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20,
                true);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = key.begin(engine, false);
        List<String> before = objects(null);

        RenewalException refused = assertThrows(RenewalException.class,
                () -> engine.run(journal, other.token(), person));

        assertEquals(RenewalError.JOURNAL_MISMATCH, refused.error());
        assertEquals(before, objects(null));
    }

    /** The objects on the key (with this ID, or all), as "KIND label", sorted. */
    private List<String> objects(String idHex) throws Exception {
        try (ObjectSession session = ObjectSession.of(key.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            return session.objects().stream().filter(o -> idHex == null || o.idHex().equals(idHex))
                    .map(o -> o.kind() + " " + o.label()
                            + (idHex == null ? " " + o.idHex() : "")).sorted().toList();
        }
    }

    /** Parsing helpers for the token's certificates. */
    static final class X509Holders {
        static X509CertificateHolder of(TokenCertificate certificate) throws Exception {
            return new X509CertificateHolder(certificate.value());
        }
    }

    /** Journals as a hand or a bug might leave them. */
    static final class Journals {
        static RenewalJournal withCurrentKey(RenewalJournal j, String currentKey) {
            return new RenewalJournal(j.format(), j.id(), j.tokenSerial(), j.tokenLabel(), j.library(),
                    j.currentCertificate(), currentKey, j.currentLabel(), j.repair(), j.sameKey(), j.keySpec(),
                    j.connector(), j.caUrl(), j.idempotencyKey(), j.step(), j.newKeyLabel(), j.newKey(),
                    j.issuedCertificate(), j.chain(), j.connectorState(), j.sealsExtended(), j.failureCode(),
                    j.failureDetail(), j.created(), j.updated(), j.history(), j.backend(), j.issuedEncryption(),
                    j.envelope());
        }
    }
}
