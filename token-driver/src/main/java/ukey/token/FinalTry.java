package ukey.token;

/**
 * Whether a PIN may spend the last try before the token locks it. The token layer re-reads the PIN flags just
 * before it sends a PIN and refuses at the final try unless the caller says the person confirmed: a window or a
 * command that showed an older state must not lock a key by accident.
 */
public enum FinalTry {
    /** The person was told this is the last try and said yes. */
    CONFIRMED,
    /** No confirmation: at the final try the PIN is not sent (PIN_FINAL_TRY_NOT_CONFIRMED). */
    NOT_CONFIRMED;

    public static FinalTry confirmedIf(boolean confirmed) {
        return confirmed ? CONFIRMED : NOT_CONFIRMED;
    }

    /**
     * Refuses before sending a PIN in this state: a locked PIN (it can only fail), or the final try unconfirmed.
     *
     * @param pin for the log message: "user" or "SO"
     */
    public void check(PinState state, String pin) throws TokenException {
        if (state.locked()) {
            throw new TokenException(TokenError.PIN_LOCKED, null, pin + " PIN locked: not sent", state, null);
        }
        if (state.finalTry() && this != CONFIRMED) {
            throw new TokenException(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, null,
                    pin + " PIN at its final try and not confirmed: not sent", state, null);
        }
    }
}
