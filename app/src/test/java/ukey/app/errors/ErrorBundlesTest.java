package ukey.app.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ukey.app.i18n.BundleFiles;
import ukey.app.renewal.RenewalError;
import ukey.token.TokenError;

/**
 * The error texts in both languages: no key missing, unused or duplicated, and every error has a title, causes
 * and next steps.
 */
class ErrorBundlesTest {

    private static final String ZH = "ukey/app/errors/errors.properties";
    private static final String EN = "ukey/app/errors/errors_en.properties";
    private static final Pattern ERROR_KEY =
            Pattern.compile("((?:token|app|renewal|ca)\\.[a-z_]+)\\.(title|cause\\.(\\d+)|action\\.(\\d+))");

    @Test
    void noDuplicateKeys() throws IOException {
        assertEquals(Set.of(), BundleFiles.duplicates(BundleFiles.keys(ZH)), ZH);
        assertEquals(Set.of(), BundleFiles.duplicates(BundleFiles.keys(EN)), EN);
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Set<String> zh = new TreeSet<>(BundleFiles.keys(ZH));
        Set<String> en = new TreeSet<>(BundleFiles.keys(EN));
        Set<String> onlyZh = new TreeSet<>(zh);
        onlyZh.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(zh);
        assertEquals(Set.of(), onlyZh, "keys missing in English");
        assertEquals(Set.of(), onlyEn, "keys missing in Chinese");
    }

    @Test
    void everyErrorHasTitleCausesAndActions() throws IOException {
        Set<String> keys = new HashSet<>(BundleFiles.keys(ZH));
        List<String> missing = new ArrayList<>();
        for (String group : groups()) {
            for (String suffix : List.of(".title", ".cause.1", ".action.1")) {
                if (!keys.contains(group + suffix)) {
                    missing.add(group + suffix);
                }
            }
        }
        for (String common : ErrorPresenter.COMMON_KEYS) {
            if (!keys.contains(common)) {
                missing.add(common);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void noUnusedKeys() throws IOException {
        Set<String> groups = groups();
        Set<String> keys = new HashSet<>(BundleFiles.keys(ZH));
        List<String> unused = new ArrayList<>();
        for (String key : keys) {
            if (ErrorPresenter.COMMON_KEYS.contains(key)) {
                continue;
            }
            Matcher m = ERROR_KEY.matcher(key);
            if (!m.matches() || !groups.contains(m.group(1))) {
                unused.add(key + " (no such error)");
                continue;
            }
            // the presenter reads cause.1, cause.2, ... up to the first gap: a number after a gap is never read
            String number = m.group(3) != null ? m.group(3) : m.group(4);
            if (number != null && !number.equals("1")) {
                String previous = key.substring(0, key.lastIndexOf('.') + 1) + (Integer.parseInt(number) - 1);
                if (!keys.contains(previous)) {
                    unused.add(key + " (after a gap)");
                }
            }
        }
        assertEquals(List.of(), unused);
    }

    @Test
    void noTextLeftEmpty() throws IOException {
        for (String resource : List.of(ZH, EN)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(BundleFiles.RESOURCES.resolve(resource),
                    StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            for (String key : properties.stringPropertyNames()) {
                assertTrue(!properties.getProperty(key).isBlank(), resource + ": " + key + " is empty");
            }
        }
    }

    private static Set<String> groups() {
        Set<String> groups = new HashSet<>();
        for (TokenError error : TokenError.values()) {
            groups.add(ErrorPresenter.group(error));
        }
        for (AppError error : AppError.values()) {
            groups.add(ErrorPresenter.group(error));
        }
        for (RenewalError error : RenewalError.values()) {
            groups.add(ErrorPresenter.group(error));
        }
        for (String code : ErrorPresenter.CA_CODES) {
            groups.add(ErrorPresenter.caGroup(code));
        }
        return groups;
    }
}
