package ukey.app.errors;

/**
 * The client's own errors, beside the token layer's {@link ukey.token.TokenError}. Each has a title, likely
 * causes and next steps in {@code ukey/app/errors/errors*.properties} under {@code app.<name in lower case>}.
 */
public enum AppError {
    /** No PKCS#11 library was given, configured or found. */
    NO_LIBRARY,
    /** Libraries loaded, but no initialised token is inserted. */
    NO_TOKEN,
    /** Several tokens are inserted and none was chosen. Argument: the tokens. */
    SEVERAL_TOKENS,
    /** No token has this serial or label. Arguments: the selector, the tokens seen. */
    TOKEN_NOT_FOUND,
    /** Several tokens have this serial or label. Arguments: the selector, the matching tokens. */
    TOKEN_AMBIGUOUS,
    /** Argument: the command. */
    UNKNOWN_COMMAND,
    /** Argument: the option. */
    UNKNOWN_OPTION,
    /** An option used with a command it does not belong to. Arguments: the option, the command. */
    OPTION_NOT_APPLICABLE,
    /** An option's value is missing or wrong. Arguments: the option, the accepted values. */
    BAD_OPTION_VALUE,
    /** Arguments: the command, what is missing. */
    MISSING_ARGUMENT,
    /** Argument: the surplus argument. */
    EXTRA_ARGUMENT,
    /** Two options that exclude each other. Arguments: both options. */
    CONFLICTING_OPTIONS,
    /** Something that looks like a PIN was given on the command line (it is never echoed). */
    PIN_IN_ARGUMENTS,
    /** No way to read a PIN: no console and no --pin-stdin, or standard input ended. */
    NO_PIN_INPUT,
    /** The new PIN and its confirmation differ. */
    PIN_CONFIRMATION_MISMATCH,
    /** The new PIN equals the current one. */
    PIN_SAME_AS_OLD,
    /** The administrator (SO) PIN was wrong; carries the SO PIN's state. */
    SO_PIN_INCORRECT,
    /** The administrator (SO) PIN is locked. */
    SO_PIN_LOCKED,
    /** No certificate has this ID or fingerprint. Argument: the ID. */
    CERTIFICATE_NOT_FOUND,
    /** Several certificates match. Arguments: the ID, the matches. */
    CERTIFICATE_AMBIGUOUS,
    /** The certificate object's value does not parse. Argument: the reason. */
    CERTIFICATE_UNREADABLE,
    /**
     * The key's label cannot be changed (PKCS#11: it is set only when the key is initialised, which wipes it).
     * Argument: the key.
     */
    LABEL_NOT_CHANGEABLE,
    /** A new label that is empty, too long or holds control characters. Argument: the longest label allowed. */
    LABEL_INVALID,
    /** The settings file cannot be read or holds a wrong value. Arguments: the file, the detail. */
    SETTINGS_UNREADABLE,
    /** The machine's IT policy file cannot be read or holds a wrong value. Arguments: the file, the detail. */
    POLICY_UNREADABLE,
    /** No CA endpoint is configured for renewals (no --ca-url and no ca.url in the settings or policy). */
    NO_CA_CONFIGURED,
    /** The CA trust roots cannot be read. Arguments: the file, the detail. */
    CA_TRUST_UNREADABLE,
    /** The key has no certificate that can be renewed (none with its private key). */
    NOTHING_TO_RENEW,
    /** --resume, but the key has no interrupted renewal. */
    NOTHING_TO_RESUME,
    /** The key has an interrupted renewal: finish it first. Argument: the step it stopped at. */
    RENEWAL_UNFINISHED,
    /** A fault of ours: the detail says which. */
    UNEXPECTED
}
