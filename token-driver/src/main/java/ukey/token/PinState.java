package ukey.token;

/**
 * What a token says about one of its PINs, decoded from the PKCS#11 token flags.
 *
 * @param countLow    a wrong PIN was entered since the last success
 * @param finalTry    the next wrong PIN locks the PIN
 * @param locked      the PIN is locked (user PIN: unblock with the SO PIN; SO PIN: only the CA can help)
 * @param toBeChanged the token wants the PIN changed before use (after an initial or reset PIN)
 * @param minLength   shortest PIN the token accepts
 * @param maxLength   longest PIN the token accepts
 */
public record PinState(boolean countLow, boolean finalTry, boolean locked, boolean toBeChanged,
                       int minLength, int maxLength) {

    /** True when the token accepts a PIN of this length. */
    public boolean acceptsLength(int length) {
        return length >= minLength && (maxLength <= 0 || length <= maxLength);
    }
}
