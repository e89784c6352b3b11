package ukey.token.skf;

import java.util.Arrays;

import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * PIN work on an application: state from SKF_GetPINInfo (retries left, maximum, default-PIN flag), and every call
 * that sends a PIN. Each send first re-reads the state: a locked PIN is not sent, nor one at its final try unless
 * the caller confirmed (the token layer's {@link ukey.token.FinalTry} rule, same errors); each failure carries the
 * state read right after it.
 */
final class SkfPins {

    private SkfPins() {
    }

    /** The PIN's state; the default-PIN flag reads as "to be changed". */
    static PinState state(SkfApi api, SkfOptions options, long application, int pinType) throws TokenException {
        SkfApi.Ref max = new SkfApi.Ref();
        SkfApi.Ref left = new SkfApi.Ref();
        SkfApi.Ref isDefault = new SkfApi.Ref();
        Sar.check("SKF_GetPINInfo", api.getPinInfo(application, pinType, max, left, isDefault));
        return PinState.counted((int) left.value, (int) max.value, isDefault.value != 0, options.minPinLength(),
                options.maxPinLength());
    }

    static void verify(SkfApi api, SkfLibrary library, long application, char[] pin, boolean finalTryConfirmed)
            throws TokenException {
        send(api, library, application, SkfToken.USER_TYPE, "SKF_VerifyPIN", finalTryConfirmed, left -> {
            byte[] bytes = library.encodePin(pin);
            try {
                return api.verifyPin(application, SkfToken.USER_TYPE, bytes, left);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    static void change(SkfApi api, SkfLibrary library, long application, char[] currentPin, char[] newPin,
                       boolean finalTryConfirmed) throws TokenException {
        send(api, library, application, SkfToken.USER_TYPE, "SKF_ChangePIN", finalTryConfirmed, left -> {
            byte[] current = library.encodePin(currentPin);
            byte[] next = library.encodePin(newPin);
            try {
                return api.changePin(application, SkfToken.USER_TYPE, current, next, left);
            } finally {
                Arrays.fill(current, (byte) 0);
                Arrays.fill(next, (byte) 0);
            }
        });
    }

    /** Unblocks with the administrator PIN; a wrong one counts down the administrator PIN's tries. */
    static void unblock(SkfApi api, SkfLibrary library, long application, char[] adminPin, char[] newPin,
                        boolean finalTryConfirmed) throws TokenException {
        send(api, library, application, SkfToken.ADMIN_TYPE, "SKF_UnblockPIN", finalTryConfirmed, left -> {
            byte[] admin = library.encodePin(adminPin);
            byte[] next = library.encodePin(newPin);
            try {
                return api.unblockPin(application, admin, next, left);
            } finally {
                Arrays.fill(admin, (byte) 0);
                Arrays.fill(next, (byte) 0);
            }
        });
    }

    private interface PinCall {
        int call(SkfApi.Ref retriesLeft) throws TokenException;
    }

    private static void send(SkfApi api, SkfLibrary library, long application, int pinType, String function,
                             boolean finalTryConfirmed, PinCall call) throws TokenException {
        PinState before = state(api, library.options(), application, pinType);
        if (before.locked()) {
            throw new TokenException(TokenError.PIN_LOCKED, null, function + " not sent: PIN locked", before, null);
        }
        if (before.finalTry() && !finalTryConfirmed) {
            throw new TokenException(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, null,
                    function + " not sent: the PIN is at its final try and the caller did not confirm", before, null);
        }
        SkfApi.Ref left = new SkfApi.Ref(-1);
        int rv = call.call(left);
        if (rv == Sar.OK) {
            return;
        }
        TokenException failure = Sar.exception(function, rv);
        if (failure.error() == TokenError.PIN_INCORRECT || failure.error() == TokenError.PIN_LOCKED) {
            throw failure.withPinState(after(api, library, application, pinType, before, left.value));
        }
        throw failure;
    }

    /** The state after a failure: read again, else from the retry count the call wrote back. */
    private static PinState after(SkfApi api, SkfLibrary library, long application, int pinType, PinState before,
                                  long retriesLeft) {
        try {
            return state(api, library.options(), application, pinType);
        } catch (TokenException e) {
            int max = before.maxRetries().orElse(0);
            int left = retriesLeft >= 0 ? (int) retriesLeft : 0;
            return PinState.counted(left, Math.max(max, left), before.toBeChanged(), before.minLength(),
                    before.maxLength());
        }
    }
}
