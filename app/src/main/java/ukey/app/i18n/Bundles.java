package ukey.app.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * Loads the client's resource bundles: UTF-8 properties, Chinese in the base bundle, and no fallback to the
 * JVM's default locale, so an English Windows shows Chinese unless English is chosen.
 */
public final class Bundles {

    private static final ResourceBundle.Control CONTROL = new Utf8NoFallbackControl();

    private Bundles() {
    }

    /** The bundle {@code baseName} (e.g. "ukey.app.errors.errors") in this language. */
    public static ResourceBundle load(String baseName, Language language) {
        return ResourceBundle.getBundle(baseName, language.locale(), Bundles.class.getClassLoader(), CONTROL);
    }

    private static final class Utf8NoFallbackControl extends ResourceBundle.Control {

        @Override
        public List<String> getFormats(String baseName) {
            return FORMAT_PROPERTIES;
        }

        /**
         * Chinese is the base bundle, so no {@code _zh_CN} or {@code _zh} file is looked for: a resource that is not
         * there opens every jar on the class path to say so (~20-40 ms of a {@code ukey list}).
         */
        @Override
        public List<Locale> getCandidateLocales(String baseName, Locale locale) {
            return locale.getLanguage().equals("zh") ? List.of(Locale.ROOT)
                    : super.getCandidateLocales(baseName, locale);
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }

        @Override
        public ResourceBundle newBundle(String baseName, Locale locale, String format, ClassLoader loader,
                                        boolean reload) throws IOException {
            String resource = toResourceName(toBundleName(baseName, locale), "properties");
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                return new PropertyResourceBundle(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
    }
}
