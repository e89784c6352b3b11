package ukey.app.ui.unblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.ui.Fixtures;
import ukey.app.ui.services.KeyCard;
import ukey.app.config.Settings;
import ukey.app.ui.services.KeyDirectory;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.SoftHsm;

/** 解锁服务 against a real SoftHSM key, without a screen. */
class UnblockViewModelTest {

    @TempDir
    Path folder;

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyCard key;

    @BeforeEach
    void insertKey() throws Exception {
        label = hsm.createToken("ui-unblock");
        key = Fixtures.key(Fixtures.softHsmKeys(), label);
    }

    @AfterEach
    void pullKey() {
        hsm.deleteToken(label);
    }

    private UnblockViewModel model(KeyCard card, Settings settings) {
        return new UnblockViewModel(card, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS, settings);
    }

    @Test
    void theSoPinSetsANewUserPin() throws Exception {
        UnblockViewModel model = model(key, Fixtures.settings(folder));
        model.soPinProperty().set(SoftHsm.SO_PIN);
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        assertTrue(model.canSubmit().get());

        model.submit();

        assertTrue(model.doneProperty().get(), model.resultProperty().get());
        assertEquals("", model.soPinProperty().get());
        hsm.token(label).login("73914682".toCharArray()).close();
    }

    @Test
    void aWrongSoPinChangesNothing() throws Exception {
        UnblockViewModel model = model(key, Fixtures.settings(folder));
        model.soPinProperty().set("11112222");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");

        model.submit();

        assertFalse(model.doneProperty().get());
        assertTrue(model.resultProperty().get().startsWith("错误：PIN（口令）不正确"), model.resultProperty().get());
        hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()).close();
    }

    @Test
    void withoutAnSoPinItSaysHowTheCaUnlocks() {
        UnblockViewModel model = model(key, Fixtures.settings(folder));
        model.noSoPinProperty().set(true);
        assertTrue(model.caHelpShown().get());
        assertFalse(model.canSubmit().get());
        assertTrue(model.caHelp().contains("天威诚信") && model.caHelp().contains("400-664-0066")
                && model.caHelp().contains("https://help.example.cn"), model.caHelp());

        Settings unknown = Fixtures.settings(folder.resolve("no-contact"), "");
        assertTrue(model(key, unknown).caHelp().startsWith("没有管理员口令时，请联系为您签发证书的CA解锁"));
    }

    @Test
    void aLockedSoPinLeavesOnlyTheCaAndTheFinalTryNeedsConfirmation() throws Exception {
        UnblockViewModel locked = model(simulated(new SimulatedToken("locked", "SIM-L", "123456", "87654321")
                .userTriesLeft(0).soTriesLeft(0)), Fixtures.settings(folder));
        assertTrue(locked.caHelpShown().get(), "only the CA can help");
        assertEquals("管理员口令也已被锁定，只能由CA处理。", locked.soNoticeProperty().get().text());

        SimulatedToken lastTry = new SimulatedToken("last", "SIM-F", "123456", "87654321").userTriesLeft(0)
                .soTriesLeft(1);
        UnblockViewModel model = model(simulated(lastTry), Fixtures.settings(folder));
        model.soPinProperty().set("87654321");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        assertFalse(model.canSubmit().get());
        model.submit();
        assertEquals(1, lastTry.soTriesLeft(), "nothing is sent without the confirmation");
        model.finalTryConfirmedProperty().set(true);
        assertTrue(model.canSubmit().get());
        model.submit();
        assertTrue(model.doneProperty().get(), model.resultProperty().get());
        assertTrue(lastTry.userPinIs("73914682"));
    }

    @Test
    void aWrongSoPinAtTheFinalTryLocksItAndLeavesOnlyTheCa() throws Exception {
        SimulatedToken lastTry = new SimulatedToken("last", "SIM-W", "123456", "87654321").userTriesLeft(0)
                .soTriesLeft(1);
        UnblockViewModel model = model(simulated(lastTry), Fixtures.settings(folder));
        model.soPinProperty().set("11112222");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        model.finalTryConfirmedProperty().set(true);

        model.submit();

        assertEquals(0, lastTry.soTriesLeft());
        assertFalse(model.doneProperty().get());
        assertTrue(model.caHelpShown().get(), model.resultProperty().get());
    }

    /** The key as the window reads it from a simulated backend. */
    private static KeyCard simulated(SimulatedToken token) throws Exception {
        KeyDirectory keys = new KeyDirectory(Fixtures.simulatedTokens(new SimulatedProvider("sim").insert(token)),
                java.time.Clock.systemUTC(), 30);
        return keys.scan().getFirst();
    }
}
