package ukey.app.ui.common;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;

import ukey.app.i18n.Bundles;
import ukey.app.i18n.Language;
import ukey.app.i18n.Texts;

/**
 * The window's words. Chinese is the base bundle; English is used only when chosen in settings: the bundle is
 * loaded with a no-fallback control so an English operating system still shows Chinese unless told otherwise.
 */
public final class I18n {

    public static final String BUNDLE = "ukey.app.ui.messages";

    private final ResourceBundle bundle;
    private final Locale locale;
    private final DateTimeFormatter dateFormat;
    private final Language language;

    private I18n(ResourceBundle bundle, Locale locale, Language language) {
        this.bundle = bundle;
        this.locale = locale;
        this.language = language;
        this.dateFormat = DateTimeFormatter.ofPattern(bundle.getString("common.datePattern"), locale)
                .withZone(ZoneId.systemDefault());
    }

    public static I18n forLanguage(Language language) {
        return new I18n(Bundles.load(BUNDLE, language), language.locale(), language);
    }

    /** Loads a bundle of this client in a language, never falling back to the JVM's default locale. */
    public static ResourceBundle load(String baseName, Language language) {
        return Bundles.load(baseName, language);
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return locale;
    }

    public Language language() {
        return language;
    }

    public boolean english() {
        return language == Language.EN;
    }

    /** The text for a key, as written (FXML shows the same texts the same way). */
    public String tr(String key) {
        return bundle.getString(key);
    }

    /** The text for a key with {0}, {1}, ... filled by the one placeholder rule ({@link Texts}). */
    public String format(String key, Object... arguments) {
        return Texts.fill(bundle.getString(key), Arrays.asList(arguments));
    }

    /** A date as users read it: 2027年04月10日 / 10 Apr 2027, in the machine's time zone. */
    public String date(Instant instant) {
        return dateFormat.format(instant);
    }
}
