package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ukey.app.ui.TestWindow.text;
import static ukey.app.ui.TestWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import ukey.token.testing.SoftHsm;

/** The dialogs and pages as a user drives them, headless, on a real SoftHSM key. */
@ExtendWith(ApplicationExtension.class)
class DialogsTest {

    @TempDir
    static Path logs;

    private final SoftHsm hsm = SoftHsm.get();
    private TestWindow window;
    private UiContext context;
    private String label;

    @Start
    void start(Stage stage) throws Exception {
        label = hsm.createToken("ui-dialogs");
        window = TestWindow.show(stage, Fixtures.softHsmTokens(), Fixtures.settings(logs));
        context = window.context();
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        hsm.deleteToken(label);
    }

    @Test
    void changePinFromTheTileWarnsOnATrivialPinAndChangesItOnTheKey(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(robot.lookup("#ownerLabel").queryAs(Label.class).getText()));
        robot.clickOn("#changePinButton");
        waitUntil(() -> robot.lookup("#currentField").tryQuery().isPresent());

        Fixtures.fill(robot, "#currentField", SoftHsm.USER_PIN);
        Fixtures.fill(robot, "#newField", "123456");
        Fixtures.fill(robot, "#confirmField", "123456");
        assertTrue(robot.lookup("#weakBox").query().isVisible(), "a trivial PIN is warned about");
        Button submit = robot.lookup("#submitButton").queryButton();
        assertTrue(submit.isDisabled());
        robot.clickOn("#weakAcceptBox");
        assertFalse(submit.isDisabled());
        robot.clickOn(submit);

        waitUntil(() -> robot.lookup("#resultLabel").queryAs(Label.class).getText().startsWith("口令修改成功"));
        assertEquals("关闭", robot.lookup("#cancelButton").queryButton().getText());
        hsm.token(label).login("123456".toCharArray()).close();
        robot.clickOn("#cancelButton");
    }

    @Test
    void pinFieldsAreEmptiedWhenTheDialogClosesUnsent(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(robot.lookup("#ownerLabel").queryAs(Label.class).getText()));
        robot.clickOn("#changePinButton");
        waitUntil(() -> robot.lookup("#currentField").tryQuery().isPresent());
        Fixtures.fill(robot, "#currentField", SoftHsm.USER_PIN);
        Fixtures.fill(robot, "#newField", "24681357");
        Fixtures.fill(robot, "#confirmField", "24681357");
        List<PasswordField> fields = List.of(robot.lookup("#currentField").queryAs(PasswordField.class),
                robot.lookup("#newField").queryAs(PasswordField.class),
                robot.lookup("#confirmField").queryAs(PasswordField.class));
        robot.clickOn("#cancelButton");
        WaitForAsyncUtils.waitForFxEvents();
        fields.forEach(field -> assertEquals("", field.getText(), field.getId()));

        robot.clickOn("#unblockButton");
        waitUntil(() -> robot.lookup("#soPinField").tryQuery().isPresent());
        Fixtures.fill(robot, "#soPinField", SoftHsm.SO_PIN);
        PasswordField soPin = robot.lookup("#soPinField").queryAs(PasswordField.class);
        robot.clickOn("#cancelButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", soPin.getText());
    }

    @Test
    void unblockWithoutAnSoPinShowsTheCaContact(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(robot.lookup("#ownerLabel").queryAs(Label.class).getText()));
        robot.clickOn("#unblockButton");
        waitUntil(() -> robot.lookup("#noSoPinBox").tryQuery().isPresent());
        assertFalse(robot.lookup("#caHelpLabel").query().isVisible(),
                () -> "so=" + context.main().selectedProperty().get().info().soPin());

        robot.clickOn("#noSoPinBox");

        Label help = robot.lookup("#caHelpLabel").queryAs(Label.class);
        assertTrue(help.isVisible());
        assertTrue(help.getText().contains("400-664-0066"), help.getText());
        assertFalse(robot.lookup("#soPinField").query().getParent().isVisible(), "no SO PIN field to fill");
        robot.clickOn("#cancelButton");
    }

    @Test
    void diagnosticsAndFaqPages(FxRobot robot) throws Exception {
        robot.clickOn(tab(robot, "环境检测"));
        robot.clickOn("#runButton");
        waitUntil(() -> robot.lookup("#check-libraries").tryQuery().isPresent());
        Node libraries = robot.lookup("#check-libraries").query();
        assertTrue(libraries.getStyleClass().contains("check-pass"));
        assertTrue(robot.lookup("#check-keys").query().getStyleClass().contains("check-pass"));

        robot.clickOn(tab(robot, "常见问题"));
        robot.clickOn("#searchField").write("过期");
        waitUntil(() -> robot.lookup("#faq-expired").tryQuery().isPresent());
        assertTrue(robot.lookup("#faq-notDetected").tryQuery().isEmpty());
        TitledPane expired = robot.lookup("#faq-expired").queryAs(TitledPane.class);
        robot.clickOn(expired);
        waitUntil(expired::isExpanded);
        assertEquals("证书已经过期了怎么办", expired.getText());
    }

    private static Node tab(FxRobot robot, String title) {
        return robot.lookup(".page-tab").match(LabeledMatchers.hasText(title)).query();
    }
}
