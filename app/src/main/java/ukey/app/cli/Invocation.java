package ukey.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.LibraryIsolation;
import ukey.app.tokens.LibraryProblem;
import ukey.app.tokens.TokenScan;
import ukey.app.tokens.TokenService;
import ukey.token.FinalTry;
import ukey.token.Identity;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/** One run of a command: its arguments and surroundings, and what every command needs from them. */
record Invocation(CliContext context, Arguments arguments, Settings settings, Messages messages,
                  ErrorPresenter presenter) {

    private static final Set<String> YES = Set.of("y", "yes", "是", "是的", "确定");

    PrintStream out() {
        return context.out();
    }

    PrintStream err() {
        return context.err();
    }

    /**
     * Loads the PKCS#11 and SKF libraries chosen by --module / --skf, the environment, the settings or discovery. A
     * library named explicitly that fails is reported on stderr; one that discovery guessed only when no library
     * loads (then it says why), or when it is there but built for another processor or width (a 32-bit vendor DLL:
     * the user's key needs it). When none loads, the command ends with exit code 8.
     */
    TokenService openTokens() throws AppException, CliExit {
        // the choice itself is TokenService's: the IT policy's libraries win there
        notePolicyWins(arguments.modules(), TokenService.MODULE_ENV, "--module", Settings.PKCS11_MODULES);
        notePolicyWins(arguments.skf(), TokenService.SKF_ENV, "--skf", Settings.SKF_LIBRARIES);
        LibraryIsolation.overruled(settings, context.env())
                .ifPresent(variable -> notePolicyWins(variable, Settings.ISOLATED_LIBRARIES));
        TokenService service = TokenService.open(arguments.modules(), arguments.skf(), context.env(), settings,
                context.discovery(), context.providers());
        boolean noneLoaded = service.providers().isEmpty();
        service.loadFailures().stream().filter(f -> noneLoaded || f.library().explicit()
                || f.library().foundButUnusable()).forEach(this::warn);
        if (noneLoaded) {
            throw new CliExit(ExitCodes.LIBRARY_FAILED);
        }
        return service;
    }

    /** When the IT policy names the libraries of a kind, the option and the environment variable given lose. */
    private void notePolicyWins(List<Path> fromOption, String env, String option, String key) {
        if (settings.lockedByPolicy(key)) {
            if (!fromOption.isEmpty()) {
                notePolicyWins(option, key);
            }
            if (!context.env().getOrDefault(env, "").isBlank()) {
                notePolicyWins(env, key);
            }
        }
    }

    /**
     * A value given on the command line or in the environment, unless the IT policy sets its key: then none (the
     * settings give the policy's value), and stderr says which policy key won.
     */
    <T> Optional<T> unlessPolicySets(String given, String key, Optional<T> value) {
        if (!settings.lockedByPolicy(key)) {
            return value;
        }
        if (value.isPresent()) {
            notePolicyWins(given, key);
        }
        return Optional.empty();
    }

    private void notePolicyWins(String given, String key) {
        err().println(messages.get("policy.wins", given, key, settings.policyFile()));
    }

    /** The token chosen with --token, or every inserted one (a library that failed is reported on stderr). */
    List<FoundToken> chosenTokens(TokenService service) throws AppException, TokenException {
        if (arguments.token().isPresent()) {
            return List.of(service.select(arguments.token()));
        }
        TokenScan scan = service.scan();
        scan.problems().forEach(this::warn);
        return scan.tokens();
    }

    /** Reports a library that failed, naming it (and its vendor, when known), on stderr. */
    void warn(LibraryProblem problem) {
        String vendor = problem.library().vendor();
        err().println(vendor.isEmpty()
                ? messages.get("warning.library", problem.library().path(), problem.library().source())
                : messages.get("warning.library.vendor", problem.library().path(), problem.library().source(),
                vendor));
        err().print(presenter.render(presenter.present(problem.error(), problem.library().problem())));
    }

    /** Reports a token whose certificates could not be read, on stderr. */
    void warn(FoundToken token, TokenException error) {
        err().println(messages.get("warning.token", token.describe()));
        err().print(presenter.render(presenter.present(error)));
    }

    /**
     * The certificates of every identity on the token (SKF containers give a signing and an encryption one) with
     * their status against now and the renewal window; empty when the token was pulled out meanwhile. A token
     * whose identities cannot be read is reported and has none.
     */
    Optional<List<CertificateSummary>> certificates(FoundToken token) throws AppException {
        int window = settings.renewalWindowDays();
        return identities(token).map(identities -> CertificateSummary.of(identities, context.clock().instant(),
                window));
    }

    /** The identities on the token, as {@link #certificates(FoundToken)} reads them. */
    Optional<List<Identity>> identities(FoundToken token) {
        try {
            return Optional.of(token.token().identities());
        } catch (TokenException e) {
            if (e.error() == TokenError.TOKEN_REMOVED) {
                return Optional.empty();
            }
            warn(token, e);
            return Optional.of(List.of());
        }
    }

    /**
     * At the final try the PIN is sent only with --confirm-final-try, or when the person at the terminal says yes.
     * Returns what to tell the token layer, which checks the flags again just before it sends the PIN.
     */
    FinalTry confirmFinalTry(PinState state) throws TokenException {
        if (!state.finalTry()) {
            if (state.countLow()) {
                err().println(presenter.pinStateNote(state));
            }
            return FinalTry.confirmedIf(arguments.confirmFinalTry());
        }
        err().println(presenter.pinStateNote(state));
        if (arguments.confirmFinalTry()) {
            return FinalTry.CONFIRMED;
        }
        if (!arguments.pinStdin() && context.terminal().isPresent()) {
            String answer = context.terminal().get().readLine(messages.get("pin.final_try.question"));
            if (answer != null && YES.contains(answer.trim().toLowerCase(Locale.ROOT))) {
                return FinalTry.CONFIRMED;
            }
        }
        throw new TokenException(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, null, "final PIN try not confirmed", state,
                null);
    }

}
