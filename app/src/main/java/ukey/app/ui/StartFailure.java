package ukey.app.ui;

import javafx.application.Platform;
import javafx.scene.control.Alert;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;

/** Settings that cannot be read, or no library at all, when {@code ukey gui} starts: said on stderr and in a window. */
final class StartFailure {

    private StartFailure() {
    }

    /** The user's language before the window exists, Chinese when it cannot be read. */
    static Language language(Settings loaded) {
        try {
            Settings read = loaded != null ? loaded : Settings.load(System.getenv());
            return read.language().orElse(Language.ZH);
        } catch (AppException unreadable) {
            return Language.ZH; // the settings are what failed: Chinese, the base language
        }
    }

    /** Says what went wrong on stderr (where there is no display to show it on); returns the text. */
    static String tell(AppException e, Language language) {
        ErrorPresenter presenter = new ErrorPresenter(language);
        return tell(presenter, presenter.present(e));
    }

    private static String tell(ErrorPresenter presenter, ErrorMessage message) {
        String text = presenter.render(message);
        System.err.print(text);
        return text;
    }

    /**
     * Says what went wrong, then ends the process through the launcher's exit (once the window is closed).
     *
     * @param exit ends the process with status 1
     */
    static void show(AppException e, Language language, Runnable exit) {
        ErrorPresenter presenter = new ErrorPresenter(language);
        ErrorMessage message = presenter.present(e);
        String text = tell(presenter, message);
        Runnable show = () -> {
            Alert alert = new Alert(Alert.AlertType.ERROR, text);
            alert.setHeaderText(message.title());
            alert.showAndWait();
            exit.run();
        };
        if (Platform.isFxApplicationThread()) {
            show.run();
            return;
        }
        try {
            Platform.startup(show);
        } catch (RuntimeException noDisplay) {
            exit.run();
        }
    }
}
