package ukey.token.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.KeySpec;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenObject;

/** The PKCS#11 fault shim through the token layer: forwards, fails the calls it is told to, reports flags. */
@ExtendWith(DeleteTokensAfterwards.class)
class FaultShimTest {

    private final SoftHsm softHsm = SoftHsm.get();
    private final FaultShim shim = FaultShim.get().reset();

    @AfterEach
    void reset() {
        shim.reset();
    }

    private static char[] pin() {
        return SoftHsm.USER_PIN.toCharArray();
    }

    @Test
    void forwardsEverythingToSoftHsmAndCounts() throws Exception {
        String label = softHsm.createToken("shim-forward");
        Token token = shim.token(label);
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            byte[] id = session.generateKeyPair(KeySpec.EC_P256, new byte[] {7}, "through the shim").id();
            assertEquals(2, session.objects().size());
            assertEquals(7, id[0]);
        }
        assertTrue(token.info().label().equals(label));
        assertEquals(1, shim.calls("C_Login"));
        assertEquals(1, shim.calls("C_GenerateKeyPair"));
        // the plain SoftHSM sees what went through the shim
        assertTrue(softHsm.pkcs11Tool(label, "--list-objects").contains("through the shim"));
    }

    @Test
    void failsTheNthCallWithTheCodeItIsGiven() throws Exception {
        String label = softHsm.createToken("shim-nth");
        Token token = shim.token(label);
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            session.generateKeyPair(KeySpec.EC_P256, new byte[] {1}, "a");
            session.generateKeyPair(KeySpec.EC_P256, new byte[] {2}, "b");
            shim.fail("C_DestroyObject", 2, "CKR_DEVICE_REMOVED");

            assertEquals(1, session.destroy(ObjectKind.PRIVATE_KEY, new byte[] {1}), "the first destroy goes through");
            TokenException e = assertThrows(TokenException.class,
                    () -> session.destroy(ObjectKind.PRIVATE_KEY, new byte[] {2}));
            assertEquals(TokenError.TOKEN_REMOVED, e.error());
            assertEquals("CKR_DEVICE_REMOVED", e.ckrName().orElseThrow());
            List<TokenObject> left = session.objects();
            assertTrue(left.stream().anyMatch(o -> o.kind() == ObjectKind.PRIVATE_KEY && o.id()[0] == 2),
                    "the failed destroy never reached SoftHSM");
            assertEquals(1, session.destroy(ObjectKind.PRIVATE_KEY, new byte[] {2}), "only the 2nd call failed");
            assertEquals(3, shim.calls("C_DestroyObject"));
        }
    }

    @Test
    void failAfterLetsSoftHsmDoTheCallAndThenReportsTheFault() throws Exception {
        String label = softHsm.createToken("shim-after");
        Token token = shim.token(label);
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            session.generateKeyPair(KeySpec.EC_P256, new byte[] {1}, "old");
            shim.failAfter("C_SetAttributeValue", 1, "CKR_DEVICE_REMOVED");
            assertThrows(TokenException.class, () -> session.setLabel(ObjectKind.PRIVATE_KEY, new byte[] {1}, "new"));
            shim.reset();
            assertTrue(session.objects().stream()
                    .anyMatch(o -> o.kind() == ObjectKind.PRIVATE_KEY && o.label().equals("new")));
        }
    }

    @Test
    void reportsPinFlagsForTheTokenItNames() throws Exception {
        String label = softHsm.createToken("shim-flags");
        String other = softHsm.createToken("shim-other");
        shim.tokenFlags(label, "+CKF_USER_PIN_FINAL_TRY", "+CKF_USER_PIN_COUNT_LOW", "+CKF_SO_PIN_LOCKED");

        PinState user = shim.token(label).info().userPin();
        assertTrue(user.finalTry() && user.countLow() && !user.locked());
        assertTrue(shim.token(label).info().soPin().locked());
        assertFalse(shim.token(other).info().userPin().finalTry(), "another token keeps its flags");
        assertFalse(softHsm.token(label).info().userPin().finalTry(), "SoftHSM itself is unchanged");

        shim.reset();
        assertFalse(shim.token(label).info().userPin().finalTry());
    }
}
