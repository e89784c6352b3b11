package ukey.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;

/**
 * The machine-wide IT policy: settings that IT fixes for every user of the machine, written by the MSI from its
 * public properties ({@code msiexec /i ... CA_URL=...}) or by hand. Its values win over the user's settings.
 * <p>
 * Where: {@code %ProgramData%\UKey\policy.properties} on Windows, {@code /etc/ukey/policy.properties} elsewhere,
 * or {@code $UKEY_POLICY_FILE}. A missing file means no policy.
 * <p>
 * Binding only when only administrators can have written it ({@link PolicyFileGuard}): a file that users can
 * write is ignored with a warning (logged, and shown by 环境检测), as if there were none. {@code UKEY_POLICY_FILE}
 * is held to the same check, except in test builds.
 * <p>
 * Format: {@code key=value} lines, {@code #} or {@code !} comments, {@code [section]} lines ignored (the MSI
 * writes the file as an INI file, under {@code [policy]}). Unlike Java properties, values are taken literally,
 * so Windows paths keep their backslashes. UTF-8 (with or without BOM), UTF-16 with BOM, or else the system's
 * code page (what Windows writes into INI files). A relative {@code ca.trust} (and the other trust files) is relative to the policy file's
 * folder, so IT can drop the CA roots beside it.
 */
record Policy(Path file, Map<String, String> values, Optional<String> ignoredBecause) {

    private static final Logger LOG = LoggerFactory.getLogger(Policy.class);

    static final String FILE_NAME = "policy.properties";
    /** Another policy file, for tests. */
    static final String OVERRIDE = "UKEY_POLICY_FILE";

    /** The policy file of this environment. */
    static Path file(Map<String, String> env, boolean windows) {
        String override = env.get(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (windows) {
            String programData = env.get("ProgramData");
            return Path.of(programData != null && !programData.isBlank() ? programData : "C:\\ProgramData", "UKey",
                    FILE_NAME);
        }
        return Path.of("/etc/ukey", FILE_NAME);
    }

    /**
     * Reads the policy; a missing file is an empty policy, an unreadable one an error (it may not be skipped), one
     * that others than administrators can write an empty policy that says why.
     *
     * @param unchecked a test build's UKEY_POLICY_FILE: read without asking who may write it
     */
    static Policy read(Path file, PolicyFileGuard guard, boolean unchecked) throws AppException {
        if (!unchecked) {
            Optional<String> unsafe = writableByOthers(file, guard);
            if (unsafe.isPresent()) {
                LOG.warn("IT policy {} ignored: {}", file, unsafe.get());
                return new Policy(file, Map.of(), unsafe);
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Policy(file, Map.of(), Optional.empty());
        } catch (IOException e) {
            throw new AppException(AppError.POLICY_UNREADABLE, e, null, file, e.getMessage());
        }
        return new Policy(file, parse(decode(bytes), file.toAbsolutePath().getParent()), Optional.empty());
    }

    private static Optional<String> writableByOthers(Path file, PolicyFileGuard guard) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return guard.writableByOthers(file);
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return Optional.of("cannot tell who may write " + file + ": " + e);
        }
    }

    static Map<String, String> parse(String text, Path folder) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!") || line.startsWith("[")) {
                continue;
            }
            int separator = firstOf(line, '=', ':');
            if (separator <= 0) {
                continue;
            }
            String value = line.substring(separator + 1).strip();
            if (!value.isEmpty()) { // an empty value sets nothing: the user's value stays
                values.put(line.substring(0, separator).strip(), value);
            }
        }
        if (folder != null) {
            values.replaceAll((key, value) -> trustFile(key) ? folder.resolve(value).toString() : value);
        }
        return Map.copyOf(values);
    }

    /** A trust file's key, the default CA's or a {@code NAME.}-prefixed one of another CA. */
    private static boolean trustFile(String key) {
        return Settings.TRUST_FILES.stream().anyMatch(trust -> key.equals(trust) || key.endsWith("." + trust));
    }

    private static int firstOf(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, nativeCharset());
        }
    }

    private static Charset nativeCharset() {
        String name = System.getProperty("native.encoding", "");
        return !name.isEmpty() && Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
    }
}
