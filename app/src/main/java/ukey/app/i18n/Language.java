package ukey.app.i18n;

import java.util.Locale;
import java.util.Optional;

/** The languages of the client. Chinese is the base; English is chosen explicitly, never taken from the OS. */
public enum Language {
    ZH("zh", Locale.SIMPLIFIED_CHINESE),
    EN("en", Locale.ENGLISH);

    private final String code;
    private final Locale locale;

    Language(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /** "zh", "zh-CN", "zh_CN", "en", "en-US", ... in any case; empty for anything else. */
    public static Optional<Language> parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (lower.equals(language.code) || lower.startsWith(language.code + "-")
                    || lower.startsWith(language.code + "_")) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
