package ukey.app.i18n;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ukey.app.errors.AppError;
import ukey.app.errors.ErrorPresenter;
import ukey.app.renewal.RenewalError;
import ukey.app.ui.faq.FaqViewModel;
import ukey.cert.CertificatePart;
import ukey.token.TokenError;

/** The client's bundles, and for each how the code uses its keys: what {@link BundlesTest} checks against. */
final class KeyUses {

    private static final Path SOURCES = Path.of("src/main/java/ukey/app");
    private static final Path RESOURCES = BundleFiles.RESOURCES.resolve("ukey/app");

    /**
     * One bundle in its two languages.
     *
     * @param name     what it holds, for the test's name
     * @param base     its resource path without ".properties"
     * @param required the keys the code and the FXML ask for: each must be there
     * @param used     whether a key there is used (given all keys there)
     * @param named    the keys whose texts may have {name} placeholders (the values a CA sends)
     */
    record Bundle(String name, String base, Set<String> required, BiPredicate<String, Set<String>> used,
                  Predicate<String> named) {

        String zh() {
            return base + ".properties";
        }

        String en() {
            return base + "_en.properties";
        }

        List<String> resources() {
            return List.of(zh(), en());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private KeyUses() {
    }

    static List<Bundle> bundles() throws IOException {
        return List.of(window(), errors(), commandLine(), faq(), certificateParts());
    }

    /** The window: keys named in FXML (%key) or looked up in Java (tr/format); any string literal counts as a use. */
    private static Bundle window() throws IOException {
        Set<String> fxml = BundlesTest.literals(RESOURCES.resolve("ui"), Pattern.compile("\"%([\\w.]+)\""), ".fxml");
        Set<String> lookedUp = BundlesTest.literals(SOURCES.resolve("ui"),
                Pattern.compile("\\b(?:tr|format)\\(\\s*\"([\\w.]+)\""), ".java");
        Set<String> literals = BundlesTest.literals(SOURCES.resolve("ui"), Pattern.compile("\"([\\w.]+)\""), ".java");
        Set<String> required = new TreeSet<>(fxml);
        required.addAll(lookedUp);
        Set<String> usable = new HashSet<>(fxml);
        usable.addAll(literals);
        return new Bundle("window", "ukey/app/ui/messages", required, (key, all) -> usable.contains(key),
                key -> false);
    }

    /** The command line: every message key is a literal in ukey.app.cli (a system property's name is not). */
    private static Bundle commandLine() throws IOException {
        Set<String> used = new TreeSet<>(BundlesTest.literals(SOURCES.resolve("cli"),
                Pattern.compile("(?<!getProperty\\()\"([a-z_]+(?:\\.[a-z0-9_]+)+)\""), ".java"));
        used.removeIf(key -> key.startsWith("ukey."));
        return new Bundle("command line", "ukey/app/cli/cli", used, (key, all) -> used.contains(key), key -> false);
    }

    /** The errors: a title, causes and actions for every error code, and the presenter's own keys. */
    private static Bundle errors() {
        Set<String> groups = errorGroups();
        Set<String> required = new TreeSet<>(ErrorPresenter.COMMON_KEYS);
        groups.forEach(group -> Stream.of(".title", ".cause.1", ".action.1").forEach(s -> required.add(group + s)));
        Pattern numbered = Pattern.compile("((?:token|app|renewal|ca)\\.[a-z_]+)\\.(title|(cause|action)\\.(\\d+))");
        BiPredicate<String, Set<String>> used = (key, all) -> {
            if (ErrorPresenter.COMMON_KEYS.contains(key)) {
                return true;
            }
            Matcher m = numbered.matcher(key);
            if (!m.matches() || !groups.contains(m.group(1))) {
                return false;
            }
            // the presenter reads cause.1, cause.2, ... up to the first gap: a number after a gap is never read
            int n = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            return n == 1 || all.contains(m.group(1) + "." + m.group(3) + "." + (n - 1));
        };
        return new Bundle("errors", "ukey/app/errors/errors", required, used, key -> key.startsWith("ca."));
    }

    private static Set<String> errorGroups() {
        Set<String> groups = new HashSet<>();
        Stream.of(TokenError.values()).forEach(error -> groups.add(ErrorPresenter.group(error)));
        Stream.of(AppError.values()).forEach(error -> groups.add(ErrorPresenter.group(error)));
        Stream.of(RenewalError.values()).forEach(error -> groups.add(ErrorPresenter.group(error)));
        ErrorPresenter.CA_CODES.forEach(code -> groups.add(ErrorPresenter.caGroup(code)));
        return groups;
    }

    /** 常见问题: a question and an answer for every id, in order. */
    private static Bundle faq() {
        Set<String> keys = new TreeSet<>();
        FaqViewModel.IDS.forEach(id -> {
            keys.add(id + ".q");
            keys.add(id + ".a");
        });
        return new Bundle("faq", "ukey/app/ui/faq/faq", keys, (key, all) -> keys.contains(key), key -> false);
    }

    /** 查看证书 › 详细信息: a name for every part of a certificate with a name, and the critical mark. */
    private static Bundle certificateParts() {
        Set<String> keys = new TreeSet<>(Set.of("critical"));
        Stream.of(CertificatePart.values()).filter(part -> part != CertificatePart.EXTENSION)
                .forEach(part -> keys.add(part.name()));
        return new Bundle("certificate parts", "ukey/app/ui/certificate/fields", keys,
                (key, all) -> keys.contains(key), key -> false);
    }
}
