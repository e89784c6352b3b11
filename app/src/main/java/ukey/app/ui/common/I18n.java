package ukey.app.ui.common;

import java.text.MessageFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's words. Chinese is the base bundle; English is used only when chosen in settings: the bundle is
 * loaded with a no-fallback control so an English operating system still shows Chinese unless told otherwise.
 */
public final class I18n {

    public static final String BUNDLE = "ukey.app.ui.messages";

    private final ResourceBundle bundle;
    private final Locale locale;
    private final DateTimeFormatter dateFormat;

    private I18n(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
        this.dateFormat = DateTimeFormatter.ofPattern(bundle.getString("common.datePattern"), locale)
                .withZone(ZoneId.systemDefault());
    }

    /** Chinese unless the language is English. */
    public static I18n forLanguage(Locale language) {
        Locale locale = Locale.ENGLISH.getLanguage().equals(language.getLanguage())
                ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        return new I18n(load(BUNDLE, locale), locale);
    }

    /** Loads a bundle of this client for a locale, never falling back to the JVM's default locale. */
    public static ResourceBundle load(String baseName, Locale locale) {
        return ResourceBundle.getBundle(baseName, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return locale;
    }

    public boolean english() {
        return locale.equals(Locale.ENGLISH);
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
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** A date as users read it: 2027年04月10日 / 10 Apr 2027, in the machine's time zone. */
    public String date(Instant instant) {
        return dateFormat.format(instant);
    }
}
