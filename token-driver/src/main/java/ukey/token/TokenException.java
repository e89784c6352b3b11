package ukey.token;

import java.util.Optional;

/**
 * The one exception of the token layer. Carries an error that callers act on and, where the library said it,
 * the return value's name ({@code CKR_PIN_INCORRECT} from PKCS#11, {@code SAR_PIN_INCORRECT} from SKF). The
 * message is for logs: it never contains a PIN.
 */
public class TokenException extends Exception {

    private final TokenError error;
    private final String ckrName;
    private final transient PinState pinState;

    public TokenException(TokenError error, String ckrName, String message, PinState pinState, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.ckrName = ckrName;
        this.pinState = pinState;
    }

    public TokenException(TokenError error, String message) {
        this(error, null, message, null, null);
    }

    public TokenError error() {
        return error;
    }

    /** The library's return value's name (CKR_ or SAR_), when the error came from the library. */
    public Optional<String> ckrName() {
        return Optional.ofNullable(ckrName);
    }

    /** The same as {@link #ckrName()}, named for both backends: a CKR_ or SAR_ name for logs. */
    public Optional<String> codeName() {
        return ckrName();
    }

    /** The PIN state read right after a PIN failure, so callers can show the tries left. */
    public Optional<PinState> pinState() {
        return Optional.ofNullable(pinState);
    }

    /** True when the token went away under us: the caller rescans rather than retries. */
    public boolean needsRescan() {
        return error == TokenError.TOKEN_REMOVED || error == TokenError.DEVICE_ERROR;
    }

    /** The same error with the PIN state attached. */
    public TokenException withPinState(PinState state) {
        TokenException copy = new TokenException(error, ckrName, getMessage(), state, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
