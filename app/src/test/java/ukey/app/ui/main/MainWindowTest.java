package ukey.app.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ukey.app.ui.TestWindow.shown;
import static ukey.app.ui.TestWindow.text;
import static ukey.app.ui.TestWindow.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import ukey.app.ui.Fixtures;
import ukey.app.ui.TestWindow;
import ukey.app.ui.UiContext;
import ukey.app.update.UpdateServer;
import ukey.token.testing.SoftHsm;

/** The main window, headless, on real SoftHSM keys with the real insert/remove watcher. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path logs;

    private final SoftHsm hsm = SoftHsm.get();
    private TestWindow window;
    private UiContext context;
    private String label;

    @Start
    void start(Stage stage) throws Exception {
        label = hsm.createToken("ui-window");
        window = TestWindow.show(stage, Fixtures.softHsmTokens(), Fixtures.settings(logs));
        context = window.context();
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        if (label != null) {
            hsm.deleteToken(label);
        }
    }

    @Test
    void showsTheTabsTheActionsAndTheInsertedKey(FxRobot robot) throws Exception {
        assertEquals(List.of("证书服务", "环境检测", "常见问题"), robot.lookup("#tabs").queryAs(HBox.class).getChildren()
                .stream().map(tab -> ((ToggleButton) tab).getText()).toList());
        assertEquals(List.of("查看证书", "更新服务", "解锁服务", "修改口令"), List.of(
                tileTitle(robot, "#viewCertificateButton"), tileTitle(robot, "#renewButton"),
                tileTitle(robot, "#unblockButton"), tileTitle(robot, "#changePinButton")));

        try {
            waitUntil(() -> label.equals(text(robot, "#ownerLabel")));
        } catch (TimeoutException e) {
            throw new AssertionError("owner=" + text(robot, "#ownerLabel") + " problem shown=" + shown(robot, "#problemLabel")
                    + " keys=" + context.main().keys());
        }
        assertEquals(hsm.token(label).info().serial(), text(robot, "#serialLabel"));
        assertEquals("这把UKey中没有证书", text(robot, "#statusLabel"));
        assertTrue(robot.lookup("#statusLabel").query().getStyleClass().contains("tone-danger"));
        assertTrue(robot.lookup("#viewCertificateButton").queryButton().isDisabled(), "no certificate to view");
        assertFalse(robot.lookup("#changePinButton").queryButton().isDisabled());
        assertFalse(shown(robot, "#emptyState"));
        assertEquals("主程序版本 0.1.0", text(robot, "#versionLabel"));
    }

    @Test
    void aTabShowsItsPageAloneStaysSelectedWhenClickedAgainAndCtrlTabMovesOn(FxRobot robot) {
        assertTrue(robot.lookup("#certificateTab").queryAs(ToggleButton.class).isSelected());
        assertTrue(robot.lookup("#actionsPage").tryQuery().isPresent());
        assertTrue(robot.lookup("#searchField").tryQuery().isEmpty(), "常见问题 is loaded when first shown");

        robot.clickOn("#faqTab");
        assertTrue(robot.lookup("#searchField").tryQuery().isPresent());
        assertTrue(robot.lookup("#actionsPage").tryQuery().isEmpty(), "a page not shown is out of the scene");
        robot.clickOn("#faqTab");
        assertTrue(robot.lookup("#faqTab").queryAs(ToggleButton.class).isSelected());
        assertTrue(robot.lookup("#searchField").tryQuery().isPresent());

        robot.press(KeyCode.CONTROL, KeyCode.TAB).release(KeyCode.TAB, KeyCode.CONTROL); // past the last: the first
        assertTrue(robot.lookup("#actionsPage").tryQuery().isPresent());
        assertTrue(robot.lookup("#searchField").tryQuery().isEmpty());
        assertFalse(robot.lookup("#faqTab").queryAs(ToggleButton.class).isSelected());

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB).release(KeyCode.TAB, KeyCode.SHIFT, KeyCode.CONTROL);
        assertTrue(robot.lookup("#faqTab").queryAs(ToggleButton.class).isSelected());
        robot.clickOn("#certificateTab");
        assertTrue(robot.lookup("#actionsPage").tryQuery().isPresent());
    }

    @Test
    void whatTheFirstFrameDoesNotShowIsLeftOutUntilNeeded(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(text(robot, "#ownerLabel")));
        assertTrue(robot.lookup("#labelEditorBox").tryQuery().isEmpty(), "the label editor: no CSS, no skins yet");
        assertTrue(robot.lookup("#keySelector").tryQuery().isEmpty(), "one key: no chooser");
        assertTrue(robot.lookup("#resumeBanner").tryQuery().isEmpty());

        robot.clickOn("#renameLink");
        Node editor = robot.lookup("#labelEditorBox").query();
        assertTrue(editor.isVisible());
        List<Node> details = robot.lookup("#keyDetails").queryAs(VBox.class).getChildren();
        Node description = robot.lookup("#keyDescriptionLabel").query().getParent();
        assertEquals(details.indexOf(description) + 1, details.indexOf(editor), "in its place in MainView");
        robot.clickOn("#cancelLabelButton");
        assertFalse(editor.isVisible());
    }

    @Test
    void aPulledKeyLeavesThePleaseInsertStateAndANewKeyShowsWithoutRefresh(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(text(robot, "#ownerLabel")));

        hsm.deleteToken(label);
        label = null;
        waitUntil(() -> shown(robot, "#emptyState"));
        assertEquals("请插入UKey", text(robot, "#insertKeyLabel"));
        assertFalse(robot.lookup("#keyDetails").query().isVisible());
        assertTrue(robot.lookup("#changePinButton").queryButton().isDisabled());

        label = hsm.createToken("ui-window-new");
        waitUntil(() -> label.equals(text(robot, "#ownerLabel")));
        assertFalse(shown(robot, "#emptyState"));
    }

    @Test
    void renewalPageSaysWhyTheButtonIsOffAndGoesBack(FxRobot robot) throws Exception {
        waitUntil(() -> label.equals(text(robot, "#ownerLabel")));
        robot.clickOn("#renewButton");
        waitUntil(() -> robot.lookup("#renewalPage").query().isVisible());
        Button renew = robot.lookup("#renewalPage").lookup(".big-button").queryButton();
        assertEquals("一键更新", renew.getText());
        assertTrue(renew.isDisabled());
        assertEquals("这把UKey中没有可以更新的证书。", text(robot, "#reasonLabel"));
        robot.clickOn("#backLink");
        waitUntil(() -> robot.lookup("#actionsPage").query().isVisible());
    }

    @Test
    void aNewerVersionShowsAsALinkInTheFooter(FxRobot robot) throws Exception {
        assertFalse(shown(robot, "#newVersionLink"), "nothing is known at first");
        URI page;
        try (UpdateServer server = new UpdateServer(logs)) {
            server.latest("0.2.0");
            page = server.page("0.2.0");
            Platform.runLater(() -> context.main().checkForUpdate(Fixtures.settings(logs.resolve("update"),
                    "update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\n"), "0.1.0"));
            waitUntil(() -> shown(robot, "#newVersionLink"));
        }
        Hyperlink link = robot.lookup("#newVersionLink").queryAs(Hyperlink.class);
        assertEquals("有新版本 0.2.0，点此了解", link.getText());
        assertEquals(page, context.main().newerVersionPage().orElseThrow());
    }

    private static String tileTitle(FxRobot robot, String button) {
        Node tile = robot.lookup(button).query();
        return ((Label) tile.lookup(".tile-title")).getText();
    }

}
