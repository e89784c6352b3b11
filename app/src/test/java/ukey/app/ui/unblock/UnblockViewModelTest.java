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
import ukey.app.ui.services.UiSettings;
import ukey.token.PinState;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;

/** 解锁服务 against a real SoftHSM key, without a screen. */
class UnblockViewModelTest {

    @TempDir
    Path logs;

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyCard key;

    @BeforeEach
    void insertKey() throws Exception {
        label = hsm.createToken("ui-unblock");
        key = Fixtures.softHsmKeys().scan().stream().filter(k -> k.info().label().equals(label)).findFirst()
                .orElseThrow();
    }

    @AfterEach
    void pullKey() {
        hsm.deleteToken(label);
    }

    private UnblockViewModel model(KeyCard card, UiSettings settings) {
        return new UnblockViewModel(card, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS, settings);
    }

    @Test
    void theSoPinSetsANewUserPin() throws Exception {
        UnblockViewModel model = model(key, Fixtures.settings(logs));
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
        UnblockViewModel model = model(key, Fixtures.settings(logs));
        model.soPinProperty().set("11112222");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");

        model.submit();

        assertFalse(model.doneProperty().get());
        assertTrue(model.resultProperty().get().contains("PIN_INCORRECT"), model.resultProperty().get());
        hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()).close();
    }

    @Test
    void withoutAnSoPinItSaysHowTheCaUnlocks() {
        UnblockViewModel model = model(key, Fixtures.settings(logs));
        model.noSoPinProperty().set(true);
        assertTrue(model.caHelpShown().get());
        assertFalse(model.canSubmit().get());
        assertTrue(model.caHelp().contains("天威诚信") && model.caHelp().contains("400-664-0066")
                && model.caHelp().contains("https://help.example.cn"), model.caHelp());

        UiSettings unknown = new UiSettings(Fixtures.settings(logs).language(), java.util.List.of(30), 30, "", "",
                "", logs);
        assertTrue(model(key, unknown).caHelp().startsWith("没有管理员口令时，请联系为您签发证书的CA解锁"));
    }

    @Test
    void aLockedSoPinLeavesOnlyTheCaAndTheFinalTryNeedsConfirmation() {
        UnblockViewModel locked = model(withSoPin(new PinState(true, false, true, false, 4, 255)),
                Fixtures.settings(logs));
        assertTrue(locked.caHelpShown().get(), "only the CA can help");
        assertEquals("管理员口令也已被锁定，只能由CA处理。", locked.soNoticeProperty().get().text());

        UnblockViewModel lastTry = model(withSoPin(new PinState(true, true, false, false, 4, 255)),
                Fixtures.settings(logs));
        lastTry.soPinProperty().set(SoftHsm.SO_PIN);
        lastTry.freshProperty().set("73914682");
        lastTry.confirmProperty().set("73914682");
        assertFalse(lastTry.canSubmit().get());
        lastTry.finalTryConfirmedProperty().set(true);
        assertTrue(lastTry.canSubmit().get());
    }

    private KeyCard withSoPin(PinState so) {
        TokenInfo i = key.info();
        return new KeyCard(new TokenInfo(i.label(), i.manufacturer(), i.model(), i.serial(), i.firmware(), i.library(),
                i.userPin(), so), key.token(), key.certificates(), key.main());
    }
}
