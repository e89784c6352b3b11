package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ukey.app.i18n.BundleFiles;

/**
 * The command line's texts in both languages: no duplicate key, the same keys in both, and exactly the keys the
 * code names (every message key is written out as a literal in ukey.app.cli, so the sources say which are used).
 */
class CliBundlesTest {

    private static final String ZH = "ukey/app/cli/cli.properties";
    private static final String EN = "ukey/app/cli/cli_en.properties";
    /** A string literal shaped like a key, but not a system property's name. */
    private static final Pattern KEY_LITERAL = Pattern.compile("(?<!getProperty\\()\"([a-z_]+(?:\\.[a-z0-9_]+)+)\"");

    @Test
    void noDuplicateKeys() throws IOException {
        assertEquals(Set.of(), BundleFiles.duplicates(BundleFiles.keys(ZH)), ZH);
        assertEquals(Set.of(), BundleFiles.duplicates(BundleFiles.keys(EN)), EN);
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertEquals(new TreeSet<>(BundleFiles.keys(ZH)), new TreeSet<>(BundleFiles.keys(EN)));
    }

    @Test
    void theCodeUsesExactlyTheKeysOfTheBundle() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/ukey/app/cli"))) {
            for (Path source : sources.toList()) {
                Matcher m = KEY_LITERAL.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!m.group(1).startsWith("ukey.")) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        Set<String> defined = new TreeSet<>(BundleFiles.keys(ZH));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(defined);
        Set<String> unused = new TreeSet<>(defined);
        unused.removeAll(used);
        assertEquals(Set.of(), missing, "keys used in the code but not in " + ZH);
        assertEquals(Set.of(), unused, "keys in " + ZH + " that no code uses");
    }
}
