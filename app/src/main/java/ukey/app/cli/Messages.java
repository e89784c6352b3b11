package ukey.app.cli;

import java.util.Arrays;
import java.util.ResourceBundle;

import ukey.app.i18n.Bundles;
import ukey.app.i18n.Language;
import ukey.app.i18n.Texts;

/** The command line's own texts ({@code ukey/app/cli/cli*.properties}); errors come from the ErrorPresenter. */
final class Messages {

    static final String BUNDLE = "ukey.app.cli.cli";

    private final ResourceBundle bundle;

    Messages(Language language) {
        this.bundle = Bundles.load(BUNDLE, language);
    }

    /** The text of {@code key} with {0}, {1}, ... filled ({@link Texts}: apostrophes stay as written). */
    String get(String key, Object... arguments) {
        return Texts.fill(bundle.getString(key), Arrays.asList(arguments));
    }
}
