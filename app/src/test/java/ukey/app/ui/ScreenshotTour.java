package ukey.app.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;

import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.services.CertificateSummary;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyEvent;
import ukey.app.ui.services.UiSettings;
import ukey.cert.CertificateStatus;
import ukey.token.PinState;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;

/**
 * Opens the real window on SoftHSM keys and saves a PNG of every page and dialog to the folder given
 * (src/screenshots.sh runs it under Xvfb). The keys are real tokens; until certificate parsing is merged their
 * certificate facts are filled in here, so the side panel can be looked at in each state.
 */
public final class ScreenshotTour {

    private final Path out;
    private final SoftHsm hsm = SoftHsm.get();
    private final List<String> labels = new ArrayList<>();
    private UiContext context;

    private ScreenshotTour(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Files.createDirectories(out);
        Locale language = args.length > 1 ? Locale.forLanguageTag(args[1]) : Locale.SIMPLIFIED_CHINESE;
        ScreenshotTour tour = new ScreenshotTour(out);
        int status = 0;
        try {
            tour.run(language);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            tour.labels.forEach(tour.hsm::deleteToken);
        }
        System.exit(status);
    }

    private void run(Locale language) throws Exception {
        Path logs = Files.createTempDirectory("ukey-tour-logs");
        UiSettings settings = new UiSettings(language, List.of(90, 30, 7), 30, "天威诚信", "400-664-0066",
                "https://www.itrus.com.cn", logs);
        Instant now = Instant.now();
        KeyDirectory keys = new WithCertificates(Fixtures.softHsmKeys(), now);
        Platform.startup(() -> { });
        var workers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "tour-worker");
            thread.setDaemon(true);
            return thread;
        });
        String prefix = language.getLanguage().equals("en") ? "en-" : "";
        Stage stage = fx(() -> {
            context = new UiContext(keys, settings, Fixtures.ERRORS, new AppInfo("0.1.0"), Clock.systemDefaultZone(),
                    new Background(workers, Platform::runLater));
            Stage main = new Stage();
            main.setWidth(1180);
            main.setHeight(760);
            return context.showMain(main);
        });
        pause(1500);
        shoot(stage.getScene(), prefix + "01-main-no-key");

        labels.add(hsm.createToken("示例代理"));
        pause(2500);
        shoot(stage.getScene(), prefix + "02-main-key-valid");

        labels.add(hsm.createToken("张三-EXPIRING"));
        pause(2500);
        shoot(stage.getScene(), prefix + "03-main-two-keys-expiring");

        fx(() -> {
            ((javafx.scene.control.Button) stage.getScene().lookup("#renewButton")).fire();
            return null;
        });
        pause(600);
        shoot(stage.getScene(), prefix + "04-renewal");
        fx(() -> {
            context.main().showRenewal(false);
            ((TabPane) stage.getScene().lookup("#tabs")).getSelectionModel().select(1);
            ((javafx.scene.control.Button) stage.getScene().lookup("#runButton")).fire();
            return null;
        });
        pause(2500);
        shoot(stage.getScene(), prefix + "05-diagnostics");
        fx(() -> {
            ((TabPane) stage.getScene().lookup("#tabs")).getSelectionModel().select(2);
            return null;
        });
        pause(500);
        shoot(stage.getScene(), prefix + "06-faq");
        fx(() -> {
            ((TextField) stage.getScene().lookup("#searchField")).setText(language.getLanguage().equals("en")
                    ? "locked" : "锁定");
            return null;
        });
        pause(500);
        shoot(stage.getScene(), prefix + "07-faq-search");
        fx(() -> {
            ((TabPane) stage.getScene().lookup("#tabs")).getSelectionModel().select(0);
            return null;
        });

        dialog(key -> context.changePin(key), null, scene -> { }, prefix + "08-change-pin");
        dialog(key -> context.changePin(key), null, scene -> {
            ((PasswordField) scene.lookup("#currentField")).setText("12345678");
            ((PasswordField) scene.lookup("#newField")).setText("123456");
            ((PasswordField) scene.lookup("#confirmField")).setText("123457");
        }, prefix + "09-change-pin-trivial");
        dialog(key -> context.changePin(key), new PinState(true, true, false, false, 6, 16), scene -> {
            ((PasswordField) scene.lookup("#currentField")).setText("12345678");
        }, prefix + "10-change-pin-final-try");
        dialog(key -> context.unblock(key), new PinState(true, false, true, false, 6, 16), scene -> { },
                prefix + "11-unblock-locked");
        dialog(key -> context.unblock(key), new PinState(true, false, true, false, 6, 16),
                scene -> ((CheckBox) scene.lookup("#noSoPinBox")).setSelected(true), prefix + "12-unblock-no-so-pin");

        fx(() -> {
            labels.forEach(hsm::deleteToken);
            labels.clear();
            return null;
        });
        pause(2500);
        shoot(stage.getScene(), prefix + "13-main-key-pulled");
    }

    /** Opens a dialog for the selected key (with these PIN flags, when given) and shoots it. */
    private void dialog(Consumer<KeyCard> open, PinState userPin, Consumer<Scene> fill, String name)
            throws Exception {
        Stage dialog = fx(() -> {
            KeyCard key = context.main().selectedProperty().get();
            if (userPin != null) {
                TokenInfo i = key.info();
                key = new KeyCard(new TokenInfo(i.label(), i.manufacturer(), i.model(), i.serial(), i.firmware(),
                        i.library(), userPin, i.soPin()), new FixedFlags(key.token(), userPin), key.certificates(),
                        key.main());
            }
            List<Window> before = List.copyOf(Window.getWindows());
            open.accept(key);
            return (Stage) Window.getWindows().stream().filter(w -> !before.contains(w)).findFirst().orElseThrow();
        });
        pause(800);
        fx(() -> {
            fill.accept(dialog.getScene());
            return null;
        });
        pause(500);
        shoot(dialog.getScene(), name);
        fx(() -> {
            dialog.close();
            return null;
        });
        pause(800);
    }

    private void shoot(Scene scene, String name) throws Exception {
        BufferedImage image = fx(() -> {
            WritableImage snapshot = scene.snapshot(null);
            PixelReader pixels = snapshot.getPixelReader();
            int width = (int) snapshot.getWidth();
            int height = (int) snapshot.getHeight();
            BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    png.setRGB(x, y, pixels.getArgb(x, y));
                }
            }
            return png;
        });
        Path file = out.resolve(name + ".png");
        ImageIO.write(image, "png", file.toFile());
        System.out.println("saved " + file);
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Real SoftHSM keys, with certificate facts filled in for the panel (until certificate parsing is merged). */
    private record WithCertificates(KeyDirectory keys, Instant now) implements KeyDirectory {

        @Override
        public List<KeyCard> scan() throws TokenException {
            return keys.scan().stream().map(this::decorate).toList();
        }

        @Override
        public KeyCard read(TokenInfo inserted) throws TokenException {
            return decorate(keys.read(inserted));
        }

        @Override
        public List<LibraryStatus> libraries() {
            return keys.libraries();
        }

        @Override
        public AutoCloseable watch(Consumer<KeyEvent> listener) {
            return keys.watch(listener);
        }

        private KeyCard decorate(KeyCard card) {
            boolean expiring = card.info().label().contains("EXPIRING");
            long daysLeft = expiring ? 18 : 342;
            Instant notAfter = now.plus(Duration.ofDays(daysLeft)).plusSeconds(3600);
            String owner = expiring ? "张三" : "北京示例招标代理有限公司";
            CertificateSummary summary = new CertificateSummary(owner, "天威诚信 RSA CA", "1A29531403260417",
                    notAfter.minus(Duration.ofDays(365)), notAfter,
                    expiring ? CertificateStatus.EXPIRING : CertificateStatus.VALID, daysLeft);
            return new KeyCard(card.info(), card.token(), card.certificates(), Optional.of(summary));
        }
    }

    /** The real token, reporting chosen PIN flags (SoftHSM never reaches the lockout states). */
    private record FixedFlags(ukey.token.Token token, PinState userPin) implements ukey.token.Token {
        @Override
        public TokenInfo info() throws TokenException {
            TokenInfo i = token.info();
            return new TokenInfo(i.label(), i.manufacturer(), i.model(), i.serial(), i.firmware(), i.library(),
                    userPin, i.soPin());
        }

        @Override
        public List<ukey.token.TokenCertificate> certificates() throws TokenException {
            return token.certificates();
        }

        @Override
        public void changePin(char[] currentPin, char[] newPin) throws TokenException {
            token.changePin(currentPin, newPin);
        }

        @Override
        public void unblockPin(char[] soPin, char[] newPin) throws TokenException {
            token.unblockPin(soPin, newPin);
        }

        @Override
        public ukey.token.TokenSession login(char[] pin) throws TokenException {
            return token.login(pin);
        }
    }
}
