package ukey.app.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewableCertificates;
import ukey.app.renewal.RenewalAbandon;
import ukey.app.renewal.RenewalException;
import ukey.app.renewal.RenewalInteraction;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.usecase.RenewalUseCase;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * {@code ukey renew}: 一键更新 from the command line, on the same engine as the window. With --pin-stdin the PIN,
 * then each SMS code the CA asks for, are read a line each.
 */
final class RenewCommand {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private final Invocation run;
    private final Messages messages;

    RenewCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, TokenException, CliExit {
        Arguments.RenewOptions options = run.arguments().renewal();
        RenewalUseCase renewals = new RenewalUseCase(run.settings(), run.context().renewalSteps());
        try (TokenService service = run.openTokens()) {
            FoundToken found = service.select(run.arguments().token());
            Token token = found.token();
            String serial = token.info().serial();
            Optional<RenewalJournal> unfinished = renewals.unfinished(serial);
            renewals.quarantined().forEach(file -> run.err().println(messages.get("renew.quarantined", file)));
            if (options.abandon()) {
                return abandon(renewals, token, options);
            }
            if (options.resume() && unfinished.isEmpty()) {
                throw new AppException(AppError.NOTHING_TO_RESUME);
            }
            if (!options.resume() && unfinished.isPresent()) {
                throw new AppException(AppError.RENEWAL_UNFINISHED, messages.get(stepKey(unfinished.get().step())));
            }
            run.err().println(messages.get("pin.token", found.describe()));
            try {
                RenewalJournal done = renewals.run(token, unfinished, choice(options), new Interaction());
                report(done, token);
                return ExitCodes.OK;
            } catch (RenewalException e) {
                run.err().print(run.presenter().render(run.presenter().present(e)));
                boolean resumable = renewals.unfinished(serial).isPresent();
                if (resumable) {
                    run.err().println(messages.get("renew.resumable"));
                }
                return resumable ? ExitCodes.RENEWAL_INTERRUPTED : ExitCodes.RENEWAL_REFUSED;
            }
        }
    }

    /** ukey renew --abandon: gives the key's unfinished renewal up and says what that did. */
    private int abandon(RenewalUseCase renewals, Token token, Arguments.RenewOptions options)
            throws AppException, TokenException {
        RenewalAbandon.Outcome outcome;
        try {
            outcome = renewals.abandon(token, choice(options), new Interaction());
        } catch (RenewalException e) {
            run.err().print(run.presenter().render(run.presenter().present(e)));
            return ExitCodes.of(e);
        }
        run.out().println(messages.get("renew.abandoned"));
        if (outcome.tokenUntouched()) {
            run.out().println(messages.get("renew.abandoned.untouched"));
        }
        if (outcome.containerRemoved().isPresent()) {
            run.out().println(messages.get("renew.abandoned.container", outcome.containerRemoved().get()));
        } else if (outcome.keyObjectsRemoved() > 0) {
            run.out().println(messages.get("renew.abandoned.key", outcome.keyObjectsRemoved()));
        }
        if (outcome.caTold()) {
            run.out().println(messages.get("renew.abandoned.ca_told"));
        }
        if (outcome.caProblem().isPresent()) {
            run.out().println(messages.get("renew.abandoned.ca_not_told",
                    run.presenter().present(outcome.caProblem().get()).title()));
        }
        run.out().println(messages.get("renew.abandoned.kept"));
        return ExitCodes.OK;
    }

    /**
     * The person's choice of CA for this run, over the settings' choice per key; the IT policy wins over the command
     * line (the command says which key won).
     */
    private RenewalUseCase.Choice choice(Arguments.RenewOptions options) {
        return new RenewalUseCase.Choice(
                run.unlessPolicySets("--connector", Settings.CA_CONNECTOR, options.connector()),
                run.unlessPolicySets("--ca-url", Settings.CA_URL, options.caUrl()),
                run.unlessPolicySets("--ca-trust", Settings.CA_TRUST, options.caTrust()), options.sameKey());
    }

    /** What each step is called for the person watching (keys written out: the bundle test reads them). */
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

    /** The certificates on the key now, both halves of an SM2 identity, without those a renewal kept. */
    private void report(RenewalJournal journal, Token token) throws TokenException {
        List<Identity> identities = token.identities();
        for (Identity identity : identities) {
            if (RenewableCertificates.archived(identity, identities)) {
                continue;
            }
            boolean dual = identity.halves().size() > 1;
            for (KeyHalf half : identity.halves()) {
                if (half.info().isPresent()) {
                    CertificateInfo info = half.info().get();
                    String from = DATE.format(info.notBefore());
                    String to = DATE.format(info.notAfter());
                    run.out().println(dual ? messages.get("renew.done.half", info.owner(),
                            messages.get(half.usage() == KeyHalf.Usage.SIGN ? "usage.sign" : "usage.encrypt"), from, to)
                            : messages.get("renew.done", info.owner(), from, to));
                }
            }
        }
        if (!journal.sealsExtended().isEmpty()) {
            run.out().println(messages.get("renew.seals", String.join(", ", journal.sealsExtended())));
        }
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
