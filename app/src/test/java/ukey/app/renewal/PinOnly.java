package ukey.app.renewal;

import java.util.Optional;

import ukey.token.PinState;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;

/** A person who knows the test PIN, gives up when it is wrong, and has no phone: cancels any SMS code. */
public final class PinOnly implements RenewalInteraction {

    @Override
    public char[] pin(TokenInfo token, PinState state, boolean retry) {
        return retry ? null : SoftHsm.USER_PIN.toCharArray();
    }

    @Override
    public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
        return new ChallengeAnswer.Cancel();
    }
}
