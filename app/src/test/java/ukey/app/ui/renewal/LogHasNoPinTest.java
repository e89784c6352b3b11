package ukey.app.ui.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.logging.LogSetup;
import ukey.app.ui.Fixtures;
import ukey.app.ui.changepin.ChangePinViewModel;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.renewal.RenewalViewModel.Phase;
import ukey.app.ui.services.KeyCard;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.testing.SoftHsm;

/** The window's log, in detail (DEBUG), after a wrong PIN, a PIN change refused and a renewal: no PIN in it. */
class LogHasNoPinTest {

    private static final String WRONG_PIN = "97531864";
    private static final String NEW_PIN = "24681357";

    @TempDir
    Path logs;

    @Test
    void aWrongPinAPinChangeAndARenewalLeaveNoPinInTheLog() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "log-pin");
        RenewalKey key = null;
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(work.resolve("ca")).sms(true).retryAfterSeconds(0));
             LogSetup.LogFile ignored = LogSetup.toFile(logs, true, Map.of())) {
            key = new RenewalKey(ca, 20, true);
            SelectedKey selection = new SelectedKey();
            MainViewModel main = new MainViewModel(Fixtures.softHsmKeys(), Fixtures.inPlace(), Fixtures.ZH,
                    Fixtures.ERRORS, selection);
            main.refresh();
            String label = key.tokenLabel;
            KeyCard card = main.keys().stream().filter(k -> k.info().label().equals(label)).findFirst()
                    .orElseThrow();
            main.selectedProperty().set(card);

            ChangePinViewModel change = new ChangePinViewModel(card, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS);
            change.currentProperty().set(WRONG_PIN);
            change.freshProperty().set(NEW_PIN);
            change.confirmProperty().set(NEW_PIN);
            change.submit();
            assertFalse(change.doneProperty().get());

            RenewalViewModel page = new RenewalViewModel(selection, Fixtures.ZH, Fixtures.ERRORS,
                    RenewalKey.settings(ca, work.resolve("settings")), 30, Fixtures.inPlace());
            RenewalKey.Person person = new RenewalKey.Person(ca);
            person.pins.add(WRONG_PIN);
            page.setPrompts(person);
            page.start();
            assertEquals(Phase.DONE, page.phaseProperty().get(), () -> String.valueOf(page.errorProperty().get()));
            assertEquals(2, person.pinStates.size(), "asked again after the wrong PIN");
        } finally {
            if (key != null) {
                key.delete();
            }
        }

        String log = new String(Files.readAllBytes(logs.resolve(LogSetup.FILE_NAME)), StandardCharsets.ISO_8859_1);
        // the log says what happened, so its silence about PINs means something
        assertTrue(log.contains("changing the PIN of key") && log.contains("CKR_PIN_INCORRECT"), log);
        assertTrue(log.contains("renewal") && log.contains("DEBUG") && log.contains(": WRITTEN"), log);
        for (String pin : List.of(SoftHsm.USER_PIN, SoftHsm.SO_PIN, WRONG_PIN, NEW_PIN)) {
            assertFalse(log.contains(pin), "the log holds a PIN: " + pin);
        }
    }
}
