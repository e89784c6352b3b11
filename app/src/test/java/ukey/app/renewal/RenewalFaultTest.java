package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import ukey.cert.CertificateInfo;
import ukey.token.KeySpec;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.TokenObject;
import ukey.token.testing.FaultShim;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;

/**
 * Renewals on a token whose PKCS#11 calls fail where a real key fails (the fault shim in front of SoftHSM): every
 * C_GenerateKeyPair, C_SetAttributeValue, C_CreateObject and C_DestroyObject call a renewal makes fails once, in
 * turn: unforwarded with CKR_DEVICE_REMOVED, unforwarded with CKR_DEVICE_ERROR, and done by the token but answered
 * with CKR_DEVICE_REMOVED (the answer lost). Each leaves a key that signs and a journal that the next run finishes
 * with exactly one new key pair (both halves under the SHA-1 of its public key) and the old key gone (signing only)
 * or archived (it can decrypt).
 *
 * <p>The calls are counted in a clean renewal first, so a new call in a step is covered without editing this
 * test; a key that decrypts is renewed as a signing-only one up to the confirmation, so only its retire's calls
 * fail. The cases share one key: each renews the certificate the case before it left (a fresh key only after a
 * case that did not finish), which keeps a case to one renewal and its resume.
 */
class RenewalFaultTest extends SandboxRenewalTest {

    private static final List<String> FUNCTIONS = List.of("C_GenerateKeyPair", "C_SetAttributeValue",
            "C_CreateObject", "C_DestroyObject");
    private static final List<String> DECRYPTING = List.of("digitalSignature", "keyAgreement");

    /** How a call fails. */
    private enum Fault {
        REMOVED("CKR_DEVICE_REMOVED", false),
        DEVICE_ERROR("CKR_DEVICE_ERROR", false),
        ANSWER_LOST("CKR_DEVICE_REMOVED", true);

        final String ckr;
        final boolean afterTheToken;

        Fault(String ckr, boolean afterTheToken) {
            this.ckr = ckr;
            this.afterTheToken = afterTheToken;
        }
    }

    private final FaultShim shim = FaultShim.get().reset();
    private List<String> keyUsage;
    /** How often a renewal without a fault had called each function when the CA had its confirmation. */
    private final Map<String, Long> callsAtConfirmation = new LinkedHashMap<>();
    /** The key of the next case is ready: the last renewal of {@link #key} finished. */
    private boolean ready;

    @BeforeEach
    void defaults() {
        plain(false, false);
        // one key renewed again and again: any time is in the window, and each renewal adds a day
        ca.updateSettings(s -> {
            s.windowDays = 3650;
            s.validityDays = 1;
        });
    }

    @AfterEach
    void noRules() {
        shim.reset();
    }

    @TestFactory
    Stream<DynamicTest> aSigningOnlyKeyIsRenewedAndTheOldOneRemoved() throws Exception {
        return everyCallFailingOnce(SIGNING, false);
    }

    /** Up to the confirmation a key that decrypts is renewed as a signing-only one: its retire's calls alone. */
    @TestFactory
    Stream<DynamicTest> aKeyThatDecryptsIsRenewedAndTheOldOneArchived() throws Exception {
        return everyCallFailingOnce(DECRYPTING, true);
    }

    private Stream<DynamicTest> everyCallFailingOnce(List<String> usage, boolean retireOnly) throws Exception {
        keyUsage = usage;
        Map<String, Long> calls = renew(null, null, 0);
        assertEquals(1, calls.get("C_GenerateKeyPair"), "one new key pair: " + calls);
        assertEquals(1, calls.get("C_CreateObject"), "one certificate written: " + calls);
        Map<String, Long> skipped = retireOnly ? Map.copyOf(callsAtConfirmation) : Map.of();
        List<DynamicTest> cases = new ArrayList<>();
        calls.forEach((function, count) -> {
            for (long nth = skipped.getOrDefault(function, 0L) + 1; nth <= count; nth++) {
                for (Fault fault : Fault.values()) {
                    int call = Math.toIntExact(nth);
                    cases.add(DynamicTest.dynamicTest(function + " #" + nth + " " + fault,
                            () -> renew(fault, function, call)));
                }
            }
        });
        assertFalse(cases.isEmpty(), "calls to fail: " + calls + " from " + skipped);
        return cases.stream();
    }

    /**
     * A pair split by a failed ID change (the public half under its final ID, the private one under the temporary
     * one) is found whole by 放弃更新, which removes both halves and leaves the token as it was.
     */
    @Test
    void aPairSplitByAFailedIdChangeIsRemovedWholeByAbandon() throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
        Token token = shim.token(key.tokenLabel);
        Before before = Before.on(token, current(token));
        RenewalJournal journal = key.engine().begin(token, current(token), false, "api", ca.url().toString());
        shim.reset().fail("C_SetAttributeValue", 2, "CKR_DEVICE_REMOVED");
        assertThrows(RenewalException.class, () -> key.engine().run(journal, token, person));
        shim.reset();

        RenewalAbandon.Outcome outcome = new RenewalAbandon(key.store, Optional.empty(), Clock.systemUTC())
                .abandon(key.reload(journal), shim.token(key.tokenLabel), person);

        assertEquals(2, outcome.keyObjectsRemoved(), outcome.toString());
        assertEquals(before.names(), Before.on(shim.token(key.tokenLabel), before.old()).names(), "as it was");
    }

    /**
     * Renews the key's current certificate with this call failing once, then resumes it.
     *
     * @return how often the renewal called each of {@link #FUNCTIONS} (without a fault)
     */
    private Map<String, Long> renew(Fault fault, String function, int nth) throws Exception {
        if (!ready) {
            key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, keyUsage, 20, true);
        }
        ready = false;
        Token token = shim.token(key.tokenLabel);
        TokenCertificate old = current(token);
        Before before = Before.on(token, old);
        RenewalJournal journal = key.engine().begin(token, old, false, "api", ca.url().toString());
        shim.reset();
        if (fault != null) {
            if (fault.afterTheToken) {
                shim.failAfter(function, nth, fault.ckr);
            } else {
                shim.fail(function, nth, fault.ckr);
            }
            RenewalException failed = assertThrows(RenewalException.class,
                    () -> key.engine().run(journal, token, person));
            assertEquals(RenewalError.TOKEN, failed.error(), failed.toString());
            assertEquals(nth, shim.calls(function), "the run stopped at the failed call");
            RenewalStep stopped = key.reload(journal).step();
            assertFalse(stopped.finished(), "a journal to resume, not " + stopped);
            assertTrue(signsAndVerifies(shim.token(key.tokenLabel)), "a key that works after the failure");
            shim.reset();
        }
        Token again = shim.token(key.tokenLabel);
        RenewalEngine resumed = key.engine(step -> {
            if (step == RenewalStep.CONFIRMED && fault == null) {
                FUNCTIONS.forEach(f -> callsAtConfirmation.put(f, shim.calls(f)));
            }
        });
        assertEquals(RenewalStep.DONE, resumed.run(key.reload(journal), again, person).step());
        Map<String, Long> calls = new LinkedHashMap<>();
        FUNCTIONS.forEach(f -> calls.put(f, shim.calls(f)));

        before.renewedOnce(again, RenewableCertificates.canDecrypt(new X509CertificateHolder(old.value())));
        assertTrue(signsAndVerifies(again), "the renewed key works");
        String serial = current(again).info().orElseThrow().serialHex();
        ca.approveOrder(ca.createOrder(serial, false).id);
        ready = true;
        return calls;
    }

    /** What was on the token before a renewal: its certificates and key objects, and the old certificate. */
    private record Before(List<TokenCertificate> certificates, List<TokenObject> keys, TokenCertificate old) {

        static Before on(Token token, TokenCertificate old) throws Exception {
            try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
                return new Before(token.certificates(), keyObjects(session), old);
            }
        }

        /** Every certificate and key object by kind, ID and label. */
        List<String> names() {
            return Stream.concat(certificates.stream().map(c -> "certificate " + c.idHex() + " " + c.label()),
                    keys.stream().map(k -> k.kind() + " " + k.idHex() + " " + k.label())).sorted().toList();
        }

        private static List<TokenObject> keyObjects(ObjectSession session) throws TokenException {
            return session.objects().stream().filter(o -> o.kind() != ObjectKind.CERTIFICATE).toList();
        }

        /**
         * One new key pair under the new certificate's ID (the SHA-1 of its public key) and nothing else new; the old
         * key gone with its certificate, or kept with it under the archived label.
         */
        void renewedOnce(Token token, boolean oldDecrypts) throws Exception {
            CertificateInfo oldInfo = old.info().orElseThrow();
            TokenCertificate renewed = current(token);
            SubjectPublicKeyInfo newKey = renewed.info().orElseThrow().publicKey();
            assertNotEquals(oldInfo.publicKey(), newKey, "a new key");
            assertTrue(renewed.info().orElseThrow().notAfter().isAfter(oldInfo.notAfter()));
            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(newKey.getPublicKeyData().getBytes()),
                    renewed.id(), "the new pair's ID: the SHA-1 of its public key, by convention");
            int kept = oldDecrypts ? 1 : 0;
            assertEquals(certificates.size() + kept, token.certificates().size(), "certificates on the key");
            try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
                assertEquals(keys.size() + 2 * kept, keyObjects(session).size(), "key objects on the key");
                List<ObjectSession.KeyObject> pair = session.keyObjects(renewed.id(), List.of(newKey));
                assertEquals(2, pair.size(), "the new pair's two halves under one ID: " + pair);
                pair.forEach(half -> assertEquals(newKey, half.publicKey().orElseThrow(), half.toString()));
                List<ObjectSession.KeyObject> oldPair = session.keyObjects(old.id(), List.of(oldInfo.publicKey()))
                        .stream().filter(o -> o.publicKey().filter(oldInfo.publicKey()::equals).isPresent()).toList();
                assertEquals(2 * kept, oldPair.size(), "the old key's halves: " + oldPair);
                String archived = RenewableCertificates.archivedLabel(RenewalFixture.LABEL);
                oldPair.forEach(half -> assertEquals(archived, half.label()));
                boolean oldCertificateKept = token.certificates().stream()
                        .anyMatch(c -> c.label().equals(archived) && c.info().orElseThrow().sha256()
                                .equals(oldInfo.sha256()));
                assertEquals(oldDecrypts, oldCertificateKept, "the old certificate kept, archived");
            }
        }
    }

    /** Some certificate on the key verifies what its private key signs: the key can still be used. */
    private static boolean signsAndVerifies(Token token) throws Exception {
        byte[] data = new byte[32];
        new SecureRandom().nextBytes(data);
        try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
            for (TokenCertificate certificate : token.certificates()) {
                ContentSigner signer;
                try {
                    signer = session.signer(certificate.id());
                } catch (TokenException noKey) {
                    continue; // this certificate's key is gone (retired, or never there)
                }
                signer.getOutputStream().write(data);
                byte[] signature = signer.getSignature();
                ContentVerifier verifier = new JcaContentVerifierProviderBuilder().setProvider(TestCertificates.BC)
                        .build(new X509CertificateHolder(certificate.value())).get(signer.getAlgorithmIdentifier());
                verifier.getOutputStream().write(data);
                if (verifier.verify(signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static TokenCertificate current(Token token) throws Exception {
        return token.certificates().stream().filter(c -> c.label().equals(RenewalFixture.LABEL)).findFirst()
                .orElseThrow();
    }
}
