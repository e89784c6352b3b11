package ukey.app.renewal;

import java.time.Duration;
import java.util.Optional;

/**
 * Follows the CA from a submitted request to an issued certificate: answers its challenges (the SMS code, asked
 * of the person again with what went wrong when an answer fails), and polls while it processes. Challenges are
 * counted: a CA that keeps asking (or a script that keeps resending) stops after {@value #MAX_ROUNDS} codes or
 * {@value #MAX_RESENDS} resends, each resend after a longer pause, and the renewal stays to be continued.
 */
final class IssuanceWait {

    private static final int MAX_POLLS = 120;
    static final int MAX_ROUNDS = 10;
    static final int MAX_RESENDS = 3;
    private static final Duration FIRST_RESEND_PAUSE = Duration.ofSeconds(2);

    private final CaConnector connector;
    private final CaRetry ca;
    private final LiveJournal journal;
    private final RenewalInteraction ui;
    private int rounds;
    private int resends;
    private Duration resendPause = FIRST_RESEND_PAUSE;

    IssuanceWait(CaConnector connector, CaRetry ca, LiveJournal journal, RenewalInteraction ui) {
        this.connector = connector;
        this.ca = ca;
        this.journal = journal;
        this.ui = ui;
    }

    /** Returns once the CA says the certificate is issued; a rejection ends the renewal (the journal says why). */
    void until(RenewalRequest request, CaProgress first) throws RenewalException {
        CaProgress progress = first;
        Optional<CaException> problem = Optional.empty();
        for (int polls = 0; polls < MAX_POLLS; ) {
            switch (progress.status()) {
                case ISSUED -> {
                    return;
                }
                case REJECTED -> {
                    CaException rejection = progress.rejection().orElse(new CaException("rejected", "rejected"));
                    journal.fail(rejection.code(), rejection.getMessage());
                    throw new RenewalException(RenewalError.CA, null, rejection);
                }
                case PENDING_CHALLENGE -> {
                    if (++rounds > MAX_ROUNDS) {
                        throw limit("the CA asked for a code " + MAX_ROUNDS + " times");
                    }
                    CaProgress.Challenge challenge = progress.challenge().orElseThrow(() ->
                            new RenewalException(RenewalError.CA, null,
                                    CaException.badResponse("a challenge without details", null)));
                    try {
                        progress = answer(request, challenge, problem);
                        problem = Optional.empty();
                    } catch (CaException e) {
                        if (!e.code().startsWith("challenge_") && !e.code().equals("rate_limited")) {
                            throw RenewalException.of(e);
                        }
                        problem = Optional.of(e); // ask again, saying what went wrong
                        progress = ca.call(() -> connector.poll(request, journal));
                    }
                }
                case PROCESSING -> {
                    ca.pause(progress.retryAfter());
                    polls++;
                    progress = ca.call(() -> connector.poll(request, journal));
                }
            }
        }
        throw new RenewalException(RenewalError.CA, null, new CaException("still_processing", true, null, null,
                "the CA is still processing the renewal; resume later", null));
    }

    private static RenewalException limit(String detail) {
        return new RenewalException(RenewalError.CHALLENGE_LIMIT, detail);
    }

    private CaProgress answer(RenewalRequest request, CaProgress.Challenge challenge, Optional<CaException> problem)
            throws CaException, RenewalException {
        return switch (ui.challenge(challenge, problem)) {
            case RenewalInteraction.ChallengeAnswer.Cancel c ->
                    throw new RenewalException(RenewalError.CANCELLED, "at the SMS code prompt");
            case RenewalInteraction.ChallengeAnswer.Resend r -> {
                if (++resends > MAX_RESENDS) {
                    throw limit("a new code was asked for " + MAX_RESENDS + " times already");
                }
                ca.pause(resendPause);
                resendPause = resendPause.multipliedBy(2);
                yield connector.resendChallenge(request, journal, challenge.id());
            }
            case RenewalInteraction.ChallengeAnswer.Code code ->
                    connector.answerChallenge(request, journal, challenge.id(), code.code());
        };
    }
}
