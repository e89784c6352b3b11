package ukey.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.i18n.Language;

/**
 * The parsed command line: {@code ukey [options] COMMAND [ARG]}, options anywhere.
 *
 * @param command         list, show, watch, change-pin, unblock, label, renew, help or version
 * @param operands        the command's arguments (show: the certificate ID; label: the new label)
 * @param modules         --module PATH, repeatable
 * @param skf             --skf PATH, repeatable: SKF libraries
 * @param token           --token SERIAL|LABEL
 * @param language        --lang zh|en
 * @param pinStdin        --pin-stdin: PINs one per line on standard input
 * @param confirmFinalTry --confirm-final-try: spend the last PIN try without asking
 * @param json            --json
 * @param pem             --pem
 * @param renewal         the options of {@code renew}
 */
record Arguments(String command, List<String> operands, List<Path> modules, List<Path> skf, Optional<String> token,
                 Optional<Language> language, boolean pinStdin, boolean confirmFinalTry, boolean json, boolean pem,
                 RenewOptions renewal) {

    /**
     * @param connector --connector api|cmp: how to speak to the CA (default: the settings', else api)
     * @param caUrl     --ca-url URL: the CA endpoint (default: the settings')
     * @param caTrust   --ca-trust PEM: the CA's trust roots (default: the settings')
     * @param sameKey   --same-key: keep the current key where the CA allows it
     * @param resume    --resume: finish the key's interrupted renewal
     * @param abandon   --abandon: give the key's interrupted renewal up
     */
    record RenewOptions(Optional<String> connector, Optional<String> caUrl, Optional<Path> caTrust, boolean sameKey,
                        boolean resume, boolean abandon) {
        static final RenewOptions NONE = new RenewOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                false, false, false);
    }

    static final String HELP = "help";
    static final String VERSION = "version";

    /** Each command and the options it takes (beyond --lang, which every command takes). */
    private static final Map<String, Set<String>> COMMANDS = Map.of(
            "list", Set.of("--module", "--skf", "--token", "--json"),
            "show", Set.of("--module", "--skf", "--token", "--json", "--pem"),
            "watch", Set.of("--module", "--skf"),
            "change-pin", Set.of("--module", "--skf", "--token", "--pin-stdin", "--confirm-final-try"),
            "unblock", Set.of("--module", "--skf", "--token", "--pin-stdin", "--confirm-final-try"),
            "label", Set.of("--module", "--skf", "--token"),
            "renew", Set.of("--module", "--skf", "--token", "--pin-stdin", "--confirm-final-try", "--connector",
                    "--ca-url", "--ca-trust", "--same-key", "--resume", "--abandon"),
            HELP, Set.of(),
            VERSION, Set.of());

    private static final Set<String> WITH_VALUE = Set.of("--module", "--skf", "--token", "--lang", "--connector",
            "--ca-url", "--ca-trust");
    private static final Set<String> FLAGS = Set.of("--json", "--pem", "--pin-stdin", "--confirm-final-try",
            "--same-key", "--resume", "--abandon");

    /** Anything that looks like a PIN or password given as an argument: refused, and never echoed. */
    private static final Pattern PIN_ARGUMENT = Pattern.compile(
            "(?i)-{1,2}(user-|so-|new-|old-|current-|admin-)?(pin|password|passwd|pwd|passphrase)(=.*)?");

    static Arguments parse(String[] args) throws AppException {
        for (String arg : args) {
            if (looksLikePin(arg)) {
                throw new AppException(AppError.PIN_IN_ARGUMENTS);
            }
        }
        Parsed parsed = new Parsed();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                parsed.word(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                return simple(HELP, parsed.language);
            } else if (arg.equals("--version") || arg.equals("-V")) {
                return simple(VERSION, parsed.language);
            } else {
                int equals = arg.indexOf('=');
                String name = equals > 0 ? arg.substring(0, equals) : arg;
                if (WITH_VALUE.contains(name)) {
                    boolean inline = equals > 0;
                    if (!inline && i + 1 >= args.length) {
                        throw badValue(name);
                    }
                    parsed.option(name, inline ? arg.substring(equals + 1) : args[++i]);
                } else if (FLAGS.contains(arg)) {
                    parsed.flag(arg);
                } else {
                    throw new AppException(AppError.UNKNOWN_OPTION, arg);
                }
            }
        }
        return parsed.finish();
    }

    /** What the command line said so far, while {@link #parse} reads it word by word. */
    private static final class Parsed {
        private String command;
        private final List<String> operands = new ArrayList<>();
        private final List<String> optionsUsed = new ArrayList<>();
        private final List<Path> modules = new ArrayList<>();
        private final List<Path> skf = new ArrayList<>();
        private Optional<String> token = Optional.empty();
        private Optional<Language> language = Optional.empty();
        private boolean pinStdin;
        private boolean confirmFinalTry;
        private boolean json;
        private boolean pem;
        private Optional<String> connector = Optional.empty();
        private Optional<String> caUrl = Optional.empty();
        private Optional<Path> caTrust = Optional.empty();
        private boolean sameKey;
        private boolean resume;
        private boolean abandon;

        /** The command, or one of its operands. */
        void word(String word) {
            if (command == null) {
                command = word;
            } else {
                operands.add(word);
            }
        }

        void option(String name, String value) throws AppException {
            if (value.isBlank()) {
                throw badValue(name);
            }
            switch (name) {
                case "--module" -> modules.add(Path.of(value));
                case "--skf" -> skf.add(Path.of(value));
                case "--token" -> token = Optional.of(value);
                case "--connector" -> {
                    if (!value.equals("api") && !value.equals("cmp")) {
                        throw badValue(name);
                    }
                    connector = Optional.of(value);
                }
                case "--ca-url" -> caUrl = Optional.of(value);
                case "--ca-trust" -> caTrust = Optional.of(Path.of(value));
                default -> language = Optional.of(Language.parse(value).orElseThrow(() -> badValue(name)));
            }
            optionsUsed.add(name);
        }

        void flag(String name) {
            switch (name) {
                case "--json" -> json = true;
                case "--pem" -> pem = true;
                case "--pin-stdin" -> pinStdin = true;
                case "--same-key" -> sameKey = true;
                case "--resume" -> resume = true;
                case "--abandon" -> abandon = true;
                default -> confirmFinalTry = true;
            }
            optionsUsed.add(name);
        }

        /** The whole command line checked: a known command, its own options, its operands. */
        Arguments finish() throws AppException {
            if (command == null) {
                return simple(HELP, language);
            }
            Set<String> allowed = COMMANDS.get(command);
            if (allowed == null) {
                throw new AppException(AppError.UNKNOWN_COMMAND, command);
            }
            for (String option : optionsUsed) {
                if (!option.equals("--lang") && !allowed.contains(option)) {
                    throw new AppException(AppError.OPTION_NOT_APPLICABLE, option, command);
                }
            }
            if (json && pem) {
                throw new AppException(AppError.CONFLICTING_OPTIONS, "--json", "--pem");
            }
            if (abandon && (resume || sameKey)) {
                throw new AppException(AppError.CONFLICTING_OPTIONS, "--abandon", resume ? "--resume" : "--same-key");
            }
            int wantedOperands = command.equals("show") || command.equals("label") ? 1 : 0;
            if (operands.size() < wantedOperands) {
                throw new AppException(AppError.MISSING_ARGUMENT, command, command.equals("label") ? "LABEL" : "ID");
            }
            if (operands.size() > wantedOperands) {
                throw new AppException(AppError.EXTRA_ARGUMENT, operands.get(wantedOperands));
            }
            return new Arguments(command, List.copyOf(operands), List.copyOf(modules), List.copyOf(skf), token,
                    language, pinStdin, confirmFinalTry, json, pem, new RenewOptions(connector, caUrl, caTrust,
                    sameKey, resume, abandon));
        }
    }

    private static AppException badValue(String option) {
        return new AppException(AppError.BAD_OPTION_VALUE, option, acceptedValues(option));
    }

    /**
     * The language asked for with --lang, found before the full parse so that a parse error is shown in it.
     * Lenient: a wrong value is reported by {@link #parse}.
     */
    static Optional<Language> languageOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].startsWith("--lang=")) {
                return Language.parse(args[i].substring("--lang=".length()));
            }
            if (args[i].equals("--lang") && i + 1 < args.length) {
                return Language.parse(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    static boolean looksLikePin(String arg) {
        return PIN_ARGUMENT.matcher(arg).matches() || arg.startsWith("--pin-stdin=");
    }

    private static Arguments simple(String command, Optional<Language> language) {
        return new Arguments(command, List.of(), List.of(), List.of(), Optional.empty(), language, false, false, false,
                false, RenewOptions.NONE);
    }

    private static String acceptedValues(String option) {
        return switch (option) {
            case "--lang" -> "zh, en";
            case "--module", "--skf", "--ca-trust" -> "PATH";
            case "--connector" -> "api, cmp";
            case "--ca-url" -> "URL";
            default -> "SERIAL, LABEL";
        };
    }
}
