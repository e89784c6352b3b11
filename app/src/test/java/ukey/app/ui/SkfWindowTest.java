package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.app.ui.TestWindow.text;
import static ukey.app.ui.TestWindow.waitUntil;

import java.nio.file.Path;

import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.TokenService;
import ukey.app.ui.certificate.CertificateViewModel.Row;
import ukey.cert.CertificateInfo;
import ukey.token.testing.DeviceBuilder;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/**
 * The window on a real softskf key (an SM2 dual-certificate key through SKF): the panel with both certificates'
 * validity and the tries left, 查看证书 with both certificates, the tries in the PIN dialog, a default PIN that
 * opens 修改口令 at once, and 修改标签.
 */
@ExtendWith(ApplicationExtension.class)
class SkfWindowTest {

    private static final String CONTAINER = "SM2 Identity";

    @TempDir
    static Path logs;

    private final SoftSkf softSkf = SoftSkf.get();
    private SoftSkfDevice key;
    private TokenService tokens;
    private TestWindow window;

    @Start
    void start(Stage stage) throws Exception {
        tokens = Fixtures.skfTokens();
        window = TestWindow.show(stage, tokens, Fixtures.settings(logs));
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        tokens.close();
        if (key != null) {
            softSkf.deleteDevice(key.name());
        }
    }

    /** The key for the test: inserted after the window opened, as a user plugs it in. */
    private SoftSkfDevice insert(DeviceBuilder device, FxRobot robot) throws Exception {
        key = device.build();
        waitUntil(() -> key.serial().equals(text(robot, "#serialLabel")));
        return key;
    }

    private static DeviceBuilder dualKey(SoftSkf softSkf) {
        return softSkf.device("window").label("张三的SM2 UKey").identity(CONTAINER, "张三");
    }

    @Test
    void thePanelShowsBothCertificatesValidityAndTheTriesLeft(FxRobot robot) throws Exception {
        insert(dualKey(softSkf), robot);
        CertificateInfo signing = key.signing().get(CONTAINER).info();
        CertificateInfo encryption = key.encryption().get(CONTAINER).info();

        assertEquals("张三", text(robot, "#ownerLabel"));
        assertEquals("签名证书有效期", text(robot, "#validityTitle"));
        assertEquals("从 " + Fixtures.ZH.date(signing.notBefore()) + "\n到 " + Fixtures.ZH.date(signing.notAfter()),
                text(robot, "#validityLabel"));
        assertTrue(robot.lookup("#encryptionBox").query().isVisible());
        assertEquals("从 " + Fixtures.ZH.date(encryption.notBefore()) + "\n到 "
                + Fixtures.ZH.date(encryption.notAfter()), text(robot, "#encryptionValidityLabel"));
        assertEquals("还剩 6 次（共 6 次）", text(robot, "#pinTriesLabel"));
        assertTrue(text(robot, "#statusLabel").startsWith("有效"), text(robot, "#statusLabel"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void viewCertificateOffersTheContainersSigningAndEncryptionCertificates(FxRobot robot) throws Exception {
        insert(dualKey(softSkf), robot);
        robot.clickOn("#viewCertificateButton");
        waitUntil(() -> robot.lookup("#certificateChooser").tryQuery().isPresent());

        ComboBox<CertificateSummary> chooser = robot.lookup("#certificateChooser").queryAs(ComboBox.class);
        assertTrue(chooser.isVisible(), "two certificates: the chooser shows");
        assertEquals(2, chooser.getItems().size());
        assertEquals(chooser.getItems().getFirst(), chooser.getValue(), "the signing certificate first");
        assertEquals("张三（SM2 Identity · 签名证书）", chooser.getButtonCell().getText());

        robot.interact(() -> chooser.setValue(chooser.getItems().get(1)));
        waitUntil(() -> "张三（SM2 Identity · 加密证书）".equals(chooser.getButtonCell().getText()));
        TableView<Row> general = robot.lookup("#generalTable").queryAs(TableView.class);
        waitUntil(() -> general.getItems().stream().anyMatch(row -> row.value().equals("加密证书")));
        assertTrue(general.getItems().contains(new Row("容器", CONTAINER)), general.getItems().toString());
        assertTrue(general.getItems().stream().anyMatch(row -> row.name().equals("密钥用法")
                && row.value().contains("keyEncipherment")), general.getItems().toString());
        robot.clickOn("#closeButton");
    }

    @Test
    void thePinDialogsSayHowManyTriesAreLeft(FxRobot robot) throws Exception {
        insert(dualKey(softSkf).retries(6), robot);
        softSkf.tool("reset-pin", "--device", key.folder().toString(), "--left", "4");
        robot.clickOn("#refreshButton");
        waitUntil(() -> "还剩 4 次（共 6 次）".equals(text(robot, "#pinTriesLabel")));
        assertEquals("之前输错过口令，还剩 4 次机会，请仔细输入。", text(robot, "#pinNoticeLabel"));

        robot.clickOn("#changePinButton");
        waitUntil(() -> robot.lookup("#currentField").tryQuery().isPresent());
        waitUntil(() -> "口令输入机会：还剩 4 次（共 6 次）".equals(text(robot, "#triesLabel")));
        assertEquals("之前输错过口令，还剩 4 次机会，请仔细输入。", text(robot, "#noticeLabel"));
        Fixtures.fill(robot, "#currentField", "99999999");
        Fixtures.fill(robot, "#newField", "27182818");
        Fixtures.fill(robot, "#confirmField", "27182818");
        robot.clickOn("#submitButton");
        waitUntil(() -> "口令输入机会：还剩 3 次（共 6 次）".equals(text(robot, "#triesLabel")));
        assertTrue(text(robot, "#resultLabel").contains("还剩 3 次机会"), text(robot, "#resultLabel"));
        robot.clickOn("#cancelButton");
    }

    @Test
    void aDefaultPinOpensChangePinAtOnceWithItsNotice(FxRobot robot) throws Exception {
        key = softSkf.device("default").defaultPin().identity(CONTAINER, "王五").build();
        waitUntil(() -> robot.lookup("#currentField").tryQuery().isPresent());
        Window dialog = robot.lookup("#currentField").query().getScene().getWindow();
        assertEquals("修改口令", ((Stage) dialog).getTitle());
        assertEquals("这把UKey的口令是初始口令或刚被重置，请先设置一个新的口令。", text(robot, "#noticeLabel"));
        assertTrue(text(robot, "#pinNoticeLabel").contains("请先设置一个新的口令"), "the panel says so too");

        Fixtures.fill(robot, "#currentField", SoftSkf.USER_PIN);
        Fixtures.fill(robot, "#newField", "31415926");
        Fixtures.fill(robot, "#confirmField", "31415926");
        robot.clickOn("#submitButton");
        waitUntil(() -> text(robot, "#resultLabel").startsWith("口令修改成功"));
        robot.clickOn("#cancelButton");
        assertFalse(key.token().info().userPin().toBeChanged());
        waitUntil(() -> text(robot, "#pinNoticeLabel").isEmpty());
        assertEquals(1L, robot.listWindows().stream().filter(Window::isShowing).count(), "asked once");
    }

    @Test
    void renameTheKeyFromThePanel(FxRobot robot) throws Exception {
        insert(dualKey(softSkf), robot);
        robot.clickOn("#renameLink");
        Fixtures.fill(robot, "#labelField", "投标专用盾");
        robot.clickOn("#saveLabelButton");
        waitUntil(() -> "已改名为「投标专用盾」。".equals(text(robot, "#labelMessage")));
        assertEquals("投标专用盾", key.token().info().label());
        waitUntil(() -> text(robot, "#keyDescriptionLabel").startsWith("投标专用盾"));
        assertFalse(robot.lookup("#labelEditorBox").query().isVisible());
    }
}
