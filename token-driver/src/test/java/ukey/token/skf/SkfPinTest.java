package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.token.FinalTry;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/** PINs on real softskf devices: counted tries, lock, unblock, change, the CA's default PIN. */
@ExtendWith(DeleteTokensAfterwards.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"in-process", "host"})
class SkfPinTest {

    @Parameter
    String backend;

    private SkfProvider provider() throws ukey.token.TokenException {
        return backend.equals("host") ? softSkf.hostedProvider() : softSkf.provider();
    }

    private final SoftSkf softSkf = SoftSkf.get();

    private static char[] pin(String value) {
        return value.toCharArray();
    }

    @Test
    void wrongPinsCountDownToLockedAndTheAdminPinUnblocks() throws Exception {
        Token token = softSkf.device("lock").retries(3).identity("c", "张三").build().token(provider());
        TokenException first = assertThrows(TokenException.class, () -> token.login(pin("00000000")));
        assertEquals(TokenError.PIN_INCORRECT, first.error());
        assertEquals("SAR_PIN_INCORRECT", first.codeName().orElseThrow());
        PinState afterFirst = first.pinState().orElseThrow();
        assertEquals(OptionalInt.of(2), afterFirst.retriesLeft());
        assertEquals(OptionalInt.of(3), afterFirst.maxRetries());
        assertTrue(afterFirst.countLow());
        assertFalse(afterFirst.finalTry());

        PinState second = assertThrows(TokenException.class, () -> token.login(pin("00000000"))).pinState()
                .orElseThrow();
        assertTrue(second.finalTry(), "one try left");
        assertEquals(PinState.counted(1, 3, false, 6, 16), second);
        assertEquals(second, token.info().userPin(), "the key says the same when asked");

        TokenException last = assertThrows(TokenException.class,
                () -> token.login(pin("00000000"), FinalTry.CONFIRMED));
        assertTrue(last.pinState().orElseThrow().locked());
        assertEquals(OptionalInt.of(0), last.pinState().orElseThrow().retriesLeft());

        TokenException refused = assertThrows(TokenException.class, () -> token.login(pin(SoftSkf.USER_PIN)));
        assertEquals(TokenError.PIN_LOCKED, refused.error(), "the right PIN no longer opens it");

        token.unblockPin(pin(SoftSkf.ADMIN_PIN), pin("11223344"));
        assertEquals(OptionalInt.of(3), token.info().userPin().retriesLeft());
        try (TokenSession session = token.login(pin("11223344"))) {
            assertEquals(1, session.identities().size());
        }
    }

    @Test
    void theFinalTryIsNotSpentUnlessConfirmedAndALockedPinIsNotSent() throws Exception {
        Token token = softSkf.device("final").retries(2).identity("c", "张三").build().token(provider());
        assertThrows(TokenException.class, () -> token.login(pin("00000000")));
        for (ThrowingCall call : List.<ThrowingCall>of(() -> token.login(pin("00000000")),
                () -> token.changePin(pin("00000000"), pin("22334455")),
                () -> token.login(pin(SoftSkf.USER_PIN), FinalTry.NOT_CONFIRMED))) {
            TokenException refused = assertThrows(TokenException.class, call::run);
            assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, refused.error());
            assertTrue(refused.pinState().orElseThrow().finalTry());
        }
        assertEquals(OptionalInt.of(1), token.info().userPin().retriesLeft(), "no PIN reached the key");
        assertThrows(TokenException.class, () -> token.login(pin("00000000"), FinalTry.CONFIRMED));
        assertTrue(token.info().userPin().locked());
        TokenException locked = assertThrows(TokenException.class,
                () -> token.login(pin(SoftSkf.USER_PIN), FinalTry.CONFIRMED));
        assertEquals(TokenError.PIN_LOCKED, locked.error());
        assertEquals(OptionalInt.of(0), locked.pinState().orElseThrow().retriesLeft());
        assertTrue(locked.codeName().isEmpty(), "refused before the call: no SAR from the key");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aWrongAdminPinCountsTheAdminPinsTries() throws Exception {
        Token token = softSkf.device("admin").identity("c", "张三").build().token(provider());
        TokenException e = assertThrows(TokenException.class, () -> token.unblockPin(pin("99999999"), pin("11223344")));
        assertEquals(TokenError.PIN_INCORRECT, e.error());
        assertEquals(OptionalInt.of(5), e.pinState().orElseThrow().retriesLeft());
        assertEquals(OptionalInt.of(5), token.info().soPin().retriesLeft());
    }

    @Test
    void changingThePinTakesTheNewOneAndCountsAWrongOldOne() throws Exception {
        Token token = softSkf.device("change").identity("c", "张三").build().token(provider());
        TokenException wrong = assertThrows(TokenException.class,
                () -> token.changePin(pin("00000000"), pin("22334455")));
        assertEquals(TokenError.PIN_INCORRECT, wrong.error());
        assertEquals(OptionalInt.of(5), wrong.pinState().orElseThrow().retriesLeft());

        token.changePin(pin(SoftSkf.USER_PIN), pin("22334455"));
        assertEquals(OptionalInt.of(6), token.info().userPin().retriesLeft(), "a right PIN resets the count");
        assertThrows(TokenException.class, () -> token.login(pin(SoftSkf.USER_PIN)));
        token.login(pin("22334455")).close();
    }

    @Test
    void theCasDefaultPinMustBeChanged() throws Exception {
        Token token = softSkf.device("default").defaultPin().identity("c", "张三").build().token(provider());
        assertTrue(token.info().userPin().toBeChanged());
        token.changePin(pin(SoftSkf.USER_PIN), pin("22334455"));
        assertFalse(token.info().userPin().toBeChanged());
    }

    @Test
    void theLabelCanBeChanged() throws Exception {
        SoftSkfDevice device = softSkf.device("label").identity("c", "张三").build();
        device.token(provider()).setLabel("李四的UKey");
        assertEquals("李四的UKey", device.token(provider()).info().label());
    }
}
