package ukey.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.FinalTry;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.FaultShim;
import ukey.token.testing.SoftHsm;

/**
 * The token layer's own PIN rules, on SoftHSM tokens through the fault shim (SoftHSM never reaches a final try):
 * the flags are read again just before a PIN is sent, the final try is spent only when confirmed, a locked PIN
 * is not sent, and "already logged in" never passes for a right PIN.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class PinGuardTest {

    private final SoftHsm softHsm = SoftHsm.get();
    private final FaultShim shim = FaultShim.get().reset();

    @AfterEach
    void reset() {
        shim.reset();
    }

    private static char[] pin(String pin) {
        return pin.toCharArray();
    }

    @Test
    void loginAtTheFinalTryIsRefusedUnconfirmedWithoutSendingThePin() throws Exception {
        String label = softHsm.createToken("final-login");
        Token token = shim.token(label);
        // the caller read the token before: one more wrong PIN elsewhere made this the final try since
        assertTrue(!token.info().userPin().finalTry());
        shim.tokenFlags(label, "+CKF_USER_PIN_COUNT_LOW", "+CKF_USER_PIN_FINAL_TRY");

        TokenException e = assertThrows(TokenException.class, () -> token.login(pin(SoftHsm.USER_PIN)));
        assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, e.error());
        assertTrue(e.pinState().orElseThrow().finalTry());
        assertEquals(0, shim.calls("C_Login"), "the PIN never went to the token");

        try (ObjectSession session = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN), FinalTry.CONFIRMED))) {
            assertEquals(0, session.objects().size());
        }
        assertEquals(1, shim.calls("C_Login"));
    }

    @Test
    void changePinAtTheFinalTryIsRefusedUnconfirmed() throws Exception {
        String label = softHsm.createToken("final-change");
        Token token = shim.token(label);
        shim.tokenFlags(label, "+CKF_USER_PIN_FINAL_TRY");

        TokenException e = assertThrows(TokenException.class,
                () -> token.changePin(pin(SoftHsm.USER_PIN), pin("24681357")));
        assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, e.error());
        assertEquals(0, shim.calls("C_SetPIN"));

        token.changePin(pin(SoftHsm.USER_PIN), pin("24681357"), FinalTry.CONFIRMED);
        shim.reset();
        token.login(pin("24681357")).close();
    }

    @Test
    void unblockAtTheSoPinsFinalTryIsRefusedUnconfirmed() throws Exception {
        String label = softHsm.createToken("final-unblock");
        Token token = shim.token(label);
        // the user PIN's flags do not matter here: it is the SO PIN that is spent
        shim.tokenFlags(label, "+CKF_SO_PIN_FINAL_TRY", "+CKF_USER_PIN_LOCKED");

        TokenException e = assertThrows(TokenException.class,
                () -> token.unblockPin(pin(SoftHsm.SO_PIN), pin("13572468")));
        assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, e.error());
        assertTrue(e.pinState().orElseThrow().finalTry());
        assertEquals(0, shim.calls("C_Login"));
        assertEquals(0, shim.calls("C_InitPIN"));

        token.unblockPin(pin(SoftHsm.SO_PIN), pin("13572468"), FinalTry.CONFIRMED);
        shim.reset();
        token.login(pin("13572468")).close();
    }

    @Test
    void aLockedPinIsNotSentEvenConfirmed() throws Exception {
        String label = softHsm.createToken("locked");
        Token token = shim.token(label);
        shim.tokenFlags(label, "+CKF_USER_PIN_LOCKED");

        TokenException e = assertThrows(TokenException.class,
                () -> token.login(pin(SoftHsm.USER_PIN), FinalTry.CONFIRMED));
        assertEquals(TokenError.PIN_LOCKED, e.error());
        assertEquals(0, shim.calls("C_Login"));
    }

    @Test
    void alreadyLoggedInFromTheLibraryIsNotTakenForARightPin() throws Exception {
        String label = softHsm.createToken("already");
        Token token = shim.token(label);
        // a library that answers "already logged in" without a login of ours: the PIN is sent again and checked
        shim.fail("C_Login", 1, "CKR_USER_ALREADY_LOGGED_IN");
        TokenException e = assertThrows(TokenException.class, () -> token.login(pin("00000000")));
        assertEquals(TokenError.PIN_INCORRECT, e.error());
        assertEquals(2, shim.calls("C_Login"));

        shim.reset().fail("C_Login", 1, "CKR_USER_ALREADY_LOGGED_IN");
        token.login(pin(SoftHsm.USER_PIN)).close();
        assertEquals(2, shim.calls("C_Login"));
    }

    @Test
    void aSecondLoginWhileTheFirstHoldsTheTokenDoesNotPassAWrongPin() throws Exception {
        String label = softHsm.createToken("held");
        Token token = softHsm.token(label);
        try (ObjectSession first = ObjectSession.of(token.login(pin(SoftHsm.USER_PIN)))) {
            TokenException e = assertThrows(TokenException.class, () -> token.login(pin("00000000")));
            assertEquals(TokenError.LOGIN_REQUIRED, e.error());
            assertEquals("CKR_USER_ALREADY_LOGGED_IN", e.ckrName().orElseThrow());
            assertEquals(0, first.objects().size(), "the first session is still logged in");
        }
        assertEquals(TokenError.PIN_INCORRECT,
                assertThrows(TokenException.class, () -> token.login(pin("00000000"))).error());
    }
}
