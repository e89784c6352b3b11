package ukey.app.ui.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ukey.app.ui.TestWindow.text;
import static ukey.app.ui.TestWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import ukey.app.ui.Fixtures;
import ukey.app.ui.TestWindow;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.PinState;
import ukey.token.testing.SoftHsm;

/** 更新服务 as the user drives it, headless: 一键更新 → PIN → SMS code → steps → 证书更新成功! */
@ExtendWith(ApplicationExtension.class)
class RenewalPageTest {

    private static SandboxCa ca;
    private RenewalKey key;
    private TestWindow window;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(Path.of("target"), "ui-page-ca")).sms(true)
                .retryAfterSeconds(0)); // still "processing" twice, without Retry-After waits
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        key = new RenewalKey(ca, 20, true);
        window = TestWindow.show(stage, Fixtures.softHsmTokens(),
                RenewalKey.settings(ca, Files.createTempDirectory(Path.of("target"), "ui-page-settings")));
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        key.delete();
    }

    @Test
    void oneClickRenewalAsksThePinAndTheSmsCodeShowsTheStepsAndTheNewValidity(FxRobot robot) throws Exception {
        waitUntil(() -> "张三".equals(text(robot, "#ownerLabel")));
        robot.clickOn("#renewButton");
        Button renew = robot.lookup("#renewNowButton").queryButton();
        waitUntil(() -> !renew.isDisabled());
        assertEquals("一键更新", renew.getText());
        assertEquals("待更新（还有 19 天到期）", text(robot, "#renewalStateLabel"));

        robot.clickOn(renew);
        waitUntil(() -> robot.lookup("#renewalPinField").tryQuery().isPresent());
        assertTrue(robot.lookup("#progressCard").query().isVisible(), "the steps show while the renewal runs");
        assertTrue(text(robot, "#step-preflight").startsWith("✓"), text(robot, "#step-preflight"));
        assertTrue(text(robot, "#step-pin").startsWith("▶"), "the PIN step is the current one");
        Fixtures.fill(robot, "#renewalPinField", SoftHsm.USER_PIN);
        robot.clickOn("#renewalPinOk");

        waitUntil(() -> robot.lookup("#smsCodeField").tryQuery().isPresent());
        Fixtures.fill(robot, "#smsCodeField", ca.lastSmsCode().orElseThrow());
        robot.clickOn("#smsOkButton");

        waitUntil(() -> robot.lookup("#successCard").query().isVisible());
        assertEquals("证书更新成功!", text(robot, "#successTitle"));
        assertEquals("张三", text(robot, "#resultOwnerLabel"));
        assertTrue(text(robot, "#resultValidityLabel").startsWith("从 "), text(robot, "#resultValidityLabel"));
        assertEquals("有效", text(robot, "#resultStatusLabel"));
        assertTrue(text(robot, "#step-confirm").startsWith("✓"));
        assertFalse(robot.lookup("#actionBox").query().isVisible(), "no second renewal offered");
        waitUntil(() -> text(robot, "#statusLabel").startsWith("有效"));
    }

    @Test
    void atTheFinalTryThePinDialogSendsNothingWithoutConfirmation(FxRobot robot) throws Exception {
        char[][] answer = {{'x'}};
        RenewalDialogs dialogs = new RenewalDialogs(Fixtures.ZH, () -> null);
        Platform.runLater(() -> answer[0] = dialogs.pin("张三（0001）", new PinState(true, true, false, false, 6, 16),
                false));
        waitUntil(() -> robot.lookup("#renewalFinalTryBox").tryQuery().isPresent());
        assertTrue(text(robot, "#renewalPinNotice").startsWith("只剩最后一次机会"));
        Fixtures.fill(robot, "#renewalPinField", "246813");
        Button ok = robot.lookup("#renewalPinOk").queryButton();
        assertTrue(ok.isDisabled(), "the final try needs the confirmation first");
        robot.clickOn(robot.lookup("#renewalFinalTryBox").queryAs(CheckBox.class));
        assertFalse(ok.isDisabled());
        robot.clickOn(ok);
        waitUntil(() -> answer[0] == null || answer[0].length != 1);
        assertEquals("246813", new String(answer[0]));
    }
}
