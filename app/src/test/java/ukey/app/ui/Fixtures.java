package ukey.app.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.ErrorText;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.ProviderKeyDirectory;
import ukey.app.ui.services.UiSettings;
import ukey.token.TokenException;
import ukey.token.testing.SoftHsm;

/** What the UI tests share: settings, words, a background that runs in place, the SoftHSM key directory. */
public final class Fixtures {

    public static final I18n ZH = I18n.forLanguage(Locale.SIMPLIFIED_CHINESE);
    public static final I18n EN = I18n.forLanguage(Locale.ENGLISH);
    /** Errors in tests: the error's type and message, so assertions can see which error it was. */
    public static final ErrorText ERRORS = error -> error.getClass().getSimpleName()
            + (error instanceof TokenException token ? " " + token.error() : "") + ": " + error.getMessage();

    private Fixtures() {
    }

    /** Work and callbacks run in place: view-model tests see the result as soon as the call returns. */
    public static Background inPlace() {
        Executor direct = Runnable::run;
        return new Background(direct, direct);
    }

    public static UiSettings settings(Path logs) {
        return new UiSettings(Locale.SIMPLIFIED_CHINESE, List.of(7, 90, 30), 30, "天威诚信", "400-664-0066",
                "https://help.example.cn", logs);
    }

    /** The keys of this test JVM's SoftHSM. */
    public static KeyDirectory softHsmKeys() throws TokenException {
        return new ProviderKeyDirectory(List.of(SoftHsm.get().provider()), List.of(), Clock.systemDefaultZone(), 30);
    }
}
