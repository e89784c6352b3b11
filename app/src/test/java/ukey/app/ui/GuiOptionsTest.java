package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.ui.GuiLauncher.Options;

/** {@code ukey gui}'s options, and when it starts without its window. */
class GuiOptionsTest {

    @Test
    void hiddenStartsInTheTrayOnlyWhereThereIsATray() throws AppException {
        Options hidden = Options.parse("--module", "/opt/a.so", "--hidden");
        assertEquals(new Options(List.of(Path.of("/opt/a.so")), List.of(), true, false), hidden);
        assertFalse(hidden.showWindow(true), "in the tray");
        assertTrue(hidden.showWindow(false), "no tray: the window, or the user would see nothing");
        assertEquals(hidden, Options.parse("--tray", "--module", "/opt/a.so"));

        Options plain = Options.parse();
        assertTrue(plain.showWindow(true));
        assertTrue(plain.showWindow(false));
        assertTrue(Options.parse("--version").version());
    }

    @Test
    void unknownOrIncompleteOptionsAreRefusedInTheUsersWords() {
        AppException unknown = assertThrows(AppException.class, () -> Options.parse("--hide"));
        assertEquals(AppError.UNKNOWN_OPTION, unknown.error());
        assertEquals("未知的选项：--hide", new ErrorPresenter(Language.ZH).present(unknown).title());
        AppException incomplete = assertThrows(AppException.class, () -> Options.parse("--module"));
        assertEquals(AppError.BAD_OPTION_VALUE, incomplete.error());
        assertEquals("The value of option --module is missing or invalid",
                new ErrorPresenter(Language.EN).present(incomplete).title());
    }
}
