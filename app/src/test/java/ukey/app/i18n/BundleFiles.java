package ukey.app.i18n;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the keys of a bundle's source file line by line, as written: {@link java.util.Properties} would silently
 * keep the last of two equal keys, and a duplicate is exactly what the bundle tests look for.
 */
public final class BundleFiles {

    public static final Path RESOURCES = Path.of("src/main/resources");

    private BundleFiles() {
    }

    /** Every key in the file, in order, duplicates included. */
    public static List<String> keys(String resource) throws IOException {
        List<String> keys = new ArrayList<>();
        boolean continuation = false;
        for (String line : Files.readAllLines(RESOURCES.resolve(resource), StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            boolean wasContinuation = continuation;
            continuation = endsWithOddBackslashes(line);
            if (wasContinuation || trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int end = trimmed.indexOf('=');
            keys.add((end < 0 ? trimmed : trimmed.substring(0, end)).strip());
        }
        return keys;
    }

    /** Every key's text, as the client reads it (continuations joined, escapes resolved). */
    public static Map<String, String> texts(String resource) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(resource), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> texts = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
        return texts;
    }

    public static Set<String> duplicates(List<String> keys) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (String key : keys) {
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        return duplicates;
    }

    private static boolean endsWithOddBackslashes(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }
}
