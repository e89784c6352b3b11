package ukey.app.renewal;

import java.util.Optional;

import ukey.token.PinState;
import ukey.token.TokenInfo;

/** What the renewal asks of the person (or script) running it. Called on the engine's thread. */
public interface RenewalInteraction {

    /**
     * The key's PIN, or null to cancel. {@code state} shows the tries left; at the final try, implementations
     * ask for explicit confirmation before returning a PIN. The engine clears the array after use.
     */
    char[] pin(TokenInfo token, PinState state, boolean retry);

    /** The answer to the CA's challenge (the SMS code); {@code problem} says why the last answer failed. */
    ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem);

    /** The engine moved to a step (for progress display). */
    default void stepped(RenewalStep step) {
    }

    /** An answer to a challenge. */
    sealed interface ChallengeAnswer {
        record Code(String code) implements ChallengeAnswer {
        }

        record Resend() implements ChallengeAnswer {
        }

        record Cancel() implements ChallengeAnswer {
        }
    }
}
