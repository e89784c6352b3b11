package ukey.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaEndpoint;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalEngine;
import ukey.app.renewal.RenewalException;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalJournalStore;
import ukey.app.renewal.RenewalStep;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * {@code ukey renew}: 一键更新 from the command line, on the same engine as the window. With --pin-stdin the PIN,
 * then each SMS code the CA asks for, are read a line each.
 */
final class RenewCommand {

    /** Test hook: the process halts (as if killed) right after the journal records this step. */
    static final String HALT_AFTER = "UKEY_TEST_HALT_AFTER";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private final Invocation run;
    private final Messages messages;

    RenewCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, TokenException, CliExit {
        Arguments.RenewOptions options = run.arguments().renewal();
        try (TokenService service = run.openTokens()) {
            FoundToken found = service.select(run.arguments().token());
            Token token = found.token();
            String serial = token.info().serial();
            RenewalJournalStore store = new RenewalJournalStore(run.settings().renewalJournals());
            Optional<RenewalJournal> unfinished = unfinished(store, serial);
            if (options.resume() && unfinished.isEmpty()) {
                throw new AppException(AppError.NOTHING_TO_RESUME);
            }
            if (!options.resume() && unfinished.isPresent()) {
                throw new AppException(AppError.RENEWAL_UNFINISHED, messages.get(stepKey(unfinished.get().step())));
            }
            // the configured CA wins over the one an interrupted renewal recorded: its address may have moved
            // and the IT policy wins over the command line
            Optional<String> url = run.policyFirst("--ca-url", Settings.CA_URL, options.caUrl(), value -> value)
                    .or(() -> run.settings().get(Settings.CA_URL)).or(() -> unfinished.map(RenewalJournal::caUrl));
            Optional<String> connector = run.policyFirst("--connector", Settings.CA_CONNECTOR, options.connector(),
                    value -> value).or(() -> unfinished.map(RenewalJournal::connector));
            Optional<Path> trust = run.policyFirst("--ca-trust", Settings.CA_TRUST, options.caTrust(), Path::of);
            CaEndpoint endpoint = CaEndpoint.of(connector, url, trust, run.settings());
            RenewalEngine engine = new RenewalEngine(store, endpoint.open(), endpoint.roots(), Clock.systemUTC(),
                    pause -> Thread.sleep(pause.toMillis()), haltHook());
            run.err().println(messages.get("pin.token", found.describe()));
            try {
                RenewalJournal journal = unfinished.isPresent() ? unfinished.get()
                        : engine.begin(token, certificateToRenew(token), options.sameKey(), endpoint.connector(),
                        endpoint.url().toString());
                RenewalJournal done = engine.run(journal, token, new Interaction());
                report(done, token);
                return ExitCodes.OK;
            } catch (RenewalException e) {
                run.err().print(run.presenter().render(run.presenter().present(e)));
                boolean resumable = unfinished(store, serial).isPresent();
                if (resumable) {
                    run.err().println(messages.get("renew.resumable"));
                }
                return resumable ? ExitCodes.RENEWAL_INTERRUPTED : ExitCodes.RENEWAL_REFUSED;
            }
        }
    }

    /** The certificate to renew: of those with their private key (and not archived), the first to expire. */
    private static TokenCertificate certificateToRenew(Token token) throws TokenException, AppException {
        return RenewalEngine.certificateToRenew(token.certificates())
                .orElseThrow(() -> new AppException(AppError.NOTHING_TO_RENEW));
    }

    private static Optional<RenewalJournal> unfinished(RenewalJournalStore store, String serial) throws AppException {
        try {
            return store.unfinished(serial);
        } catch (IOException e) {
            throw new AppException(AppError.UNEXPECTED, e, null);
        }
    }

    /** What each step is called for the person watching. */
    private static String stepKey(RenewalStep step) {
        return switch (step) {
            case STARTED -> "renew.step.started";
            case PREFLIGHT_PASSED -> "renew.step.preflight_passed";
            case KEY_PAIR -> "renew.step.key_pair";
            case SUBMITTED -> "renew.step.submitted";
            case ISSUED -> "renew.step.issued";
            case VALIDATED -> "renew.step.validated";
            case WRITTEN -> "renew.step.written";
            case SELF_TESTED -> "renew.step.self_tested";
            case CONFIRMED -> "renew.step.confirmed";
            case RETIRED -> "renew.step.retired";
            case DONE -> "renew.step.done";
            case FAILED -> "renew.step.failed";
        };
    }

    private void report(RenewalJournal journal, Token token) throws TokenException {
        for (TokenCertificate certificate : token.certificates()) {
            if (certificate.label().startsWith("已归档") || certificate.info().isEmpty()) {
                continue;
            }
            var info = certificate.info().get();
            run.out().println(messages.get("renew.done", info.owner(), DATE.format(info.notBefore()),
                    DATE.format(info.notAfter())));
        }
        if (!journal.sealsExtended().isEmpty()) {
            run.out().println(messages.get("renew.seals", String.join(", ", journal.sealsExtended())));
        }
    }

    private RenewalEngine.StepHook haltHook() {
        String halt = run.context().env().get(HALT_AFTER);
        return step -> {
            if (step.name().equals(halt)) {
                Runtime.getRuntime().halt(137);
            }
        };
    }

    /** The person at the terminal, or a script on standard input. */
    private final class Interaction implements RenewalInteraction {
        private PinInput input;

        private PinInput input() {
            if (input == null) {
                try {
                    input = PinInput.choose(run.arguments().pinStdin(), run.context().in(), run.context().terminal());
                } catch (AppException e) {
                    throw new IllegalStateException(e);
                }
            }
            return input;
        }

        @Override
        public char[] pin(TokenInfo token, PinState state, boolean retry) {
            try {
                if (retry) {
                    run.err().println(run.presenter().pinStateNote(state));
                    if (run.arguments().pinStdin()) {
                        return null; // a script's PIN was wrong: asking again would read its SMS code as a PIN
                    }
                }
                run.confirmFinalTry(state);
                return input().read(messages.get("pin.prompt.current"));
            } catch (TokenException | AppException e) {
                run.err().print(run.presenter().render(run.presenter().present(e)));
                return null;
            }
        }

        @Override
        public ChallengeAnswer challenge(CaProgress.Challenge challenge, Optional<CaException> problem) {
            problem.ifPresent(e -> run.err().print(run.presenter().render(run.presenter().present(e))));
            if (problem.isPresent() && run.arguments().pinStdin() && !run.context().terminal().isPresent()
                    && problem.get().code().equals("challenge_expired")) {
                return new ChallengeAnswer.Resend();
            }
            char[] code = null;
            try {
                code = input().read(messages.get("renew.sms", challenge.destination()));
                String text = new String(code).trim();
                return text.equalsIgnoreCase("r") ? new ChallengeAnswer.Resend() : new ChallengeAnswer.Code(text);
            } catch (AppException e) {
                return new ChallengeAnswer.Cancel();
            } finally {
                if (code != null) {
                    Arrays.fill(code, '\0');
                }
            }
        }

        @Override
        public void stepped(RenewalStep step) {
            run.err().println(messages.get(stepKey(step)));
        }
    }
}
