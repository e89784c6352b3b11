package ukey.app.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.tokens.LibraryChoice;
import ukey.app.tokens.ProviderFactory;
import ukey.app.tokens.TokenService;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.token.Backend;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.SoftSkf;

/**
 * What the UI tests share: the real services (settings read from a file, the error presenter, a token service)
 * over this JVM's SoftHSM or a simulated backend, and a background that runs in place.
 */
public final class Fixtures {

    public static final I18n ZH = I18n.forLanguage(Language.ZH);
    public static final I18n EN = I18n.forLanguage(Language.EN);
    public static final ErrorPresenter ERRORS = new ErrorPresenter(Language.ZH);

    /** The settings of the UI tests: the CA's contact for 解锁服务, the default window and reminders. */
    public static final String CA_CONTACT = """
            ca.name=天威诚信
            ca.phone=400-664-0066
            ca.portal=https://help.example.cn
            """;

    private Fixtures() {
    }

    /** Work and callbacks run in place: view-model tests see the result as soon as the call returns. */
    public static Background inPlace() {
        Executor direct = Runnable::run;
        return new Background(direct, direct);
    }

    /** Settings read the way the client reads them, from a settings.properties written into this folder. */
    public static Settings settings(Path folder, String properties) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(Settings.FILE_NAME), properties, StandardCharsets.UTF_8);
            return Settings.load(Map.of("UKEY_CONFIG_DIR", folder.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AppException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Settings settings(Path folder) {
        return settings(folder, CA_CONTACT);
    }

    /** A token service over this JVM's SoftHSM library; closing it leaves the library loaded for other tests. */
    public static TokenService softHsmTokens() throws TokenException {
        TokenProvider shared = SoftHsm.get().sharedProvider();
        return open(List.of(LibraryChoice.explicit(SoftHsm.get().library(), "test")), path -> shared);
    }

    /** A token service over softskf (this run's SKF devices), loaded afresh: close it after the test. */
    public static TokenService skfTokens() {
        return open(List.of(LibraryChoice.explicit(SoftSkf.get().library(), "test", Backend.SKF)), path -> {
            throw new IllegalStateException("no PKCS#11 library here: " + path);
        });
    }

    /** This JVM's SoftHSM library and softskf together, as a machine with both kinds of keys has them. */
    public static TokenService softHsmAndSkfTokens() throws TokenException {
        TokenProvider shared = SoftHsm.get().sharedProvider();
        return open(List.of(LibraryChoice.explicit(SoftHsm.get().library(), "test"),
                LibraryChoice.explicit(SoftSkf.get().library(), "test", Backend.SKF)), path -> shared);
    }

    /** A token service over a simulated backend (for PIN states SoftHSM never reaches). */
    public static TokenService simulatedTokens(SimulatedProvider provider) {
        return open(List.of(LibraryChoice.explicit(Path.of(provider.library()), "test")), path -> provider);
    }

    private static TokenService open(List<LibraryChoice> libraries, ProviderFactory factory) {
        try {
            return TokenService.open(libraries, factory);
        } catch (AppException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys of this test JVM's SoftHSM, as the window reads them (renewal window 30 days). */
    public static KeyDirectory softHsmKeys() throws TokenException {
        return new KeyDirectory(softHsmTokens(), Clock.systemDefaultZone(), 30);
    }

    /** The key with this label, read as the window reads it. */
    public static KeyCard key(KeyDirectory keys, String label) throws TokenException {
        return keys.scan().stream().filter(k -> k.info().label().equals(label)).findFirst().orElseThrow();
    }

    /**
     * Clicks into a field and puts the text in it as one edit: the view-model sees what typing gives it, without
     * the robot's round trip per character (DialogsTest types the FAQ search key by key).
     */
    public static void fill(FxRobot robot, String id, String text) {
        TextInputControl field = robot.lookup(id).queryAs(TextInputControl.class);
        robot.clickOn(field);
        robot.interact(() -> field.setText(text));
    }
}
