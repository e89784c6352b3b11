package ukey.app.config;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.i18n.Language;
import ukey.token.LibraryDiscovery;

/**
 * The user's settings: a small UTF-8 properties file, {@code $XDG_CONFIG_HOME/ukey/settings.properties} (default
 * {@code ~/.config/ukey}), on Windows {@code %APPDATA%\UKey\settings.properties}, or in {@code $UKEY_CONFIG_DIR}
 * (tests, portable installs). A missing file means the defaults.
 * <p>
 * Over them lies the machine-wide IT policy ({@link Policy}): every key it sets wins over the user's value.
 */
public final class Settings {

    /** PKCS#11 libraries to load, separated by the platform's path separator (':' or ';'). */
    public static final String PKCS11_MODULES = "pkcs11.modules";
    /**
     * 64-bit libraries (PKCS#11 and SKF) served by the host process instead of in-process: "all", or paths or file
     * names separated like {@link #PKCS11_MODULES} (ukey.app.tokens.LibraryIsolation).
     */
    public static final String ISOLATED_LIBRARIES = "libraries.isolated";
    /** SKF (GM/T 0016) libraries to load, separated like {@link #PKCS11_MODULES}. */
    public static final String SKF_LIBRARIES = "skf.libraries";
    /**
     * Per SKF library: how it encodes names and PINs (a charset: GBK, UTF-8), where its ENVELOPEDKEYBLOB wants the
     * encrypted key (right, left, full64), its application and how many containers it holds. The bare key is for
     * every SKF library; {@code KEY.<file name>} (e.g. {@code skf.charset.mtoken_gm3000.dll}) for one, and wins.
     */
    public static final String SKF_CHARSET = "skf.charset";
    public static final String SKF_ENVELOPE = "skf.envelope";
    public static final String SKF_APPLICATION = "skf.application";
    public static final String SKF_CONTAINERS = "skf.containers";
    /** Days before expiry from which a certificate counts as expiring (the CA's renewal window). */
    public static final String RENEWAL_WINDOW_DAYS = "renewal.windowDays";
    /** "zh" or "en". */
    public static final String LANGUAGE = "language";
    /** The CA renewal endpoint: https://... for the renewal API, http://.../path for CMP. */
    public static final String CA_URL = "ca.url";
    /** A PEM file with the CA's roots: the default of {@link #CA_TLS_TRUST} and {@link #CA_ISSUER_TRUST}. */
    public static final String CA_TRUST = "ca.trust";
    /** A PEM file with the roots trusted for the CA's TLS server (default: ca.trust). */
    public static final String CA_TLS_TRUST = "ca.tlsTrust";
    /** A PEM file with the issuing CA's roots: what renewed certificates and CMP signers chain to (default: ca.trust). */
    public static final String CA_ISSUER_TRUST = "ca.issuerTrust";
    /** A PEM file with the one certificate (or several) allowed to sign the CA's CMP answers; no default. */
    public static final String CA_CMP_SIGNER = "ca.cmpSigner";
    /** The name the CA's CMP answers must give as sender, e.g. "CN=Example CA RA,O=Example,C=CN"; no default. */
    public static final String CA_CMP_SENDER = "ca.cmpSender";
    /**
     * The settings that name trust files (a policy's relative path is relative to the policy's folder), also as
     * {@code NAME.}-prefixed keys of the {@link #CA_MORE} CAs.
     */
    public static final List<String> TRUST_FILES = List.of(CA_TRUST, CA_TLS_TRUST, CA_ISSUER_TRUST, CA_CMP_SIGNER);
    /** "api" (the renewal API, default) or "cmp". */
    public static final String CA_CONNECTOR = "ca.connector";
    /**
     * The settings that make up the CA's trust: while the IT policy sets any of them, the user's own choices for
     * the CA's answers, and the user's extra CAs ({@link #CA_MORE}), do not apply.
     */
    public static final List<String> CA_TRUST_KEYS = List.of(CA_TRUST, CA_ISSUER_TRUST, CA_CMP_SIGNER, CA_CMP_SENDER);
    /**
     * More CAs beside the default one, e.g. "sm2demo,other": each NAME has the CA keys prefixed ({@code
     * NAME.ca.url}, {@code NAME.ca.trust}...); a key is renewed by the CA its certificate chains to.
     */
    public static final String CA_MORE = "ca.more";
    /** What a {@link #CA_MORE} name may be: it becomes part of setting keys. */
    private static final Pattern CA_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Days before expiry at which the client reminds, e.g. "90,30,7". */
    public static final String REMINDER_DAYS = "reminder.days";
    /** "on" or "off": whether the client may look for a newer version. */
    public static final String UPDATE_CHECK = "update.check";

    /** An https address of the small JSON document that names the latest version: {"version":..,"url":..}. */
    public static final String UPDATE_URL = "update.url";
    /** IT policy only: hosts besides update.url's own that the update document may send users to, e.g. "dl.ca.cn". */
    public static final String UPDATE_PAGE_HOSTS = "update.pageHosts";
    /** "info" (default) or "debug": how much the window writes to its log file. */
    public static final String LOG_LEVEL = "log.level";

    /** The CA as users know it, its service telephone and web address: where to turn to unlock a key. */
    public static final String CA_NAME = "ca.name";
    public static final String CA_PHONE = "ca.phone";
    public static final String CA_PORTAL = "ca.portal";

    public static final int DEFAULT_RENEWAL_WINDOW_DAYS = 30;
    public static final List<Integer> DEFAULT_REMINDER_DAYS = List.of(90, 30, 7);
    public static final String FILE_NAME = "settings.properties";
    /** Present only in the app's test resources. */
    static final String TEST_BUILD_MARKER = "/ukey-test-build.marker";

    private final Path file;
    private final Properties user;
    private final Policy policy;

    private Settings(Path file, Properties user, Policy policy) {
        this.file = file;
        this.user = user;
        this.policy = policy;
    }

    /** Reads the settings of the environment this process runs in, with the machine's IT policy over them. */
    public static Settings load(Map<String, String> env) throws AppException {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        // the marker is looked for only when an override asks: a resource that is not there opens every jar on the
        // class path to say so (~20-40 ms of a `ukey list`)
        boolean override = !env.getOrDefault(Policy.OVERRIDE, "").isBlank();
        return load(env, windows, PolicyFileGuard.forPlatform(windows), override && testBuild());
    }

    /** @param testBuild UKEY_POLICY_FILE is then read even when users could write it */
    static Settings load(Map<String, String> env, boolean windows, PolicyFileGuard guard, boolean testBuild)
            throws AppException {
        Path file = directory(env, windows).resolve(FILE_NAME);
        boolean override = env.get(Policy.OVERRIDE) != null && !env.get(Policy.OVERRIDE).isBlank();
        return new Settings(file, read(file), Policy.read(Policy.file(env, windows), guard, override && testBuild));
    }

    /** A test build has the marker resource on its class path; an installed client never does. */
    static boolean testBuild() {
        return Settings.class.getResource(TEST_BUILD_MARKER) != null;
    }

    /** Where the settings live. */
    static Path directory(Map<String, String> env, boolean windows) {
        String override = env.get("UKEY_CONFIG_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (windows && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "UKey");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "ukey");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "ukey");
    }

    private static Properties read(Path file) throws AppException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new AppException(AppError.SETTINGS_UNREADABLE, e, null, file, e.getMessage());
        }
        return properties;
    }

    public Path file() {
        return file;
    }

    /** The machine-wide IT policy file (it need not exist). */
    public Path policyFile() {
        return policy.file();
    }

    /** Why the policy file was ignored: others than administrators can write it (a line for the log, not words). */
    public Optional<String> policyIgnored() {
        return policy.ignoredBecause();
    }

    /** The value, from the IT policy when it sets one, else from the user's file. */
    public Optional<String> get(String key) {
        String value = policy.values().getOrDefault(key, user.getProperty(key));
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Whether the IT policy sets this key (the user's value is then ignored, and a settings page shows it locked). */
    public boolean lockedByPolicy(String key) {
        return policy.values().containsKey(key);
    }

    public int getInt(String key, int defaultValue, int min, int max) throws AppException {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return inRange(Integer.parseInt(text.get()), min, max);
        } catch (NumberFormatException e) {
            throw wrongValue(key, text.get() + " (" + min + ".." + max + ")", e);
        }
    }

    /** Reminder thresholds in days before expiry, largest first; e.g. "90,30,7". */
    public List<Integer> reminderDays() throws AppException {
        Optional<String> text = get(REMINDER_DAYS);
        if (text.isEmpty()) {
            return DEFAULT_REMINDER_DAYS;
        }
        try {
            List<Integer> days = new ArrayList<>();
            for (String part : text.get().split("[,;\\s]+")) {
                if (!part.isEmpty()) {
                    days.add(inRange(Integer.parseInt(part), 0, 3650));
                }
            }
            if (days.isEmpty()) {
                throw new NumberFormatException("no days");
            }
            return days.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        } catch (NumberFormatException e) {
            throw wrongValue(REMINDER_DAYS, text.get() + " (e.g. 90,30,7)", e);
        }
    }

    /** Whether the client may look for a newer version: on unless set to off (IT turns it off for managed PCs). */
    public boolean updateCheck() throws AppException {
        Optional<String> text = get(UPDATE_CHECK);
        if (text.isEmpty()) {
            return true;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw wrongValue(UPDATE_CHECK, text.get() + " (on, off)", null);
        };
    }

    /** Whether the window logs in detail (DEBUG) from the start: {@code log.level=debug}. */
    public boolean debugLog() throws AppException {
        Optional<String> text = get(LOG_LEVEL);
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "debug" -> true;
            case "info" -> false;
            default -> throw wrongValue(LOG_LEVEL, text.get() + " (info, debug)", null);
        };
    }

    private static int inRange(int value, int min, int max) {
        if (value < min || value > max) {
            throw new NumberFormatException("not in " + min + ".." + max);
        }
        return value;
    }

    /** A wrong value, blamed on the file it came from: the policy's (IT corrects it) or the user's. */
    public AppException wrongValue(String key, String detail, Throwable cause) {
        if (lockedByPolicy(key)) {
            return new AppException(AppError.POLICY_UNREADABLE, cause, null, policy.file(), key + "=" + detail);
        }
        return new AppException(AppError.SETTINGS_UNREADABLE, cause, null, file, key + "=" + detail);
    }

    /**
     * The names in {@link #CA_MORE}, in order: the policy's when it sets the key; else the user's, unless the policy
     * sets the default CA's trust (a user's CA must not take keys away from the policy's).
     */
    public List<String> moreCas() throws AppException {
        boolean policyTrust = CA_TRUST_KEYS.stream().anyMatch(this::lockedByPolicy);
        Optional<String> text = get(CA_MORE);
        if (text.isEmpty() || policyTrust && !lockedByPolicy(CA_MORE)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : text.get().split("[,;\\s]+")) {
            if (!CA_NAME_PATTERN.matcher(name).matches()) {
                throw wrongValue(CA_MORE, text.get() + " (NAME: A-Z a-z 0-9 _ -, 1..32)", null);
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The key of a {@link #CA_MORE} CA's setting: {@code NAME.ca.url} for "NAME" and {@link #CA_URL}. */
    public static String ofCa(String name, String key) {
        return name + "." + key;
    }

    public List<Path> pkcs11Modules() {
        return get(PKCS11_MODULES).map(value -> LibraryDiscovery.pathList(value, File.pathSeparator))
                .orElse(List.of());
    }

    public List<Path> skfLibraries() {
        return get(SKF_LIBRARIES).map(value -> LibraryDiscovery.pathList(value, File.pathSeparator))
                .orElse(List.of());
    }

    public int renewalWindowDays() throws AppException {
        return getInt(RENEWAL_WINDOW_DAYS, DEFAULT_RENEWAL_WINDOW_DAYS, 0, 3650);
    }

    public Optional<Language> language() throws AppException {
        Optional<String> text = get(LANGUAGE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Language> language = Language.parse(text.get());
        if (language.isEmpty()) {
            throw wrongValue(LANGUAGE, text.get() + " (zh, en)", null);
        }
        return language;
    }

    /** Where the renewal journals are kept: beside the settings, per user. */
    public Path renewalJournals() {
        return file.getParent().resolve("renewals");
    }

    /** Where the window writes its log, beside the settings: the diagnostics export takes it from here. */
    public Path logDirectory() {
        return file.getParent().resolve("logs");
    }

    /** Sets a user value; {@link #save()} writes it. The IT policy, when it sets the key, still wins. */
    public void set(String key, String value) {
        user.setProperty(key, value);
    }

    /** Writes the user's values to the settings file, creating its directory. */
    public void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            user.store(writer, "UKey Assistant settings");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
