package ukey.app.ui.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ukey.app.renewal.RenewalFixture;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.TokenService;
import ukey.app.ui.Fixtures;
import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.renewal.RenewalViewModel.Phase;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.cert.CertificateInfo;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeyHalf;

/**
 * 更新服务 on an SKF key without a screen: the window's renewal of an SM2 dual-certificate identity against the
 * sandbox's SM2 CA, and 我的UKey afterwards showing both new certificates (the panel binds the key's main
 * certificate and its partner).
 */
class SkfRenewalViewModelTest {

    private static SandboxCa ca;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(Path.of("target"), "ui-sm2-sandbox"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2).sms(true).retryAfterSeconds(0));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @Test
    void renewsAnSm2KeyAndMyKeysShowsBothNewCertificates() throws Exception {
        RenewalFixture key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"));
        try (TokenService tokens = Fixtures.skfTokens()) {
            SelectedKey selection = new SelectedKey();
            MainViewModel main = new MainViewModel(new KeyDirectory(tokens, java.time.Clock.systemDefaultZone(), 30),
                    Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS, selection);
            main.refresh();
            main.selectedProperty().set(card(main, key));
            RenewalViewModel page = new RenewalViewModel(selection, Fixtures.ZH, Fixtures.ERRORS,
                    RenewalKey.settings(ca, Files.createTempDirectory(Path.of("target"), "ui-settings")), 30,
                    Fixtures.inPlace());
            RenewalKey.Person person = new RenewalKey.Person(ca);
            page.setPrompts(person);
            assertTrue(page.canStart().get(), page.reasonProperty().get());

            page.start();

            assertEquals(Phase.DONE, page.phaseProperty().get(), () -> String.valueOf(page.errorProperty().get()));
            assertEquals(1, person.pinStates.size(), "the PIN is asked once");
            assertEquals(Fixtures.ZH.tr("renewal.line.write.dual"), page.steps().get(StepLine.Line.WRITE.ordinal())
                    .text(), "the progress names what a dual-certificate key receives");
            assertEquals("张三", page.resultOwnerProperty().get());
            main.refresh();
            KeyCard renewed = card(main, key);
            CertificateSummary signing = renewed.main().orElseThrow();
            CertificateSummary encryption = renewed.partner().orElseThrow();
            assertEquals(KeyHalf.Usage.SIGN, signing.usage());
            assertEquals(KeyHalf.Usage.ENCRYPT, encryption.usage());
            for (CertificateSummary shown : java.util.List.of(signing, encryption)) {
                CertificateInfo info = shown.info().orElseThrow();
                assertTrue(info.notAfter().isAfter(key.first.notAfter), "a new certificate: " + info.notAfter());
            }
            assertTrue(signing.identity().name().startsWith("ukey-renewal-"), signing.identity().toString());
            assertEquals(CertificateWords.validity(Fixtures.ZH, encryption.info().orElseThrow()),
                    page.resultEncryptionProperty().get(), "the success card names the new encryption "
                            + "certificate's validity beside the signing certificate's");
            assertEquals(signing.identity().id(), encryption.identity().id(), "both halves of the new container");
        }
    }

    private static KeyCard card(MainViewModel main, RenewalFixture key) {
        return main.keys().stream().filter(k -> k.info().serial().equals(key.device.serial())).findFirst()
                .orElseThrow();
    }
}
