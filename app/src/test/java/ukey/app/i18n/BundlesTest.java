package ukey.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ukey.app.ui.common.I18n;

/**
 * Every bundle of the client, Chinese (the base) and English: no key written twice, the same keys and the same
 * placeholders in both languages, placeholders by the one rule of {@link Texts}, no empty text, every key the
 * code or the FXML asks for present, and every key present used. {@link KeyUses} says how each bundle is used.
 */
class BundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern POSITIONAL = Pattern.compile("\\d");
    private static final Pattern NAMED = Pattern.compile("[a-z][A-Za-z]*");

    static Stream<KeyUses.Bundle> bundles() throws IOException {
        return KeyUses.bundles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void noKeyIsWrittenTwice(KeyUses.Bundle bundle) throws IOException {
        for (String resource : bundle.resources()) {
            assertEquals(Set.of(), BundleFiles.duplicates(BundleFiles.keys(resource)), resource);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void bothLanguagesHaveTheSameKeysAndPlaceholders(KeyUses.Bundle bundle) throws IOException {
        Map<String, Set<String>> zh = placeholders(BundleFiles.texts(bundle.zh()));
        Map<String, Set<String>> en = placeholders(BundleFiles.texts(bundle.en()));
        assertEquals(zh.keySet(), en.keySet(), bundle.en() + " beside " + bundle.zh());
        assertEquals(zh, en, "placeholders in " + bundle.en() + " beside " + bundle.zh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void placeholdersFollowTheOneRuleAndNoTextIsEmpty(KeyUses.Bundle bundle) throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String resource : bundle.resources()) {
            BundleFiles.texts(resource).forEach((key, text) -> {
                if (text.isBlank()) {
                    wrong.add(resource + " " + key + ": empty");
                }
                if (text.contains("''")) {
                    wrong.add(resource + " " + key + ": '' (an apostrophe is written as it is)");
                }
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    boolean named = bundle.named().test(key) && NAMED.matcher(m.group(1)).matches();
                    if (!POSITIONAL.matcher(m.group(1)).matches() && !named) {
                        wrong.add(resource + " " + key + ": {" + m.group(1) + "}");
                    }
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void everyKeyAskedForIsThere(KeyUses.Bundle bundle) throws IOException {
        Set<String> missing = new TreeSet<>(bundle.required());
        missing.removeAll(BundleFiles.texts(bundle.zh()).keySet());
        assertEquals(Set.of(), missing, "keys used but not in " + bundle.zh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void everyKeyThereIsUsed(KeyUses.Bundle bundle) throws IOException {
        Set<String> defined = BundleFiles.texts(bundle.zh()).keySet();
        Set<String> unused = new TreeSet<>(defined);
        unused.removeIf(key -> bundle.used().test(key, defined));
        assertEquals(Set.of(), unused, "keys in " + bundle.zh() + " that nothing uses");
    }

    @Test
    void theRuleFillsAsWritten() {
        assertEquals("The CA's 2999 days, 张三", Texts.fill("The CA's {0} days, {1}", List.of(2999, "张三")));
        assertEquals("from 2027-04-10 ({0} kept)", Texts.fill("from {windowStart} ({0} kept)",
                Map.of("windowStart", "2027-04-10")));
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

    private static Map<String, Set<String>> placeholders(Map<String, String> texts) {
        Map<String, Set<String>> found = new TreeMap<>();
        texts.forEach((key, text) -> {
            Set<String> names = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            found.put(key, names);
        });
        return found;
    }

    /** What a pattern finds (its group 1) in the files with this suffix under a folder. */
    static Set<String> literals(Path folder, Pattern pattern, String suffix) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(suffix)).toList()) {
                Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        return found;
    }
}
