package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ukey.token.KeySpec;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.testing.FaultShim;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;

/**
 * Renewals on a token whose PKCS#11 calls fail where a real key fails (the fault shim in front of SoftHSM): the
 * key pulled while the certificate is written, the second destroy of the retire lost, a label or ID that cannot be
 * set. Each ends with a key that signs and a journal that the next run finishes.
 */
class RenewalFaultTest extends SandboxRenewalTest {

    private final FaultShim shim = FaultShim.get().reset();

    @BeforeEach
    void defaults() throws Exception {
        plain(false, false);
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
    }

    @AfterEach
    void noRules() {
        shim.reset();
    }

    /**
     * @param function the PKCS#11 call that fails
     * @param nth      which call of it (from the start of the renewal)
     * @param stopped  the step the journal shows after the failure
     */
    @ParameterizedTest(name = "{0} #{1} → {2}")
    @CsvSource({
            "C_CreateObject, 1, CKR_DEVICE_REMOVED, VALIDATED", // the certificate is being written
            "C_DestroyObject, 2, CKR_DEVICE_REMOVED, CONFIRMED", // the old key's second object
            "C_SetAttributeValue, 1, CKR_DEVICE_ERROR, KEY_PAIR", // the new pair's ID
            "C_SetAttributeValue, 3, CKR_DEVICE_ERROR, VALIDATED"}) // the new pair's label
    void aFailedCallLeavesAUsableKeyAndTheNextRunFinishes(String function, int nth, String ckr, RenewalStep stopped)
            throws Exception {
        Token token = shim.token(key.tokenLabel);
        RenewalEngine engine = key.engine();
        RenewalJournal journal = engine.begin(token, current(token), false, "api", ca.url().toString());
        shim.fail(function, nth, ckr);

        RenewalException failed = assertThrows(RenewalException.class, () -> engine.run(journal, token, person));

        assertEquals(RenewalError.TOKEN, failed.error(), failed.toString());
        assertEquals(stopped, key.reload(journal).step());
        assertTrue(signsAndVerifies(shim.token(key.tokenLabel)), "a key that works after the failure");

        shim.reset();
        Token again = shim.token(key.tokenLabel);
        assertEquals(RenewalStep.DONE, key.engine().run(key.reload(journal), again, person).step());

        List<TokenCertificate> onKey = again.certificates();
        assertEquals(1, onKey.size(), "the renewed certificate alone: " + onKey);
        assertTrue(onKey.getFirst().info().orElseThrow().notAfter().isAfter(key.first.notAfter));
        assertTrue(signsAndVerifies(again), "the renewed key works");
    }

    private static TokenCertificate current(Token token) throws Exception {
        return token.certificates().stream().filter(c -> c.label().equals(RenewalFixture.LABEL)).findFirst()
                .orElseThrow();
    }

    /** Some certificate on the key verifies what its private key signs: the key can still be used. */
    private static boolean signsAndVerifies(Token token) throws Exception {
        byte[] data = new byte[32];
        new SecureRandom().nextBytes(data);
        try (TokenSession session = token.login(SoftHsm.USER_PIN.toCharArray())) {
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
}
