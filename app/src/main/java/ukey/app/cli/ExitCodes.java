package ukey.app.cli;

import ukey.app.errors.AppException;
import ukey.token.PinState;
import ukey.token.TokenException;

/** The exit codes of {@code ukey}, documented in docs/ukey-cli.md. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int OTHER = 1;
    public static final int USAGE = 2;
    public static final int NO_TOKEN = 3;
    public static final int PIN_INCORRECT = 4;
    public static final int PIN_LOCKED = 5;
    public static final int PIN_REJECTED = 6;
    public static final int TOKEN_REMOVED = 7;
    public static final int LIBRARY_FAILED = 8;
    /** The renewal was refused (by the CA, or because what the CA sent was refused); nothing to resume. */
    public static final int RENEWAL_REFUSED = 9;
    /** The renewal stopped half-way and is kept: {@code ukey renew --resume} finishes it. */
    public static final int RENEWAL_INTERRUPTED = 10;

    private ExitCodes() {
    }

    public static int of(Throwable error) {
        return switch (error) {
            case CliExit e -> e.code();
            case TokenException e -> switch (e.error()) {
                // the wrong PIN that used up the last try: what matters now is that the PIN is locked
                case PIN_INCORRECT -> e.pinState().filter(PinState::locked).isPresent() ? PIN_LOCKED : PIN_INCORRECT;
                case PIN_LOCKED -> PIN_LOCKED;
                case PIN_LEN_RANGE, PIN_INVALID, PIN_EXPIRED, PIN_FINAL_TRY_NOT_CONFIRMED -> PIN_REJECTED;
                case TOKEN_REMOVED -> TOKEN_REMOVED;
                case LIBRARY_LOAD_FAILED, LIBRARY_DISABLED -> LIBRARY_FAILED;
                default -> OTHER;
            };
            case AppException e -> switch (e.error()) {
                case UNKNOWN_COMMAND, UNKNOWN_OPTION, OPTION_NOT_APPLICABLE, BAD_OPTION_VALUE, MISSING_ARGUMENT,
                     EXTRA_ARGUMENT, CONFLICTING_OPTIONS, PIN_IN_ARGUMENTS, NO_PIN_INPUT -> USAGE;
                case NO_TOKEN, SEVERAL_TOKENS, TOKEN_NOT_FOUND, TOKEN_AMBIGUOUS -> NO_TOKEN;
                case SO_PIN_INCORRECT -> e.pinState().filter(PinState::locked).isPresent() ? PIN_LOCKED : PIN_INCORRECT;
                case SO_PIN_LOCKED -> PIN_LOCKED;
                case PIN_SAME_AS_OLD, PIN_CONFIRMATION_MISMATCH -> PIN_REJECTED;
                case NO_LIBRARY -> LIBRARY_FAILED;
                case NO_CA_CONFIGURED, CA_TRUST_UNREADABLE -> USAGE;
                case RENEWAL_UNFINISHED -> RENEWAL_INTERRUPTED;
                case NOTHING_TO_RENEW, NOTHING_TO_RESUME -> RENEWAL_REFUSED;
                default -> OTHER;
            };
            default -> OTHER;
        };
    }
}
