package ukey.token;

import java.util.OptionalInt;

/**
 * What a token says about one of its PINs: decoded from the PKCS#11 token flags, or from SKF_GetPINInfo.
 *
 * @param countLow    a wrong PIN was entered since the last success
 * @param finalTry    the next wrong PIN locks the PIN
 * @param locked      the PIN is locked (user PIN: unblock with the SO PIN; SO PIN: only the CA can help)
 * @param toBeChanged the token wants the PIN changed before use (after an initial or reset PIN; on SKF keys the
 *                    default-PIN flag, set when a CA resets a locked PIN to its initial value)
 * @param minLength   shortest PIN the token accepts
 * @param maxLength   longest PIN the token accepts
 * @param retriesLeft wrong PINs left before the PIN locks, where the backend tells (SKF); PKCS#11 only has flags
 * @param maxRetries  wrong PINs a fresh PIN allows, where the backend tells (SKF)
 */
public record PinState(boolean countLow, boolean finalTry, boolean locked, boolean toBeChanged,
                       int minLength, int maxLength, OptionalInt retriesLeft, OptionalInt maxRetries) {

    /** A state from flags alone (PKCS#11): the number of tries is unknown. */
    public PinState(boolean countLow, boolean finalTry, boolean locked, boolean toBeChanged,
                    int minLength, int maxLength) {
        this(countLow, finalTry, locked, toBeChanged, minLength, maxLength, OptionalInt.empty(), OptionalInt.empty());
    }

    /** A state from counted tries (SKF): final try at one left, locked at none. */
    public static PinState counted(int retriesLeft, int maxRetries, boolean toBeChanged, int minLength,
                                   int maxLength) {
        int left = Math.max(0, retriesLeft);
        return new PinState(left < maxRetries, left == 1, left == 0, toBeChanged, minLength, maxLength,
                OptionalInt.of(left), OptionalInt.of(maxRetries));
    }

    /** True when the token accepts a PIN of this length. */
    public boolean acceptsLength(int length) {
        return length >= minLength && (maxLength <= 0 || length <= maxLength);
    }
}
