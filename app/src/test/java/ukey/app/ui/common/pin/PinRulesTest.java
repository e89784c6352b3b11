package ukey.app.ui.common.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import ukey.app.ui.Fixtures;
import ukey.token.PinState;

class PinRulesTest {

    private static final PinState SIX_TO_SIXTEEN = new PinState(false, false, false, false, 6, 16);

    @ParameterizedTest
    @ValueSource(strings = {"123456", "000000", "888888", "1111", "654321", "012345", "abcdef", "121212", "123123",
        "147258", "12345678", "Password", "9876543210", "abcabcabc"})
    void trivialPins(String pin) {
        assertTrue(PinRules.trivial(pin), pin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"739146", "20h7Kx", "135790", "112358", "k9Lm2p", "5813", "1234567a9"})
    void ordinaryPins(String pin) {
        assertFalse(PinRules.trivial(pin), pin);
    }

    @Test
    void problemsInTheOrderTheUserMeetsThem() {
        assertEquals("", PinRules.problem(Fixtures.ZH, "", "", "111111", SIX_TO_SIXTEEN));
        assertEquals("新口令的长度应为 6–16 位。", PinRules.problem(Fixtures.ZH, "12345", "", "1", SIX_TO_SIXTEEN));
        assertEquals("新口令不能与当前口令相同。",
                PinRules.problem(Fixtures.ZH, "739146", "", "739146", SIX_TO_SIXTEEN));
        assertEquals("两次输入的新口令不一致。",
                PinRules.problem(Fixtures.ZH, "739146", "739147", "111111", SIX_TO_SIXTEEN));
        assertEquals("", PinRules.problem(Fixtures.ZH, "739146", "739146", "111111", SIX_TO_SIXTEEN));
        assertTrue(PinRules.acceptable("739146", "739146", "111111", SIX_TO_SIXTEEN));
        assertFalse(PinRules.acceptable("739146", "73914", "111111", SIX_TO_SIXTEEN));
    }

    @Test
    void lengthRuleFromTheToken() {
        assertEquals("6–16 位", PinRules.lengthRule(Fixtures.ZH, SIX_TO_SIXTEEN));
        assertEquals("at least 4 characters", PinRules.lengthRule(Fixtures.EN,
                new PinState(false, false, false, false, 4, 0)));
    }
}
