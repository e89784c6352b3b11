package ukey.app.cli;

import java.util.Arrays;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.token.FinalTry;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * {@code ukey change-pin} and {@code ukey unblock}. Before a PIN goes to the token: a locked PIN is not tried, the
 * final try is spent only when confirmed, and a new PIN must fit the token's length and differ from the current.
 */
final class PinCommands {

    private final Invocation run;
    private final Messages messages;

    PinCommands(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    /** Current PIN, then the new one. */
    int changePin() throws AppException, TokenException, CliExit {
        try (TokenService service = run.openTokens()) {
            FoundToken found = service.select(run.arguments().token());
            Token token = found.token();
            PinState state = token.info().userPin();
            run.err().println(messages.get("pin.token", found.describe()));
            if (state.locked()) {
                throw new TokenException(TokenError.PIN_LOCKED, null, "user PIN locked", state, null);
            }
            if (state.toBeChanged()) {
                run.err().println(messages.get("change_pin.to_be_changed"));
            }
            FinalTry finalTry = run.confirmFinalTry(state);

            PinInput input = PinInput.choose(run.arguments().pinStdin(), run.context().in(),
                    run.context().terminal());
            char[] current = null;
            char[] fresh = null;
            try {
                current = input.read(messages.get("pin.prompt.current"));
                fresh = input.readNew(messages.get("pin.prompt.new"), messages.get("pin.prompt.confirm"));
                checkNewPin(fresh, state);
                if (Arrays.equals(current, fresh)) {
                    throw new AppException(AppError.PIN_SAME_AS_OLD);
                }
                token.changePin(current, fresh, finalTry);
            } catch (TokenException e) {
                throw withUserPinState(e, token);
            } finally {
                clear(current);
                clear(fresh);
            }
            run.out().println(messages.get("change_pin.done"));
            return ExitCodes.OK;
        }
    }

    /** Administrator (SO) PIN, then the new user PIN. */
    int unblock() throws AppException, TokenException, CliExit {
        try (TokenService service = run.openTokens()) {
            FoundToken found = service.select(run.arguments().token());
            Token token = found.token();
            TokenInfo info = token.info();
            run.err().println(messages.get("pin.token", found.describe()));
            if (info.soPin().locked()) {
                throw new AppException(AppError.SO_PIN_LOCKED, null, info.soPin());
            }
            FinalTry finalTry = run.confirmFinalTry(info.soPin());

            PinInput input = PinInput.choose(run.arguments().pinStdin(), run.context().in(),
                    run.context().terminal());
            char[] soPin = null;
            char[] fresh = null;
            try {
                soPin = input.read(messages.get("pin.prompt.so"));
                fresh = input.readNew(messages.get("pin.prompt.new"), messages.get("pin.prompt.confirm"));
                checkNewPin(fresh, info.userPin());
                token.unblockPin(soPin, fresh, finalTry);
            } catch (TokenException e) {
                if (isPinError(e.error())) {
                    throw soPinError(e, token);
                }
                throw e;
            } finally {
                clear(soPin);
                clear(fresh);
            }
            run.out().println(messages.get("unblock.done"));
            return ExitCodes.OK;
        }
    }

    /** Refuses a new PIN the token would refuse for its length, before it costs anything. */
    private static void checkNewPin(char[] fresh, PinState state) throws TokenException {
        if (!state.acceptsLength(fresh.length)) {
            throw new TokenException(TokenError.PIN_LEN_RANGE, null,
                    "new PIN length outside " + state.minLength() + ".." + state.maxLength(), state, null);
        }
    }

    /** A PIN error with the user PIN's state, read again from the token when the error does not carry it. */
    private static TokenException withUserPinState(TokenException e, Token token) {
        if (e.pinState().isPresent() || !isPinError(e.error())) {
            return e;
        }
        try {
            return e.withPinState(token.info().userPin());
        } catch (TokenException unreadable) {
            e.addSuppressed(unreadable);
            return e;
        }
    }

    /** During unblock, PIN_INCORRECT and PIN_LOCKED are about the SO PIN: say so, with its state. */
    private static AppException soPinError(TokenException e, Token token) {
        PinState soState = null;
        try {
            soState = token.info().soPin();
        } catch (TokenException unreadable) {
            e.addSuppressed(unreadable);
        }
        AppError error = e.error() == TokenError.PIN_LOCKED ? AppError.SO_PIN_LOCKED : AppError.SO_PIN_INCORRECT;
        return new AppException(error, e, soState);
    }

    private static boolean isPinError(TokenError error) {
        return error == TokenError.PIN_INCORRECT || error == TokenError.PIN_LOCKED;
    }

    private static void clear(char[] pin) {
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
    }
}
