package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.TokenException;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;

/**
 * {@code change-pin} and {@code unblock} on the simulated token, for the PIN states SoftHSM never reaches: count
 * low, final try, locked, to be changed.
 */
class PinCommandsTest {

    private static final String LIBRARY = "/opt/sim/libukey-sim.so";

    @TempDir
    Path configDir;

    private CliHarness cli;
    private SimulatedProvider provider;
    private SimulatedToken token;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(configDir);
        provider = cli.simulated(LIBRARY);
        token = new SimulatedToken("张三", "SIM0001", "123456", "87654321").pinLength(6, 8);
        provider.insert(token);
    }

    @Test
    void changePinFromStandardInput() {
        cli.stdin = "123456\n24680135\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals("PIN 已修改。\n", result.out());
        assertTrue(token.userPinIs("24680135"));
    }

    @Test
    void wrongPinSaysSoWithTheTriesLeft() {
        cli.stdin = "111111\r\n24680135\r\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_INCORRECT, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：PIN（口令）不正确\nPIN 状态：已输错过，剩余尝试次数不多了。"), result.err());
        assertTrue(result.err().contains("技术详情：CKR_PIN_INCORRECT"), result.err());
        assertEquals(SimulatedToken.DEFAULT_TRIES - 1, token.userTriesLeft());
        assertTrue(token.userPinIs("123456"));
    }

    @Test
    void theFinalTryIsNotSpentWithoutConfirmation() {
        token.userTriesLeft(1);
        cli.stdin = "111111\n24680135\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_REJECTED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：只剩最后一次机会，未发送 PIN"), result.err());
        assertTrue(result.err().contains("--confirm-final-try"), result.err());
        assertEquals(1, token.userTriesLeft(), "no PIN reached the token");
    }

    @Test
    void aConfirmedFinalTryThatFailsLocksThePin() {
        token.userTriesLeft(1);
        cli.stdin = "111111\n24680135\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin", "--confirm-final-try");
        assertEquals(ExitCodes.PIN_LOCKED, result.exit(), result.toString());
        assertTrue(result.err().contains("PIN 状态：已锁定。"), result.err());
        assertEquals(0, token.userTriesLeft());
    }

    @Test
    void aConfirmedFinalTryWithTheRightPinWorks() {
        token.userTriesLeft(1);
        cli.stdin = "123456\n24680135\n";
        CliHarness.Result result = cli.run("--lang", "en", "change-pin", "--module", LIBRARY, "--pin-stdin",
                "--confirm-final-try");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertTrue(result.err().contains("PIN state: this is the final try."), result.err());
        assertTrue(token.userPinIs("24680135"));
        assertEquals(SimulatedToken.DEFAULT_TRIES, token.userTriesLeft());
    }

    @Test
    void atTheTerminalTheFinalTryIsAskedFor() {
        token.userTriesLeft(1);
        CliHarness.ScriptedTerminal no = cli.terminal("n");
        assertEquals(ExitCodes.PIN_REJECTED, cli.run("change-pin", "--module", LIBRARY).exit());
        assertEquals(List.of("只剩最后一次机会，再输错一次 PIN 就会被锁定。确定要继续吗？(y/N) "), no.prompts);
        assertEquals(1, token.userTriesLeft());

        CliHarness.ScriptedTerminal yes = cli.terminal("y", "123456", "24680135", "24680135");
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals(List.of("只剩最后一次机会，再输错一次 PIN 就会被锁定。确定要继续吗？(y/N) ", "当前 PIN：", "新 PIN：",
                "再次输入新 PIN："), yes.prompts);
        assertTrue(token.userPinIs("24680135"));
    }

    @Test
    void aLockedPinIsNotTried() {
        token.userTriesLeft(0);
        CliHarness.ScriptedTerminal terminal = cli.terminal("123456", "24680135", "24680135");
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY);
        assertEquals(ExitCodes.PIN_LOCKED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：PIN 已被锁定"), result.err());
        assertTrue(result.err().contains("ukey unblock"), result.err());
        assertEquals(List.of(), terminal.prompts, "no PIN asked for");
    }

    @Test
    void aPinToBeChangedIsAnnouncedAndChanged() throws TokenException {
        token.toBeChanged(true);
        cli.stdin = "123456\n24680135\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertTrue(result.err().contains("这把 UKey 要求先修改 PIN"), result.err());
        assertFalse(token.info().userPin().toBeChanged());
    }

    @Test
    void aNewPinOfTheWrongLengthIsRefusedBeforeTheToken() {
        cli.stdin = "123456\n123\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_REJECTED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：新 PIN 的长度不符合要求\n这把 UKey 要求 PIN 为 6 到 8 位。"), result.err());
        assertTrue(token.userPinIs("123456"));
        assertEquals(SimulatedToken.DEFAULT_TRIES, token.userTriesLeft(), "the current PIN was never sent");
    }

    @Test
    void theNewPinMustDiffer() {
        cli.stdin = "123456\n123456\n";
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_REJECTED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：新 PIN 不能与当前 PIN 相同"), result.err());
    }

    @Test
    void differentConfirmationChangesNothingAndEveryPinIsCleared() {
        CliHarness.ScriptedTerminal terminal = cli.terminal("123456", "24680135", "24680136");
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY);
        assertEquals(ExitCodes.PIN_REJECTED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：两次输入的新 PIN 不一致"), result.err());
        assertTrue(token.userPinIs("123456"));
        assertEquals(3, terminal.handedOut.size());
        for (char[] pin : terminal.handedOut) {
            assertEquals(new String(new char[pin.length]), new String(pin), "PIN arrays are cleared after use");
        }
    }

    @Test
    void pinsAreClearedAfterASuccessToo() {
        CliHarness.ScriptedTerminal terminal = cli.terminal("123456", "24680135", "24680135");
        assertEquals(ExitCodes.OK, cli.run("change-pin", "--module", LIBRARY).exit());
        for (char[] pin : terminal.handedOut) {
            assertEquals(new String(new char[pin.length]), new String(pin));
        }
    }

    @Test
    void withoutTerminalOrPinStdinNoPinCanBeRead() {
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY);
        assertEquals(ExitCodes.USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：无法读取 PIN"), result.err());

        cli.stdin = "123456\n";
        CliHarness.Result short1 = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.USAGE, short1.exit(), "standard input ended before the new PIN");
        assertTrue(token.userPinIs("123456"));
    }

    @Test
    void theTokenPulledOutMidwayIsSaid() {
        cli.terminal = Optional.of(new CliHarness.ScriptedTerminal("123456", "24680135", "24680135") {
            @Override
            public char[] readPassword(String prompt) {
                if (prompts.size() == 2) {
                    provider.remove(token); // pulled out while the user typed the confirmation
                }
                return super.readPassword(prompt);
            }
        });
        CliHarness.Result result = cli.run("change-pin", "--module", LIBRARY);
        assertEquals(ExitCodes.TOKEN_REMOVED, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：UKey 已被拔出或更换"), result.err());
    }

    @Test
    void unblockSetsANewPin() {
        token.userTriesLeft(0);
        cli.stdin = "87654321\n24680135\n";
        CliHarness.Result result = cli.run("unblock", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertEquals("PIN 已解锁，新的 PIN 已生效。\n", result.out());
        assertTrue(token.userPinIs("24680135"));
        assertEquals(SimulatedToken.DEFAULT_TRIES, token.userTriesLeft());
    }

    @Test
    void wrongSoPinIsNamedAsTheAdministratorPin() {
        cli.stdin = "11111111\n24680135\n";
        CliHarness.Result result = cli.run("unblock", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_INCORRECT, result.exit(), result.toString());
        assertTrue(result.err().contains("错误：管理员 PIN（SO PIN）不正确\nPIN 状态：已输错过"), result.err());
        assertEquals(SimulatedToken.DEFAULT_TRIES - 1, token.soTriesLeft());
    }

    @Test
    void aLockedSoPinSendsTheUserToTheCa() {
        token.soTriesLeft(0);
        cli.stdin = "87654321\n24680135\n";
        CliHarness.Result result = cli.run("--lang", "en", "unblock", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.PIN_LOCKED, result.exit(), result.toString());
        assertTrue(result.err().contains("Error: The administrator PIN (SO PIN) is locked"), result.err());
        assertTrue(result.err().contains("Only the CA can unblock or replace this key"), result.err());
    }

    @Test
    void theSoPinsFinalTryNeedsConfirmationToo() {
        token.soTriesLeft(1);
        cli.stdin = "87654321\n24680135\n";
        assertEquals(ExitCodes.PIN_REJECTED, cli.run("unblock", "--module", LIBRARY, "--pin-stdin").exit());
        assertEquals(1, token.soTriesLeft());
    }

    @Test
    void withSeveralTokensOneMustBeChosen() {
        SimulatedToken other = new SimulatedToken("李四", "SIM0002", "654321", "87654321");
        provider.insert(other);
        cli.stdin = "654321\n13572468\n";
        CliHarness.Result several = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin");
        assertEquals(ExitCodes.NO_TOKEN, several.exit(), several.toString());
        assertTrue(several.err().contains("错误：插着多把 UKey，请选择一把：张三 (SIM0001), 李四 (SIM0002)"), several.err());

        CliHarness.Result chosen = cli.run("change-pin", "--module", LIBRARY, "--pin-stdin", "--token", "李四");
        assertEquals(ExitCodes.OK, chosen.exit(), chosen.toString());
        assertTrue(other.userPinIs("13572468"));
        assertTrue(token.userPinIs("123456"));
    }
}
