package ukey.app.cli;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.config.Version;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.token.TokenException;

/** The {@code ukey} command line: parses the arguments, runs the command, turns errors into words and exit codes. */
public final class Cli {

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private final CliContext context;

    public Cli(CliContext context) {
        this.context = context;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String[] args) {
        Settings settings = null;
        AppException settingsError = null;
        Optional<Language> configured = Optional.empty();
        try {
            settings = Settings.load(context.env());
            configured = settings.language();
        } catch (AppException e) {
            settingsError = e;
        }
        Language language = Arguments.languageOf(args).orElse(configured.orElse(Language.ZH));
        ErrorPresenter presenter = new ErrorPresenter(language);
        Messages messages = new Messages(language);
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.command().equals(Arguments.HELP)) {
                context.out().print(messages.get("help.text"));
                return ExitCodes.OK;
            }
            if (arguments.command().equals(Arguments.VERSION)) {
                context.out().println(Version.text());
                return ExitCodes.OK;
            }
            if (settingsError != null) {
                throw settingsError;
            }
            Invocation run = new Invocation(context, arguments, settings, messages, presenter);
            return switch (arguments.command()) {
                case "list" -> new ListCommand(run).run();
                case "show" -> new ShowCommand(run).run();
                case "watch" -> new WatchCommand(run).run();
                case "change-pin" -> new PinCommands(run).changePin();
                case "unblock" -> new PinCommands(run).unblock();
                case "label" -> new LabelCommand(run).run();
                case "renew" -> new RenewCommand(run).run();
                default -> throw new IllegalStateException("command without handler: " + arguments.command());
            };
        } catch (CliExit e) {
            return e.code();
        } catch (AppException | TokenException e) {
            LOG.debug("command failed", e);
            context.err().print(presenter.render(presenter.present(e)));
            return ExitCodes.of(e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            context.err().print(presenter.render(presenter.present(e)));
            return ExitCodes.OTHER;
        }
    }
}
