package ukey.app.ui.renewal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalStep;
import ukey.app.ui.common.Background;
import ukey.app.ui.renewal.StepLine.Line;
import ukey.token.PinState;
import ukey.token.TokenInfo;

/**
 * The engine's questions (the PIN, the SMS code) and its steps, taken to the UI thread while the engine's thread
 * waits for the answer.
 */
final class EngineQuestions implements RenewalInteraction {

    private static final Logger LOG = LoggerFactory.getLogger(EngineQuestions.class);

    private final Background background;
    private final ErrorPresenter errors;
    private final RenewalPrompts prompts;
    private final String keyName;
    private final Consumer<Line> current;

    /** @param current marks the progress line being worked on (on the UI thread) */
    EngineQuestions(Background background, ErrorPresenter errors, RenewalPrompts prompts, String keyName,
                    Consumer<Line> current) {
        this.background = background;
        this.errors = errors;
        this.prompts = prompts;
        this.keyName = keyName;
        this.current = current;
    }

    @Override
    public char[] pin(TokenInfo token, PinState pinState, boolean retry) {
        return onUi(() -> {
            current.accept(Line.PIN);
            return prompts.pin(keyName, pinState, retry);
        });
    }

    @Override
    public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
        Optional<String> words = problem.map(e -> {
            ErrorMessage message = errors.present(e);
            List<String> lines = new ArrayList<>(List.of(message.title()));
            lines.addAll(message.notes());
            lines.addAll(message.actions());
            return String.join("\n", lines);
        });
        ChallengeAnswer answer = onUi(() -> prompts.smsCode(challenge, words));
        return answer == null ? new ChallengeAnswer.Cancel() : answer;
    }

    @Override
    public void stepped(RenewalStep step) {
        background.onUi(() -> current.accept(Line.of(step)));
    }

    private <T> T onUi(Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        background.onUi(() -> {
            try {
                answer.complete(question.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            LOG.warn("a renewal prompt failed", e.getCause());
            return null;
        }
    }
}
