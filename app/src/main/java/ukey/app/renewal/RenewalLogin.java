package ukey.app.renewal;

import java.util.Arrays;

import ukey.token.FinalTry;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenSession;

/** The renewal's PIN prompt: the engine's and 放弃更新's way into a logged-in session. */
final class RenewalLogin {

    private RenewalLogin() {
    }

    /** Asks for the PIN until it is right, the user cancels, or the key locks. */
    static TokenSession login(Token token, RenewalInteraction ui) throws RenewalException {
        for (boolean retry = false; ; retry = true) {
            TokenInfo info = info(token);
            if (info.userPin().locked()) {
                throw new RenewalException(RenewalError.PIN_LOCKED, null);
            }
            char[] pin = ui.pin(info, info.userPin(), retry);
            if (pin == null) {
                throw new RenewalException(RenewalError.CANCELLED, "at the PIN prompt");
            }
            try {
                // the interaction returns a PIN at the final try only after the person confirmed it
                return token.login(pin, FinalTry.confirmedIf(info.userPin().finalTry()));
            } catch (TokenException e) {
                if (e.error() == TokenError.PIN_FINAL_TRY_NOT_CONFIRMED) {
                    continue; // the final try came after the prompt: ask again, showing it
                }
                if (e.error() != TokenError.PIN_INCORRECT) {
                    throw RenewalException.of(e);
                }
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static TokenInfo info(Token token) throws RenewalException {
        try {
            return token.info();
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }
}
