package ukey.app.ui.common.pin;

import java.util.Locale;
import java.util.Set;

import ukey.app.ui.common.I18n;
import ukey.token.PinState;

/** What the client checks in a new PIN before the token sees it. Works on CharSequence: no PIN copies. */
public final class PinRules {

    /** PINs that people choose most and that platforms reset keys to. */
    private static final Set<String> COMMON = Set.of(
            "123456", "000000", "111111", "888888", "666666", "123123", "112233", "123321", "654321", "520520",
            "521521", "147258", "159357", "12345678", "11111111", "88888888", "123456789", "1234567890",
            "password", "qwerty", "abc123", "a123456", "123456a", "qwe123");

    private PinRules() {
    }

    /** Why a PIN is easy to guess: common, one repeated character, a run (123456, 654321), or a short pattern. */
    public static boolean trivial(CharSequence pin) {
        int length = pin.length();
        if (length == 0) {
            return false;
        }
        if (COMMON.contains(pin.toString().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return repeatsWithPeriodUpTo(pin, 3) || run(pin, 1) || run(pin, -1);
    }

    /** 111111, 121212, 123123: the PIN is one short group repeated. */
    private static boolean repeatsWithPeriodUpTo(CharSequence pin, int maxPeriod) {
        for (int period = 1; period <= maxPeriod && period * 2 <= pin.length(); period++) {
            boolean repeats = true;
            for (int i = period; i < pin.length() && repeats; i++) {
                repeats = pin.charAt(i) == pin.charAt(i - period);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    /** 123456 (step 1), 654321 (step -1), abcdef. */
    private static boolean run(CharSequence pin, int step) {
        if (pin.length() < 4) {
            return false;
        }
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    /** The token's length rule in words: 6–16 位, or 至少 4 位 when the maximum is no real limit (SoftHSM: 255). */
    public static String lengthRule(I18n i18n, PinState state) {
        return state.maxLength() > 0 && state.maxLength() < 64
                ? i18n.format("pin.length.range", state.minLength(), state.maxLength())
                : i18n.format("pin.length.min", state.minLength());
    }

    /**
     * The first problem with a new PIN and its confirmation, or "" when there is none (or nothing typed yet).
     *
     * @param old the PIN it replaces when the user typed it (change PIN), else null
     */
    public static String problem(I18n i18n, CharSequence fresh, CharSequence confirm, CharSequence old,
                                 PinState state) {
        if (fresh.isEmpty()) {
            return "";
        }
        if (!state.acceptsLength(fresh.length())) {
            return i18n.format("pin.problem.length", lengthRule(i18n, state));
        }
        if (old != null && CharSequence.compare(fresh, old) == 0) {
            return i18n.tr("pin.problem.same");
        }
        if (!confirm.isEmpty() && CharSequence.compare(fresh, confirm) != 0) {
            return i18n.tr("pin.problem.mismatch");
        }
        return "";
    }

    /** The new PIN and its confirmation are complete and acceptable (apart from being trivial). */
    public static boolean acceptable(CharSequence fresh, CharSequence confirm, CharSequence old, PinState state) {
        return !fresh.isEmpty() && state.acceptsLength(fresh.length())
                && (old == null || CharSequence.compare(fresh, old) != 0)
                && CharSequence.compare(fresh, confirm) == 0;
    }
}
