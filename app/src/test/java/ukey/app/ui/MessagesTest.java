package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ukey.app.i18n.Language;
import ukey.app.ui.common.I18n;
import ukey.app.ui.faq.FaqViewModel;

/**
 * The window's words: both languages have the same keys, no key is written twice, every key the FXML files
 * and the Java sources use exists, and every key in the bundle is used somewhere.
 */
class MessagesTest {

    private static final Path RESOURCES = Path.of("src/main/resources/ukey/app/ui");
    private static final Path SOURCES = Path.of("src/main/java/ukey/app/ui");
    private static final Pattern FXML_KEY = Pattern.compile("\"%([\\w.]+)\"");
    private static final Pattern JAVA_LOOKUP = Pattern.compile("\\b(?:tr|format)\\(\\s*\"([\\w.]+)\"");
    private static final Pattern JAVA_STRING = Pattern.compile("\"([\\w.]+)\"");
    private static final Pattern LONE_QUOTE = Pattern.compile("(?<!')'(?!')");

    @Test
    void bothLanguagesHaveTheSameKeysAndNoDuplicates() throws IOException {
        Map<String, String> zh = read(RESOURCES.resolve("messages.properties"));
        Map<String, String> en = read(RESOURCES.resolve("messages_en.properties"));
        assertEquals(new TreeSet<>(zh.keySet()), new TreeSet<>(en.keySet()));
    }

    @Test
    void everyKeyUsedExistsAndEveryKeyIsUsed() throws IOException {
        Set<String> keys = read(RESOURCES.resolve("messages.properties")).keySet();
        Set<String> fxmlKeys = matches(files(RESOURCES, ".fxml"), FXML_KEY);
        Set<String> lookedUp = matches(files(SOURCES, ".java"), JAVA_LOOKUP);
        Set<String> javaStrings = matches(files(SOURCES, ".java"), JAVA_STRING);

        Set<String> missing = new TreeSet<>(fxmlKeys);
        missing.addAll(lookedUp);
        missing.removeAll(keys);
        assertEquals(Set.of(), missing, "keys used but not in messages.properties");

        Set<String> unused = new TreeSet<>(keys);
        unused.removeAll(fxmlKeys);
        unused.removeAll(javaStrings);
        assertEquals(Set.of(), unused, "keys in messages.properties that nothing uses");
    }

    /** Java runs every text through MessageFormat (an apostrophe is ''); FXML shows texts as written. */
    @Test
    void apostrophesFollowTheWayEachTextIsShown() throws IOException {
        Set<String> javaStrings = matches(files(SOURCES, ".java"), JAVA_STRING);
        Set<String> fxmlKeys = matches(files(RESOURCES, ".fxml"), FXML_KEY);
        List<String> wrong = new ArrayList<>();
        for (String bundle : List.of("messages.properties", "messages_en.properties")) {
            read(RESOURCES.resolve(bundle)).forEach((key, value) -> {
                if (javaStrings.contains(key) && LONE_QUOTE.matcher(value).find()) {
                    wrong.add(bundle + " " + key + ": write '' (MessageFormat)");
                }
                if (fxmlKeys.contains(key) && !javaStrings.contains(key) && value.contains("''")) {
                    wrong.add(bundle + " " + key + ": FXML shows '' as it is");
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void englishIsChosenOnlyWhenAskedFor() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertEquals("证书服务", I18n.forLanguage(Language.ZH).tr("main.tab.certificates"));
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("Certificates", I18n.forLanguage(Language.EN).tr("main.tab.certificates"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void faqHasAQuestionAndAnswerForEveryIdInBothLanguages() throws IOException {
        Set<String> expected = new TreeSet<>();
        FaqViewModel.IDS.forEach(id -> {
            expected.add(id + ".q");
            expected.add(id + ".a");
        });
        assertEquals(expected, new TreeSet<>(read(RESOURCES.resolve("faq/faq.properties")).keySet()));
        assertEquals(expected, new TreeSet<>(read(RESOURCES.resolve("faq/faq_en.properties")).keySet()));
    }

    /** Reads a properties file keeping the order and failing on a key written twice. */
    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertTrue(equals > 0, file + ": not a key=value line: " + line);
            String key = trimmed.substring(0, equals).strip();
            if (entries.put(key, trimmed.substring(equals + 1)) != null) {
                duplicates.add(key);
            }
        }
        assertEquals(Set.of(), duplicates, file + ": keys written twice");
        return entries;
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).toList();
        }
    }

    private static Set<String> matches(List<Path> files, Pattern pattern) throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path file : files) {
            Matcher matcher = pattern.matcher(Files.readString(file));
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }
}
