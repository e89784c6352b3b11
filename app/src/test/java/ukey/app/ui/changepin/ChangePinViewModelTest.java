package ukey.app.ui.changepin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ukey.app.ui.Fixtures;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.token.ObjectSession;
import ukey.token.TokenException;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.SoftHsm;

/** 修改口令 against a real SoftHSM key, without a screen. */
class ChangePinViewModelTest {

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyCard key;

    @BeforeEach
    void insertKey() throws Exception {
        label = hsm.createToken("ui-pin");
        key = Fixtures.key(Fixtures.softHsmKeys(), label);
    }

    @AfterEach
    void pullKey() {
        hsm.deleteToken(label);
    }

    private ChangePinViewModel model(KeyCard card) {
        return new ChangePinViewModel(card, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS);
    }

    @Test
    void changesThePinOnTheToken() throws Exception {
        ChangePinViewModel model = model(key);
        model.currentProperty().set(SoftHsm.USER_PIN);
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        assertTrue(model.canSubmit().get());

        model.submit();

        assertTrue(model.doneProperty().get(), model.resultProperty().get());
        assertEquals("口令修改成功。请牢记新口令，不要告诉他人。", model.resultProperty().get());
        assertEquals("", model.currentProperty().get(), "the fields are emptied");
        assertEquals("", model.freshProperty().get());
        try (ObjectSession session = ObjectSession.of(hsm.token(label).login("73914682".toCharArray()))) {
            assertTrue(session.objects().isEmpty());
        }
        assertThrows(TokenException.class, () -> hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()).close());
    }

    @Test
    void aWrongCurrentPinSaysSoAndChangesNothing() throws Exception {
        ChangePinViewModel model = model(key);
        model.currentProperty().set("00000001");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");

        model.submit();

        assertFalse(model.doneProperty().get());
        assertTrue(model.resultProperty().get().startsWith("错误：PIN（口令）不正确"), model.resultProperty().get());
        assertTrue(model.resultProperty().get().contains("CKR_PIN_INCORRECT"), "the detail for the helpdesk");
        hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()).close();
    }

    @Test
    void refusesTheOldPinAndMismatchesAndAsksBeforeATrivialPin() {
        ChangePinViewModel model = model(key);
        model.currentProperty().set(SoftHsm.USER_PIN);
        model.freshProperty().set(SoftHsm.USER_PIN);
        assertEquals("新口令不能与当前口令相同。", model.problem().getValue());
        assertFalse(model.canSubmit().get());

        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914680");
        assertEquals("两次输入的新口令不一致。", model.problem().getValue());
        assertFalse(model.canSubmit().get());

        model.freshProperty().set("123456");
        model.confirmProperty().set("123456");
        assertTrue(model.weak().get());
        assertFalse(model.canSubmit().get(), "a trivial PIN needs the user's explicit consent");
        model.weakAcceptedProperty().set(true);
        assertTrue(model.canSubmit().get());
    }

    @Test
    void atTheFinalTryThePinIsSentOnlyAfterConfirmation() throws Exception {
        SimulatedToken token = new SimulatedToken("final", "SIM-1", "246813", "87654321").userTriesLeft(1);
        ChangePinViewModel model = model(simulated(token));
        assertEquals(
                "只剩最后一次机会：如果当前口令再输错一次，口令将被锁定。", model.noticeProperty().get().text());
        model.currentProperty().set("246813");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        assertFalse(model.canSubmit().get());
        model.submit();
        assertFalse(model.doneProperty().get(), "nothing is sent without the confirmation");
        assertEquals("246813", model.currentProperty().get());
        assertTrue(token.userPinIs("246813"));

        model.finalTryConfirmedProperty().set(true);
        assertTrue(model.canSubmit().get());
        model.submit();
        assertTrue(model.doneProperty().get(), model.resultProperty().get());
        assertTrue(token.userPinIs("73914682"));
    }

    @Test
    void aWrongPinAtTheFinalTryLocksTheKeyAndPointsToUnlock() throws Exception {
        SimulatedToken token = new SimulatedToken("final", "SIM-2", "246813", "87654321").userTriesLeft(1);
        ChangePinViewModel model = model(simulated(token));
        model.currentProperty().set("111111");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        model.finalTryConfirmedProperty().set(true);

        model.submit();

        assertEquals(0, token.userTriesLeft());
        assertTrue(model.locked().get(), "the dialog now knows the PIN is locked");
        assertTrue(model.noticeProperty().get().text().contains("解锁服务"), model.noticeProperty().get().text());
        assertFalse(model.canSubmit().get());
    }

    @Test
    void aLockedPinCannotBeChangedAndPointsToUnlock() throws Exception {
        SimulatedToken token = new SimulatedToken("locked", "SIM-3", "246813", "87654321").userTriesLeft(0);
        ChangePinViewModel model = model(simulated(token));
        assertTrue(model.locked().get());
        assertTrue(model.noticeProperty().get().text().contains("解锁服务"));
        model.currentProperty().set("246813");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        assertFalse(model.canSubmit().get());
    }

    @Test
    void anInitialPinAsksForAChange() throws Exception {
        SimulatedToken token = new SimulatedToken("reset", "SIM-4", "123456", "87654321").toBeChanged(true);
        ChangePinViewModel model = model(simulated(token));
        assertEquals("这把UKey的口令是初始口令或刚被重置，请先设置一个新的口令。", model.noticeProperty().get().text());
        assertEquals("6–16 位", model.lengthRule());
        model.currentProperty().set("123456");
        model.freshProperty().set("73914682");
        model.confirmProperty().set("73914682");
        model.submit();
        assertTrue(model.doneProperty().get(), model.resultProperty().get());
        assertEquals("", model.noticeProperty().get().text(), "changed: nothing more to say");
    }

    /** The key as the window reads it from a simulated backend (SoftHSM never reaches these PIN states). */
    private static KeyCard simulated(SimulatedToken token) throws Exception {
        KeyDirectory keys = new KeyDirectory(Fixtures.simulatedTokens(new SimulatedProvider("sim").insert(token)),
                java.time.Clock.systemUTC(), 30);
        return keys.scan().getFirst();
    }
}
