package ukey.app.ui.common;

import java.text.MessageFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.Locale;
import java.util.ResourceBundle;

import ukey.app.i18n.Bundles;
import ukey.app.i18n.Language;

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

    /**
     * The text for a key. Texts used from Java all go through MessageFormat (write '' for an apostrophe);
     * texts used only from FXML are taken as written.
     */
    public String tr(String key) {
        return format(key);
    }

    /** The text for a key with {0}-style arguments. */
    public String format(String key, Object... arguments) {
        Object[] plain = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            // days and counts read as digits: 2999, not 2,999
            plain[i] = arguments[i] instanceof Number number ? String.valueOf(number) : arguments[i];
        }
        return new MessageFormat(bundle.getString(key), locale).format(plain);
    }

    /** A date as users read it: 2027年04月10日 / 10 Apr 2027, in the machine's time zone. */
    public String date(Instant instant) {
        return dateFormat.format(instant);
    }
}
