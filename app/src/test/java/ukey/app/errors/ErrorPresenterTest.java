package ukey.app.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ukey.app.i18n.Language;
import ukey.token.LibraryDefect;
import ukey.token.LibraryHeader;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

class ErrorPresenterTest {

    private static final PinState FINAL_TRY = new PinState(true, true, false, false, 6, 16);

    @Test
    void wrongPinSaysHowManyTriesAreLeft() {
        TokenException wrong = new TokenException(TokenError.PIN_INCORRECT, "CKR_PIN_INCORRECT", "C_Login",
                FINAL_TRY, null);

        ErrorMessage zh = new ErrorPresenter(Language.ZH).present(wrong);
        assertEquals("PIN（口令）不正确", zh.title());
        assertEquals(List.of("PIN 状态：只剩最后一次机会，再输错一次 PIN 就会被锁定。"), zh.notes());
        assertEquals(Optional.of("CKR_PIN_INCORRECT: C_Login"), zh.detail());

        ErrorMessage en = new ErrorPresenter(Language.EN).present(wrong);
        assertEquals("The PIN is incorrect", en.title());
        assertEquals(List.of("PIN state: this is the final try. One more wrong PIN locks it."), en.notes());

        PinState locked = new PinState(true, false, true, false, 6, 16);
        assertEquals(List.of("PIN 状态：已锁定。"), new ErrorPresenter(Language.ZH).present(
                new TokenException(TokenError.PIN_INCORRECT, null, "x", locked, null)).notes());
        PinState countLow = new PinState(true, false, false, false, 6, 16);
        assertEquals(List.of("PIN state: a wrong PIN was entered before; few tries are left."),
                new ErrorPresenter(Language.EN).present(
                        new TokenException(TokenError.PIN_INCORRECT, null, "x", countLow, null)).notes());
    }

    /** token-driver says what is wrong with a library's file as facts; the presenter words them. */
    @Test
    void aLibraryOfTheWrongWidthIsExplainedInTheUsersLanguage() {
        LibraryDefect x86 = new LibraryDefect(LibraryDefect.Kind.WRONG_BITS, Optional.of(LibraryHeader.Arch.X86),
                Optional.of(LibraryHeader.Arch.X86_64), "");
        TokenException failed = new TokenException(TokenError.LIBRARY_LOAD_FAILED, "C:/x86/vendor.dll: " + x86);

        ErrorMessage zh = new ErrorPresenter(Language.ZH).present(failed, Optional.of(x86));

        assertEquals("这是 32 位的驱动库（x86），而本程序是 64 位的（x86-64）：请安装厂商的 64 位驱动。", zh.notes().getFirst());
        assertEquals("This is a 32-bit library (x86), but this client is 64-bit (x86-64): install the vendor's 64-bit"
                + " library.", new ErrorPresenter(Language.EN).libraryDefect(x86));
    }

    @Test
    void pinLengthErrorNamesTheAcceptedLengths() {
        ErrorMessage message = new ErrorPresenter(Language.ZH).present(
                new TokenException(TokenError.PIN_LEN_RANGE, null, "too short", FINAL_TRY, null));
        assertEquals(List.of("这把 UKey 要求 PIN 为 6 到 16 位。"), message.notes());
    }

    @Test
    void chineseStaysChineseOnAnEnglishSystem() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            assertEquals("没有检测到 UKey",
                    new ErrorPresenter(Language.ZH).present(new AppException(AppError.NO_TOKEN)).title());
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("No key detected",
                    new ErrorPresenter(Language.EN).present(new AppException(AppError.NO_TOKEN)).title());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void argumentsFillTheTexts() {
        ErrorMessage message = new ErrorPresenter(Language.EN).present(
                new AppException(AppError.TOKEN_NOT_FOUND, "ABC", "张三 (0001), 李四 (0002)"));
        assertEquals("No key has the serial or label \"ABC\"", message.title());
        assertEquals(List.of("Keys inserted now: 张三 (0001), 李四 (0002). "
                + "Check and try again (ukey list shows them all)."), message.actions());
    }

    @Test
    void everyErrorHasWordsInBothLanguages() {
        for (Language language : Language.values()) {
            ErrorPresenter presenter = new ErrorPresenter(language);
            for (TokenError error : TokenError.values()) {
                assertComplete(presenter.present(new TokenException(error, "x")), error + " " + language);
            }
            for (AppError error : AppError.values()) {
                assertComplete(presenter.present(new AppException(error, "A", "B")), error + " " + language);
            }
        }
    }

    @Test
    void aBugIsShownAsAnInternalErrorWithItsDetail() {
        ErrorMessage message = new ErrorPresenter(Language.ZH).present(new IllegalStateException("boom"));
        assertEquals("程序内部出错", message.title());
        assertEquals(Optional.of("java.lang.IllegalStateException: boom"), message.detail());
    }

    @Test
    void renderedTextHasEveryPart() {
        ErrorPresenter presenter = new ErrorPresenter(Language.ZH);
        String text = presenter.render(presenter.present(new TokenException(TokenError.PIN_INCORRECT,
                "CKR_PIN_INCORRECT", "C_Login", FINAL_TRY, null)));
        assertTrue(text.startsWith("错误：PIN（口令）不正确\nPIN 状态：只剩最后一次机会"), text);
        assertTrue(text.contains("可能的原因：\n  - 输入的 PIN 有误"), text);
        assertTrue(text.contains("请这样做：\n  - 仔细核对后重新输入"), text);
        assertTrue(text.endsWith("技术详情：CKR_PIN_INCORRECT: C_Login\n"), text);
    }

    private static void assertComplete(ErrorMessage message, String what) {
        assertFalse(message.title().isBlank(), what);
        assertFalse(message.causes().isEmpty(), what);
        assertFalse(message.actions().isEmpty(), what);
        for (String line : message.causes()) {
            assertFalse(line.contains("{2}"), what);
        }
    }
}
