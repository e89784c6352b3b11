package ukey.app.ui.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ukey.app.config.Settings;
import ukey.app.renewal.RenewalInteraction.ChallengeAnswer;
import ukey.app.ui.Fixtures;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.renewal.RenewalViewModel.Phase;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.cert.CertificateInfo;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.TokenCertificate;

/** 更新服务 without a screen: the window's renewal on a SoftHSM key against the sandbox CA over real HTTPS. */
class RenewalViewModelTest {

    private static SandboxCa ca;
    private RenewalKey key;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(Path.of("target"), "ui-sandbox")).sms(true)
                .retryAfterSeconds(0)); // still "processing" twice, without Retry-After waits
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @AfterEach
    void pullKey() {
        if (key != null) {
            key.delete();
        }
    }

    /** The page as the window builds it: main view-model on the SoftHSM keys, this key selected. */
    private RenewalViewModel page(Settings settings, RenewalPrompts person) throws Exception {
        KeyDirectory keys = Fixtures.softHsmKeys();
        SelectedKey selection = new SelectedKey();
        MainViewModel main = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS, selection);
        main.refresh();
        KeyCard card = main.keys().stream().filter(k -> k.info().label().equals(key.tokenLabel)).findFirst()
                .orElseThrow();
        main.selectedProperty().set(card);
        RenewalViewModel page = new RenewalViewModel(selection, Fixtures.ZH, Fixtures.ERRORS, settings, 30,
                Fixtures.inPlace());
        page.setPrompts(person);
        return page;
    }

    private static Path folder(String name) throws Exception {
        return Files.createTempDirectory(Path.of("target"), name);
    }

    @Test
    void renewsInsideTheWindowWithOnePinAndTheSmsCode() throws Exception {
        key = new RenewalKey(ca, 20, true);
        RenewalKey.Person person = new RenewalKey.Person(ca);
        person.answers.add(new ChallengeAnswer.Code("000000"));
        RenewalViewModel page = page(RenewalKey.settings(ca, folder("ui-settings")), person);
        assertEquals("待更新（还有 19 天到期）", page.stateProperty().get());
        assertTrue(page.canStart().get(), page.reasonProperty().get());

        page.start();

        assertEquals(Phase.DONE, page.phaseProperty().get(), () -> String.valueOf(page.errorProperty().get()));
        assertEquals(1, person.pinStates.size(), "the PIN is asked once");
        assertEquals(Optional.empty(), person.smsProblems.get(0));
        assertTrue(person.smsProblems.get(1).orElseThrow().startsWith("短信验证码不正确"),
                "a wrong code comes back with the CA's words: " + person.smsProblems.get(1));
        assertTrue(page.steps().stream().allMatch(line -> line.state() == StepLine.State.DONE));
        TokenCertificate renewed = key.softHsm.token(key.tokenLabel).certificates().getFirst();
        CertificateInfo info = renewed.info().orElseThrow();
        assertTrue(info.notAfter().isAfter(key.first.notAfter.plus(Duration.ofDays(300))));
        assertEquals("张三", page.resultOwnerProperty().get());
        assertEquals(Fixtures.ZH.format("common.validity", Fixtures.ZH.date(info.notBefore()),
                Fixtures.ZH.date(info.notAfter())), page.resultValidityProperty().get());
        assertEquals("", page.resultEncryptionProperty().get(), "one certificate: no encryption line");
        assertEquals("有效", page.resultStatusProperty().get());
        assertFalse(page.resumable().get());
    }

    @Test
    void outsideTheWindowTheButtonIsOffAndSaysWhy() throws Exception {
        key = new RenewalKey(ca, 200, true);
        RenewalKey.Person person = new RenewalKey.Person(ca);
        RenewalViewModel page = page(RenewalKey.settings(ca, folder("ui-settings")), person);

        assertFalse(page.canStart().get());
        assertEquals("还没到更新时间：证书到期前 30 天内才能在线更新。", page.reasonProperty().get());
        page.start();
        assertEquals(Phase.READY, page.phaseProperty().get());
        assertTrue(person.pinStates.isEmpty(), "nothing was asked or sent");
    }

    @Test
    void withoutAConfiguredCaTheButtonIsOffAndSaysWhoSetsItUp() throws Exception {
        key = new RenewalKey(ca, 20, true);
        RenewalViewModel page = page(Fixtures.settings(folder("ui-settings")), new RenewalKey.Person(ca));

        assertFalse(page.canStart().get());
        assertEquals("没有设置 CA 的更新服务地址：请联系单位的 IT 人员或 CA 设置后再更新。", page.reasonProperty().get());
    }

    @Test
    void aCaRefusalIsShownInWordsAndNothingIsKept() throws Exception {
        key = new RenewalKey(ca, 20, false);
        RenewalViewModel page = page(RenewalKey.settings(ca, folder("ui-settings")), new RenewalKey.Person(ca));

        page.start();

        assertEquals(Phase.FAILED, page.phaseProperty().get());
        assertEquals("没有审核通过的更新订单", page.errorProperty().get().title());
        assertFalse(page.errorProperty().get().actions().isEmpty(), "says what to do next");
        assertEquals("", page.keptNoteProperty().get(), "a refused renewal is not continued");
        assertFalse(page.resumable().get());
        assertEquals(StepLine.State.FAILED, page.steps().getFirst().state(), "it stopped at the preflight");
    }

    @Test
    void anInterruptedRenewalIsOfferedAgainAndFinishesInOneClick() throws Exception {
        key = new RenewalKey(ca, 20, true);
        Path settingsFolder = folder("ui-settings");
        RenewalKey.Person leaving = new RenewalKey.Person(ca);
        leaving.cancelSms = true;
        RenewalViewModel page = page(RenewalKey.settings(ca, settingsFolder), leaving);

        page.start();

        assertEquals(Phase.FAILED, page.phaseProperty().get());
        assertEquals("更新已暂停", page.errorProperty().get().title());
        assertTrue(page.keptNoteProperty().get().startsWith("更新记录已保存"), page.keptNoteProperty().get());
        assertTrue(page.resumable().get());
        assertTrue(page.canStart().get());

        // the window is closed and opened again: the key shows its unfinished renewal
        RenewalKey.Person back = new RenewalKey.Person(ca);
        RenewalViewModel reopened = page(RenewalKey.settings(ca, settingsFolder), back);
        assertTrue(reopened.resumable().get());
        assertTrue(reopened.reasonProperty().get().startsWith("这把UKey有一次未完成的更新（停在：向CA提交更新申请）"),
                reopened.reasonProperty().get());

        reopened.start();

        assertEquals(Phase.DONE, reopened.phaseProperty().get(), () -> String.valueOf(reopened.errorProperty().get()));
        assertFalse(reopened.resumable().get());
        assertEquals(1, ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count(),
                "the continued renewal is the same renewal at the CA");
        List<TokenCertificate> onKey = key.softHsm.token(key.tokenLabel).certificates();
        assertEquals(1, onKey.size(), "the new certificate; the old signing-only one retired");
        assertTrue(onKey.getFirst().info().orElseThrow().notAfter().isAfter(Instant.now().plus(Duration.ofDays(300))));
    }

    /** 放弃更新 beside 继续更新: the unused new key goes, the old certificate stays, the CA is told, the record goes. */
    @Test
    void anInterruptedRenewalCanBeAbandonedFromThePage() throws Exception {
        key = new RenewalKey(ca, 20, true);
        Path settingsFolder = folder("ui-settings");
        byte[] old = key.softHsm.token(key.tokenLabel).certificates().getFirst().value();
        RenewalKey.Person leaving = new RenewalKey.Person(ca);
        leaving.cancelSms = true;
        RenewalViewModel page = page(RenewalKey.settings(ca, settingsFolder), leaving);
        page.start();
        assertTrue(page.canAbandon().get(), "offered once the renewal is kept");

        RenewalKey.Person back = new RenewalKey.Person(ca);
        back.abandon = false;
        RenewalViewModel reopened = page(RenewalKey.settings(ca, settingsFolder), back);
        reopened.abandon();
        assertEquals(1, back.abandonAsked);
        assertTrue(reopened.resumable().get(), "not confirmed: nothing done");

        back.abandon = true;
        reopened.abandon();

        assertEquals(Phase.READY, reopened.phaseProperty().get(), () -> String.valueOf(reopened.errorProperty().get()));
        assertFalse(reopened.resumable().get());
        assertFalse(reopened.canAbandon().get());
        assertTrue(reopened.noticeProperty().get().startsWith("已放弃这次更新"), reopened.noticeProperty().get());
        List<TokenCertificate> onKey = key.softHsm.token(key.tokenLabel).certificates();
        assertEquals(1, onKey.size());
        assertTrue(java.util.Arrays.equals(old, onKey.getFirst().value()), "the old certificate stays");
        assertTrue(ca.renewals().stream().filter(r -> key.first.certId.equals(r.certId))
                .allMatch(r -> r.status == ukey.sandbox.RenewalStatus.ABANDONED), "the CA was told");
        assertTrue(reopened.canStart().get(), "a new renewal can start");
    }
}
