package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.i18n.Language;

/** Parsing the command line, and what {@code ukey} answers to wrong ones. */
class ArgumentsTest {

    @TempDir
    Path configDir;

    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(configDir);
    }

    @Test
    void optionsGoAnywhereAndRepeat() throws AppException {
        Arguments parsed = Arguments.parse(new String[] {"--module", "/a.so", "show", "--module=/b.so", "0A1B",
                "--token=SN-1", "--lang", "en", "--json"});
        assertEquals("show", parsed.command());
        assertEquals(List.of("0A1B"), parsed.operands());
        assertEquals(List.of(Path.of("/a.so"), Path.of("/b.so")), parsed.modules());
        assertEquals(Optional.of("SN-1"), parsed.token());
        assertEquals(Optional.of(Language.EN), parsed.language());
        assertTrue(parsed.json());
        assertFalse(parsed.pem());

        Arguments pins = Arguments.parse(new String[] {"change-pin", "--pin-stdin", "--confirm-final-try"});
        assertTrue(pins.pinStdin());
        assertTrue(pins.confirmFinalTry());
        assertEquals(List.of("-"), Arguments.parse(new String[] {"show", "--", "-"}).operands());
    }

    @Test
    void wrongCommandLinesAreUsageErrors() {
        assertParseError(AppError.UNKNOWN_COMMAND, "frob");
        assertParseError(AppError.UNKNOWN_OPTION, "list", "--verbose");
        assertParseError(AppError.OPTION_NOT_APPLICABLE, "watch", "--json");
        assertParseError(AppError.OPTION_NOT_APPLICABLE, "list", "--pin-stdin");
        assertParseError(AppError.BAD_OPTION_VALUE, "list", "--lang", "fr");
        assertParseError(AppError.BAD_OPTION_VALUE, "list", "--token");
        assertParseError(AppError.BAD_OPTION_VALUE, "list", "--module=");
        assertParseError(AppError.MISSING_ARGUMENT, "show");
        assertParseError(AppError.EXTRA_ARGUMENT, "list", "now");
        assertParseError(AppError.CONFLICTING_OPTIONS, "show", "01", "--json", "--pem");
    }

    @Test
    void aPinOnTheCommandLineIsRefusedAndNeverEchoed() {
        for (List<String> args : List.of(List.of("change-pin", "--pin=246813"),
                List.of("unblock", "--so-pin", "246813"),
                List.of("change-pin", "--new-pin=246813"), List.of("change-pin", "--PIN", "246813"),
                List.of("change-pin", "--pin-stdin=246813"), List.of("list", "--password=246813"))) {
            CliHarness.Result result = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, result.exit(), args.toString());
            assertTrue(result.err().contains("不能在命令行参数中给出 PIN"), result.toString());
            assertFalse(result.err().contains("246813") || result.out().contains("246813"), result.toString());
        }
    }

    @Test
    void usageErrorsSayWhatToDoInTheChosenLanguage() {
        CliHarness.Result zh = cli.run("frob");
        assertEquals(ExitCodes.USAGE, zh.exit());
        assertTrue(zh.err().startsWith("错误：未知的命令：frob\n"), zh.toString());
        assertTrue(zh.err().contains("运行 ukey help 查看所有命令。"), zh.toString());
        assertEquals("", zh.out());

        CliHarness.Result en = cli.run("--lang", "en", "frob");
        assertTrue(en.err().startsWith("Error: Unknown command: frob\n"), en.toString());
    }

    @Test
    void helpAndVersion() {
        CliHarness.Result help = cli.run("help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("用法：ukey [选项] 命令 [参数]"), help.out());
        assertTrue(help.out().contains("8 驱动库加载失败"), help.out());

        CliHarness.Result english = cli.run("--help", "--lang=en");
        assertTrue(english.out().startsWith("UKey Assistant command line\n"), english.out());

        assertEquals(help.out(), cli.run().out(), "no command shows the help");

        CliHarness.Result version = cli.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().matches("UKey Assistant \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), version.out());
    }

    @Test
    void theLanguageComesFromTheSettingsUnlessChosen() throws IOException {
        Files.writeString(configDir.resolve("settings.properties"), "language=en\n", StandardCharsets.UTF_8);
        assertTrue(cli.run("frob").err().startsWith("Error: Unknown command"));
        assertTrue(cli.run("--lang", "zh", "frob").err().startsWith("错误：未知的命令"));
    }

    @Test
    void aBrokenSettingsFileIsReportedButVersionStillAnswers() throws IOException {
        Files.writeString(configDir.resolve("settings.properties"), "renewal.windowDays=\\uZZZZ\n",
                StandardCharsets.UTF_8);
        CliHarness.Result list = cli.run("list");
        assertEquals(ExitCodes.OTHER, list.exit());
        assertTrue(list.err().startsWith("错误：设置文件有误：" + configDir.resolve("settings.properties")),
                list.toString());
        assertEquals(0, cli.run("--version").exit());
    }

    private static void assertParseError(AppError expected, String... args) {
        AppException e = assertThrows(AppException.class, () -> Arguments.parse(args), List.of(args).toString());
        assertEquals(expected, e.error(), List.of(args).toString());
        assertEquals(ExitCodes.USAGE, ExitCodes.of(e));
    }
}
