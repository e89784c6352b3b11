package ukey.app.ui.renewal;

import java.util.Optional;

import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalInteraction.ChallengeAnswer;
import ukey.token.PinState;

/**
 * What the renewal asks the person in front of the window. Called on the UI thread; an implementation may wait
 * in a modal dialog. The window's dialogs implement it; view-model tests answer with a script.
 */
public interface RenewalPrompts {

    /**
     * The key's PIN, or null to cancel. At the final try the dialog returns a PIN only after the user confirmed
     * that it is right.
     *
     * @param keyName how the key is named on screen
     * @param state   the PIN flags: tries running low, final try
     * @param retry   the last PIN was wrong
     */
    char[] pin(String keyName, PinState state, boolean retry);

    /**
     * The SMS code the CA sent, a request for a new one, or cancel.
     *
     * @param problem why the last code failed, in the user's words with the CA's own message, when it failed
     */
    ChallengeAnswer smsCode(CaProgress.Challenge challenge, Optional<String> problem);

    /** Whether the person really gives up the key's unfinished renewal (放弃更新). */
    boolean confirmAbandon(String keyName);
}
