package ukey.token.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ukey.token.FinalTry;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/** The simulated token must walk through the PIN states the way a real key does, or tests built on it lie. */
class SimulatedTokenTest {

    private final SimulatedToken token = new SimulatedToken("张三", "SIM0001", "123456", "87654321");

    @Test
    void wrongPinsLeadToCountLowThenFinalTryThenLocked() throws TokenException {
        assertEquals(new PinState(false, false, false, false, 6, 16), token.info().userPin());

        for (int wrong = 1; wrong <= 4; wrong++) {
            TokenException e = assertThrows(TokenException.class, () -> token.login("000000".toCharArray()));
            assertEquals(TokenError.PIN_INCORRECT, e.error());
            assertTrue(e.pinState().orElseThrow().countLow());
            assertFalse(e.pinState().orElseThrow().finalTry());
        }
        TokenException fifth = assertThrows(TokenException.class, () -> token.login("000000".toCharArray()));
        assertTrue(fifth.pinState().orElseThrow().finalTry(), "one try left after five wrong PINs of six");
        assertTrue(token.info().userPin().finalTry());

        TokenException unconfirmed = assertThrows(TokenException.class, () -> token.login("000000".toCharArray()));
        assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, unconfirmed.error(), "the last try only when confirmed");
        assertEquals(1, token.userTriesLeft());

        TokenException sixth = assertThrows(TokenException.class,
                () -> token.login("000000".toCharArray(), FinalTry.CONFIRMED));
        assertEquals(TokenError.PIN_INCORRECT, sixth.error());
        assertTrue(sixth.pinState().orElseThrow().locked());

        TokenException afterLock = assertThrows(TokenException.class,
                () -> token.login("123456".toCharArray(), FinalTry.CONFIRMED));
        assertEquals(TokenError.PIN_LOCKED, afterLock.error(), "a locked PIN refuses even the right PIN");
        assertTrue(token.info().userPin().locked());
    }

    @Test
    void rightPinResetsTheCount() throws TokenException {
        assertThrows(TokenException.class, () -> token.login("000000".toCharArray()));
        assertTrue(token.info().userPin().countLow());
        token.login("123456".toCharArray()).close();
        assertFalse(token.info().userPin().countLow());
        assertEquals(SimulatedToken.DEFAULT_TRIES, token.userTriesLeft());
    }

    @Test
    void soPinUnblocksALockedUserPin() throws TokenException {
        token.userTriesLeft(0);
        assertTrue(token.info().userPin().locked());

        TokenException wrongSo = assertThrows(TokenException.class,
                () -> token.unblockPin("11111111".toCharArray(), "24680135".toCharArray()));
        assertEquals(TokenError.PIN_INCORRECT, wrongSo.error());
        assertEquals(SimulatedToken.DEFAULT_TRIES - 1, token.soTriesLeft());
        assertTrue(token.info().soPin().countLow());

        token.unblockPin("87654321".toCharArray(), "24680135".toCharArray());
        assertFalse(token.info().userPin().locked());
        assertTrue(token.userPinIs("24680135"));
    }

    @Test
    void changePinChecksLengthAndClearsToBeChanged() throws TokenException {
        token.toBeChanged(true).pinLength(6, 8);
        TokenException expired = assertThrows(TokenException.class, () -> token.login("123456".toCharArray()));
        assertEquals(TokenError.PIN_EXPIRED, expired.error());

        TokenException tooLong = assertThrows(TokenException.class,
                () -> token.changePin("123456".toCharArray(), "123456789".toCharArray()));
        assertEquals(TokenError.PIN_LEN_RANGE, tooLong.error());
        assertTrue(token.userPinIs("123456"));

        char[] newPin = "246801".toCharArray();
        token.changePin("123456".toCharArray(), newPin);
        newPin[0] = 'x'; // the caller clears its array; the token must have kept its own copy
        assertTrue(token.userPinIs("246801"));
        assertFalse(token.info().userPin().toBeChanged());
    }

    @Test
    void removedTokenAnswersTokenRemovedAndComesBackOnInsert() throws TokenException {
        SimulatedProvider provider = new SimulatedProvider("/sim/lib.so").insert(token);
        assertEquals("/sim/lib.so", provider.tokens().getFirst().info().library());

        provider.remove(token);
        assertEquals(List.of(), provider.tokens());
        assertEquals(TokenError.TOKEN_REMOVED, assertThrows(TokenException.class, token::info).error());

        provider.insert(token);
        assertEquals("SIM0001", provider.tokens().getFirst().info().serial());
    }
}
