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
import ukey.app.ui.tray.WindowProcess;
import ukey.app.ui.tray.WindowProcess.Page;

/** {@code ukey gui}'s options, and when it starts without its window. */
class GuiOptionsTest {

    @Test
    void hiddenStartsInTheTrayOnlyWhereThereIsATray() throws AppException {
        GuiOptions hidden = GuiOptions.parse("--module", "/opt/a.so", "--hidden");
        assertEquals(new GuiOptions(List.of(Path.of("/opt/a.so")), List.of(), true, false, false, Page.MAIN), hidden);
        assertFalse(hidden.showWindow(true), "in the tray");
        assertTrue(hidden.showWindow(false), "no tray: the window, or the user would see nothing");
        assertEquals(hidden, GuiOptions.parse("--tray", "--module", "/opt/a.so"));

        GuiOptions plain = GuiOptions.parse();
        assertTrue(plain.showWindow(true));
        assertTrue(plain.showWindow(false));
        assertTrue(GuiOptions.parse("--version").version());
    }

    @Test
    void theWindowOfATrayProcessSaysWhichPageItShows() throws AppException {
        GuiOptions window = GuiOptions.parse("--module", "/opt/a.so", WindowProcess.OPTION, "--page", "change-pin");
        assertTrue(window.ofTray());
        assertEquals(Page.CHANGE_PIN, window.page());
        assertFalse(GuiOptions.parse().ofTray());
        AppException unknownPage = assertThrows(AppException.class, () -> GuiOptions.parse("--page", "settings"));
        assertEquals(AppError.BAD_OPTION_VALUE, unknownPage.error());
    }

    @Test
    void unknownOrIncompleteOptionsAreRefusedInTheUsersWords() {
        AppException unknown = assertThrows(AppException.class, () -> GuiOptions.parse("--hide"));
        assertEquals(AppError.UNKNOWN_OPTION, unknown.error());
        assertEquals("未知的选项：--hide", new ErrorPresenter(Language.ZH).present(unknown).title());
        AppException incomplete = assertThrows(AppException.class, () -> GuiOptions.parse("--module"));
        assertEquals(AppError.BAD_OPTION_VALUE, incomplete.error());
        assertEquals("The value of option --module is missing or invalid",
                new ErrorPresenter(Language.EN).present(incomplete).title());
    }
}
