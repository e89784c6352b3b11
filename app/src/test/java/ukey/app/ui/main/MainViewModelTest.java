package ukey.app.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.ui.Fixtures;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.common.Tone;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyEvent;
import ukey.app.update.UpdateServer;
import ukey.token.ObjectSession;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;

/** The main window's state against real SoftHSM keys, without a screen. */
class MainViewModelTest {

    private final SoftHsm hsm = SoftHsm.get();
    private String label;
    private KeyDirectory keys;

    @BeforeEach
    void insertKey() throws Exception {
        label = hsm.createToken("ui-main");
        keys = Fixtures.softHsmKeys();
    }

    @AfterEach
    void pullKey() {
        try {
            hsm.deleteToken(label);
        } catch (IllegalStateException alreadyGone) {
            // the test pulled it
        }
    }

    @Test
    void onlyANewerVersionReachesTheFooterAndAFailedCheckIsOnlyLogged(@TempDir Path folder) throws Exception {
        MainViewModel model = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
        try (UpdateServer server = new UpdateServer(folder)) {
            String document = "update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\n";
            Settings on = Fixtures.settings(folder.resolve("on"), document);

            server.latest("0.1.0");
            model.checkForUpdate(on, "0.1.0");
            server.serve(200, "<html>proxy login</html>");
            model.checkForUpdate(on, "0.1.0");
            assertEquals("", model.newerVersionProperty().get());
            assertEquals(2, server.requests());

            server.latest("0.2.0");
            model.checkForUpdate(Fixtures.settings(folder.resolve("off"), document + "update.check=off\n"), "0.1.0");
            assertEquals(2, server.requests(), "update.check=off asks nobody");
            assertEquals("", model.newerVersionProperty().get());

            model.checkForUpdate(on, "0.1.0");
            assertEquals("0.2.0", model.newerVersionProperty().get());
            assertEquals(server.page("0.2.0"), model.newerVersionPage().orElseThrow());
        }
    }

    @Test
    void refreshShowsTheInsertedKeyInTheSidePanel() throws Exception {
        MainViewModel model = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
        model.refresh();

        KeyCard card = model.keys().stream().filter(k -> k.info().label().equals(label)).findFirst().orElseThrow();
        model.selectedProperty().set(card);
        assertTrue(model.hasKey().get());
        assertEquals(hsm.token(label).info().serial(), model.serialProperty().get());
        assertEquals("这把UKey中没有证书", model.statusProperty().get());
        assertEquals(Tone.DANGER, model.toneProperty().get());
        assertFalse(model.hasCertificate().get(), "查看证书 is off without a certificate");
        assertFalse(model.busyProperty().get());
        assertEquals("", model.problemProperty().get());
    }

    @Test
    void thePanelShowsTheSealValidityTheCaReportsAndNothingWhenItCannot() throws Exception {
        try (ukey.token.ObjectSession session = ukey.token.ObjectSession.of(hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            ukey.token.ObjectSession.GeneratedKey key = session.generateKeyPair(ukey.token.KeySpec.EC_P256, null, "签名证书");
            ukey.token.testing.TestCertificates.Issued ca = ukey.token.testing.TestCertificates.builder()
                    .subject(new org.bouncycastle.asn1.x500.X500Name("CN=Test CA, C=CN")).ca().build();
            session.writeCertificate(key.id(), "签名证书", ukey.token.testing.TestCertificates.builder()
                    .publicKey(key.publicKey()).subject(new org.bouncycastle.asn1.x500.X500Name("CN=张三, C=CN"))
                    .issuer(ca).certificate());
        }
        java.time.Instant sealEnd = java.time.Instant.parse("2027-12-12T00:00:00Z");
        java.util.List<String> asked = new java.util.ArrayList<>();
        MainViewModel model = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
        model.sealsFrom(certificate -> {
            asked.add(certificate.owner());
            return java.util.List.of(new ukey.app.renewal.CaConnector.Seal("电子签章（张三）", sealEnd));
        });
        model.refresh();
        model.selectedProperty().set(Fixtures.key(keys, label));
        model.refresh();
        assertEquals(1, asked.stream().filter("张三"::equals).count(), "asked the CA once about this certificate");
        assertEquals("电子签章（张三）\n至 " + Fixtures.ZH.date(sealEnd), model.sealProperty().get());

        MainViewModel offline = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
        offline.sealsFrom(certificate -> {
            throw new java.io.IOException("the CA cannot be reached");
        });
        offline.refresh();
        offline.selectedProperty().set(Fixtures.key(keys, label));
        assertEquals("", offline.sealProperty().get(), "no seal line when the CA cannot say");
    }

    @Test
    void keysReadWhileTheWindowWasBuiltAreInPlaceBeforeItShows() throws Exception {
        Queue<Runnable> work = new ConcurrentLinkedQueue<>();
        Queue<Runnable> ui = new ConcurrentLinkedQueue<>(); // the key watch's events come from its own thread
        MainViewModel model = new MainViewModel(keys, new Background(work::add, ui::add), Fixtures.ZH,
                Fixtures.ERRORS, new SelectedKey());
        model.start(CompletableFuture.completedFuture(keys.scan()));

        assertTrue(work.isEmpty(), "no scan of its own");
        assertEquals(hsm.token(label).info().serial(), model.serialProperty().get(),
                "the panel shows the key at once, before any queued work has run");
        assertTrue(model.busyProperty().get(), "started up only once the window has had its turn");
        model.close();
        runAll(work, ui);
        assertFalse(model.busyProperty().get());
    }

    @Test
    void aLookStillUnderWayArrivesLaterAndOneThatFailedIsSaid() throws Exception {
        Queue<Runnable> work = new ConcurrentLinkedQueue<>();
        Queue<Runnable> ui = new ConcurrentLinkedQueue<>();
        MainViewModel model = new MainViewModel(keys, new Background(work::add, ui::add), Fixtures.ZH,
                Fixtures.ERRORS, new SelectedKey());
        CompletableFuture<List<KeyCard>> look = new CompletableFuture<>();
        model.start(look);
        model.close();
        assertEquals("", model.serialProperty().get(), "nothing to show before the look is done");
        look.complete(keys.scan());
        runAll(work, ui);
        assertEquals(hsm.token(label).info().serial(), model.serialProperty().get());
        assertFalse(model.busyProperty().get());

        MainViewModel failing = new MainViewModel(keys, new Background(work::add, ui::add), Fixtures.ZH,
                Fixtures.ERRORS, new SelectedKey());
        TokenException broken = new TokenException(TokenError.DEVICE_ERROR, "the key stopped answering");
        failing.start(CompletableFuture.failedFuture(broken));
        failing.close();
        runAll(work, ui);
        assertEquals(Fixtures.ERRORS.text(broken), failing.problemProperty().get(), "said as the key's own error");
        assertFalse(failing.busyProperty().get());
    }

    /** Runs the queued work and UI callbacks, and what they queue in turn, until none is left. */
    private static void runAll(Queue<Runnable> work, Queue<Runnable> ui) {
        while (!work.isEmpty() || !ui.isEmpty()) {
            for (Runnable next; (next = work.poll()) != null; ) {
                next.run();
            }
            for (Runnable next; (next = ui.poll()) != null; ) {
                next.run();
            }
        }
    }

    @Test
    void insertSelectsTheNewKeyAndRemoveLeadsToTheEmptyState() throws Exception {
        MainViewModel model = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
        TokenInfo info = hsm.token(label).info();

        model.onKeyEvent(new KeyEvent.Inserted(info));
        assertEquals(info.key(), model.selectedProperty().get().key());
        assertEquals(label + "（" + info.serial() + "）", model.keyName(model.selectedProperty().get()));

        hsm.deleteToken(label);
        model.onKeyEvent(new KeyEvent.Removed(info));
        assertTrue(model.keys().stream().noneMatch(k -> k.key().equals(info.key())));
        assertNull(model.selectedProperty().get());
        assertFalse(model.hasKey().get(), "the panel shows 请插入UKey");
        assertEquals("", model.serialProperty().get());
    }

    @Test
    void aKeyAlreadyListedIsNotReadAgainWhenTheWatchReportsIt() throws Exception {
        Queue<Runnable> work = new ArrayDeque<>();
        MainViewModel model = new MainViewModel(keys, new Background(work::add, Runnable::run), Fixtures.ZH,
                Fixtures.ERRORS, new SelectedKey());
        model.refresh(); // as the window's look at start, or 刷新
        work.forEach(Runnable::run);
        work.clear();
        KeyCard listed = model.selectedProperty().get();

        model.onKeyEvent(new KeyEvent.Inserted(hsm.token(label).info())); // the watch's first look reports it

        assertTrue(work.isEmpty(), "the key is not read a second time");
        assertFalse(model.busyProperty().get());
        assertSame(listed, model.selectedProperty().get());
    }

    @Test
    void aKeyPulledBeforeItsReadFinishesIsNotShown() throws Exception {
        Queue<Runnable> work = new ArrayDeque<>();
        MainViewModel model = new MainViewModel(keys, new Background(work::add, Runnable::run), Fixtures.ZH,
                Fixtures.ERRORS,
                new SelectedKey());
        TokenInfo info = hsm.token(label).info();

        model.onKeyEvent(new KeyEvent.Inserted(info));
        assertTrue(model.busyProperty().get(), "reading the key shows progress");
        model.onKeyEvent(new KeyEvent.Removed(info));
        work.forEach(Runnable::run);

        assertTrue(model.keys().isEmpty());
        assertNull(model.selectedProperty().get());
        assertFalse(model.busyProperty().get());
    }

    @Test
    void severalKeysShowTheSelectorAndRefreshKeepsTheChoice() throws Exception {
        String second = hsm.createToken("ui-main-2");
        try {
            MainViewModel model = new MainViewModel(keys, Fixtures.inPlace(), Fixtures.ZH, Fixtures.ERRORS,
                new SelectedKey());
            model.refresh();
            assertTrue(model.severalKeys().get());
            KeyCard chosen = model.keys().stream().filter(k -> k.info().label().equals(second)).findFirst()
                    .orElseThrow();
            model.selectedProperty().set(chosen);

            model.refresh();
            assertEquals(chosen.key(), model.selectedProperty().get().key());
        } finally {
            hsm.deleteToken(second);
        }
    }
}
