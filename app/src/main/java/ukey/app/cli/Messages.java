package ukey.app.cli;

import java.util.ResourceBundle;

import ukey.app.i18n.Bundles;
import ukey.app.i18n.Language;

/** The command line's own texts ({@code ukey/app/cli/cli*.properties}); errors come from the ErrorPresenter. */
final class Messages {

    static final String BUNDLE = "ukey.app.cli.cli";

    private final ResourceBundle bundle;

    Messages(Language language) {
        this.bundle = Bundles.load(BUNDLE, language);
    }

    /** The text of {@code key} with {0}, {1}, ... replaced (plain replacement: apostrophes stay as written). */
    String get(String key, Object... arguments) {
        String text = bundle.getString(key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }
}
