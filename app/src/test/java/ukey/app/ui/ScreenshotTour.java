package ukey.app.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.i18n.Language;
import ukey.app.renewal.RenewalFixture;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.update.UpdateServer;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.StringType;
import ukey.token.testing.TestCertificates;

/**
 * Opens the real window on SoftHSM keys with real certificates (certified by the sandbox CA, which runs in this
 * process over real HTTPS) and saves a PNG of every page and dialog, the whole renewal included, to the folder
 * given. src/screenshots.sh runs it under Xvfb. Lockout states come from simulated tokens, as in the tests.
 */
public final class ScreenshotTour {

    private final Path out;
    private final String prefix;
    private final SoftHsm hsm = SoftHsm.get();
    private final List<String> labels = new ArrayList<>();
    private final List<SoftSkfDevice> devices = new ArrayList<>();
    private SandboxCa ca;
    private SandboxCa sm2Ca;
    private UpdateServer updates;
    private UiContext context;
    private Stage stage;

    private ScreenshotTour(Path out, Language language) {
        this.out = out;
        this.prefix = language == Language.EN ? "en-" : "";
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Files.createDirectories(out);
        Language language = args.length > 1 ? Language.parse(args[1]).orElse(Language.ZH) : Language.ZH;
        ScreenshotTour tour = new ScreenshotTour(out, language);
        int status = 0;
        try {
            tour.run(language);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            tour.labels.forEach(tour.hsm::deleteToken);
            tour.devices.stream().filter(d -> Files.isDirectory(d.folder())).forEach(SoftSkfDevice::pull);
            if (tour.ca != null) {
                tour.ca.close();
            }
            if (tour.sm2Ca != null) {
                tour.sm2Ca.close();
            }
            if (tour.updates != null) {
                tour.updates.close();
            }
        }
        System.exit(status);
    }

    private void run(Language language) throws Exception {
        Path work = Files.createTempDirectory("ukey-tour");
        ca = SandboxCa.start(SandboxSettings.in(work.resolve("ca")).sms(true));
        // a second CA for the SM2 keys, with its KMC: the client sends each key to the CA that issued it (ca.more)
        sm2Ca = SandboxCa.start(SandboxSettings.in(work.resolve("ca-sm2")).caAlgorithm(SandboxSettings.CaAlgorithm.SM2)
                .sms(true).retryAfterSeconds(0));
        // 有新版本 in the footer: the update document on a local HTTPS server, whose CA joins the trusted roots
        updates = new UpdateServer(work).latest("0.2.0");
        Path trust = Files.writeString(work.resolve("trust.pem"),
                Files.readString(ca.trustFile()) + Files.readString(updates.trustFile()));
        Settings settings = Fixtures.settings(work.resolve("settings"), Fixtures.CA_CONTACT
                + "language=" + language.code() + "\n"
                + Settings.CA_URL + "=" + ca.url() + "\n"
                + Settings.CA_TRUST + "=" + trust + "\n"
                + Settings.UPDATE_URL + "=" + updates.url() + "\n"
                + Settings.CA_MORE + "=sm2\n"
                + "sm2." + Settings.CA_URL + "=" + sm2Ca.url() + "\n"
                + "sm2." + Settings.CA_TRUST + "=" + sm2Ca.trustFile() + "\n");
        Platform.startup(() -> { });
        var workers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "tour-worker");
            thread.setDaemon(true);
            return thread;
        });
        stage = fx(() -> {
            context = new UiContext(Fixtures.softHsmAndSkfTokens(), settings, new AppInfo("0.1.0"),
                    Clock.systemDefaultZone(), new Background(workers, Platform::runLater), page -> { });
            Stage main = new Stage();
            main.setWidth(1180);
            main.setHeight(760);
            context.showMain(main);
            context.checkForUpdate();
            return main;
        });
        pause(1200);
        shoot(stage.getScene(), "01-main-no-key");

        String agency = customerKey("示例代理", "CN=北京示例招标代理有限公司,O=北京示例招标代理有限公司,C=CN", 300, false);
        select(agency);
        shoot(stage.getScene(), "02-main-key-valid");

        String zhangsan = customerKey("张三", "CN=张三,O=示例招标代理有限公司,C=CN", 20, true);
        select(zhangsan);
        shoot(stage.getScene(), "03-main-two-keys-expiring");

        click("#renewButton");
        waitFor(() -> !((Button) stage.getScene().lookup("#renewNowButton")).isDisabled());
        shoot(stage.getScene(), "04-renewal");

        click("#renewNowButton");
        Stage pin = dialog(language == Language.EN ? "Key PIN" : "输入UKey口令");
        shoot(pin.getScene(), "05-renewal-pin");
        type(pin, "#renewalPinField", SoftHsm.USER_PIN);
        click(pin, "#renewalPinOk");

        Stage sms = dialog(language == Language.EN ? "SMS verification" : "短信验证");
        type(sms, "#smsCodeField", "000000");
        shoot(sms.getScene(), "06-renewal-sms");
        click(sms, "#smsOkButton");
        Stage again = dialog(language == Language.EN ? "SMS verification" : "短信验证");
        shoot(again.getScene(), "07-renewal-sms-wrong-code");
        shoot(stage.getScene(), "08-renewal-progress");
        type(again, "#smsCodeField", ca.lastSmsCode().orElseThrow());
        click(again, "#smsOkButton");
        waitFor(() -> stage.getScene().lookup("#successCard").isVisible());
        pause(300);
        shoot(stage.getScene(), "09-renewal-success");
        click("#doneButton");

        String noOrder = customerKey("李四", "CN=李四,O=示例招标代理有限公司,C=CN", 12, false);
        select(noOrder);
        click("#renewButton");
        waitFor(() -> !((Button) stage.getScene().lookup("#renewNowButton")).isDisabled());
        click("#renewNowButton");
        // the preflight asks the CA before the PIN: no order, no PIN asked
        waitFor(() -> stage.getScene().lookup("#errorCard").isVisible());
        pause(300);
        shoot(stage.getScene(), "10-renewal-error-no-order");
        click("#backLink");

        String paused = customerKey("王五", "CN=王五,O=示例招标代理有限公司,C=CN", 8, true);
        select(paused);
        click("#renewButton");
        waitFor(() -> !((Button) stage.getScene().lookup("#renewNowButton")).isDisabled());
        click("#renewNowButton");
        Stage pinThird = dialog(language == Language.EN ? "Key PIN" : "输入UKey口令");
        type(pinThird, "#renewalPinField", SoftHsm.USER_PIN);
        click(pinThird, "#renewalPinOk");
        Stage smsCancel = dialog(language == Language.EN ? "SMS verification" : "短信验证");
        fx(() -> {
            smsCancel.close();
            return null;
        });
        waitFor(() -> stage.getScene().lookup("#errorCard").isVisible());
        pause(300);
        shoot(stage.getScene(), "11-renewal-paused-kept");
        click("#backLink");
        waitFor(() -> stage.getScene().lookup("#resumeBanner") instanceof Node banner && banner.isVisible());
        shoot(stage.getScene(), "12-main-resume-offered");

        skfKey(language);
        sm2Renewal(language);

        String sm2 = certificateKey("SM2证书", KeyType.SM2);
        select(sm2);
        Stage certificate = open(() -> context.viewCertificate(context.main().selectedProperty().get()));
        shoot(certificate.getScene(), "13-certificate-general-sm2");
        tab(certificate, 1);
        shoot(certificate.getScene(), "14-certificate-details-sm2");
        tab(certificate, 2);
        shoot(certificate.getScene(), "15-certificate-chain-sm2");
        close(certificate);
        select(agency);
        Stage ec = open(() -> context.viewCertificate(context.main().selectedProperty().get()));
        tab(ec, 1);
        shoot(ec.getScene(), "16-certificate-details-ec");
        close(ec);

        fx(() -> {
            ((ToggleButton) stage.getScene().lookup("#diagnosticsTab")).setSelected(true);
            return null;
        });
        // pages not shown at start are loaded when their tab is first chosen
        waitFor(() -> stage.getScene().lookup("#runButton") != null);
        click("#runButton");
        pause(2000);
        shoot(stage.getScene(), "17-diagnostics");
        fx(() -> {
            Node checks = stage.getScene().lookup("#checksBox");
            for (Node node = checks; node != null; node = node.getParent()) {
                if (node instanceof ScrollPane scroll) {
                    scroll.setVvalue(scroll.getVmax()); // the CA, log folder and version checks
                    break;
                }
            }
            return null;
        });
        pause(400);
        shoot(stage.getScene(), "17b-diagnostics-end");
        fx(() -> {
            ((ToggleButton) stage.getScene().lookup("#faqTab")).setSelected(true);
            return null;
        });
        pause(400);
        shoot(stage.getScene(), "18-faq");
        fx(() -> {
            ((TextField) stage.getScene().lookup("#searchField")).setText(language == Language.EN ? "locked" : "锁定");
            return null;
        });
        pause(400);
        shoot(stage.getScene(), "19-faq-search");
        fx(() -> {
            ((ToggleButton) stage.getScene().lookup("#certificateTab")).setSelected(true);
            return null;
        });

        KeyCard selected = fx(() -> context.main().selectedProperty().get());
        dialog(() -> context.changePin(selected), scene -> { }, "20-change-pin");
        dialog(() -> context.changePin(selected), scene -> {
            set(scene, "#currentField", "12345678");
            set(scene, "#newField", "123456");
            set(scene, "#confirmField", "123457");
        }, "21-change-pin-trivial");
        KeyCard finalTry = simulated(new SimulatedToken("张三的UKey", "SIM0001", "246813", "87654321").userTriesLeft(1));
        dialog(() -> context.changePin(finalTry), scene -> set(scene, "#currentField", "246813"),
                "22-change-pin-final-try");
        KeyCard locked = simulated(new SimulatedToken("张三的UKey", "SIM0002", "246813", "87654321").userTriesLeft(0));
        dialog(() -> context.unblock(locked), scene -> { }, "23-unblock-locked");
        dialog(() -> context.unblock(locked), scene -> ((CheckBox) scene.lookup("#noSoPinBox")).setSelected(true),
                "24-unblock-no-so-pin");

        fx(() -> {
            labels.forEach(hsm::deleteToken);
            labels.clear();
            devices.forEach(SoftSkfDevice::pull);
            devices.clear();
            return null;
        });
        waitFor(() -> context.main().keys().isEmpty());
        pause(400);
        shoot(stage.getScene(), "25-main-key-pulled");
    }

    /**
     * An SM2 dual-certificate key through SKF (softskf): its panel, 查看证书 with both certificates, the tries left
     * in 修改口令 after wrong PINs, 修改标签, and a key with the CA's default PIN, for which 修改口令 opens at once.
     */
    private void skfKey(Language language) throws Exception {
        SoftSkfDevice key = SoftSkf.get().device("tour").label("张三的国密UKey").identity("SM2 Identity", "张三").build();
        devices.add(key);
        waitFor(() -> context.main().keys().stream().anyMatch(k -> k.info().serial().equals(key.serial())));
        select(key.label());
        shoot(stage.getScene(), "12b-main-skf-key");
        Stage certificate = open(() -> context.viewCertificate(context.main().selectedProperty().get()));
        shoot(certificate.getScene(), "12c-certificate-skf-signing");
        fx(() -> {
            ComboBox<?> chooser = (ComboBox<?>) certificate.getScene().lookup("#certificateChooser");
            chooser.getSelectionModel().select(1);
            return null;
        });
        pause(400);
        shoot(certificate.getScene(), "12d-certificate-skf-encryption");
        close(certificate);

        SoftSkf.get().tool("reset-pin", "--device", key.folder().toString(), "--left", "4");
        fx(() -> {
            context.main().refresh();
            return null;
        });
        waitFor(() -> !context.main().pinTriesProperty().get().isEmpty()
                && context.main().pinTriesProperty().get().contains("4"));
        select(key.label());
        click("#renameLink");
        type(stage, "#labelField", "张三的投标专用盾");
        shoot(stage.getScene(), "12e-main-skf-wrong-pin-and-rename");
        click("#cancelLabelButton");
        KeyCard skf = fx(() -> context.main().selectedProperty().get());
        dialog(() -> context.changePin(skf), scene -> { }, "12f-change-pin-skf-tries");

        SoftSkfDevice fresh = SoftSkf.get().device("tour-default").label("李四的国密UKey").defaultPin()
                .identity("SM2 Identity", "李四").build();
        devices.add(fresh);
        Stage forced = dialog(language == Language.EN ? "Change PIN" : "修改口令");
        shoot(forced.getScene(), "12g-change-pin-forced-default-pin");
        close(forced);
        shoot(stage.getScene(), "12h-main-skf-default-pin");
    }

    /**
     * 一键更新 of an SM2 dual-certificate key at its own CA: the page, the PIN, the SMS code, success, and 我的UKey with
     * the new signing and encryption certificates.
     */
    private void sm2Renewal(Language language) throws Exception {
        RenewalFixture key = RenewalFixture.sm2(sm2Ca, RenewalFixture.temp("tour-journals"));
        devices.add(key.device);
        waitFor(() -> context.main().keys().stream().anyMatch(k -> k.info().serial().equals(key.device.serial())));
        select(key.device.label());
        click("#renewButton");
        waitFor(() -> !((Button) stage.getScene().lookup("#renewNowButton")).isDisabled());
        shoot(stage.getScene(), "12i-renewal-sm2");
        click("#renewNowButton");
        Stage pin = dialog(language == Language.EN ? "Key PIN" : "输入UKey口令");
        type(pin, "#renewalPinField", SoftSkf.USER_PIN);
        click(pin, "#renewalPinOk");
        Stage sms = dialog(language == Language.EN ? "SMS verification" : "短信验证");
        shoot(stage.getScene(), "12j-renewal-sm2-progress");
        type(sms, "#smsCodeField", sm2Ca.lastSmsCode().orElseThrow());
        click(sms, "#smsOkButton");
        waitFor(() -> stage.getScene().lookup("#successCard").isVisible());
        pause(300);
        shoot(stage.getScene(), "12k-renewal-sm2-success");
        click("#doneButton");
        fx(() -> {
            context.main().refresh();
            return null;
        });
        select(key.device.label());
        shoot(stage.getScene(), "12l-main-sm2-renewed");
    }

    /** A customer's key: an EC key made on a new SoftHSM token, certified by the sandbox CA. */
    private String customerKey(String prefix, String subject, int daysLeft, boolean approvedOrder) throws Exception {
        String label = hsm.createToken(prefix);
        labels.add(label);
        try (ObjectSession session = ObjectSession.of(hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, "签名证书");
            Instant notBefore = Instant.now().plus(daysLeft, ChronoUnit.DAYS).minus(365, ChronoUnit.DAYS);
            CertRecord issued = ca.issue(key.publicKey(), subject, notBefore, 365,
                    List.of("digitalSignature", "nonRepudiation"));
            session.writeCertificate(key.id(), "签名证书", new X509CertificateHolder(issued.certificate().getEncoded()));
            if (approvedOrder) {
                ca.approveOrder(ca.createOrder(issued.serial, false).id);
            }
        }
        return shown(label);
    }

    /**
     * Waits until the window shows the key with its certificate. The watcher may see a new SoftHSM token before
     * its objects are written (a real key arrives whole): 刷新 reads it again.
     */
    private String shown(String label) throws Exception {
        fx(() -> {
            context.main().refresh();
            return null;
        });
        waitFor(() -> context.main().keys().stream()
                .anyMatch(k -> k.info().label().equals(label) && k.main().isPresent()));
        return label;
    }

    /** A key holding a certificate of this type (SM2: SoftHSM has no SM2 keys, the certificate is enough to view). */
    private String certificateKey(String prefix, KeyType type) throws Exception {
        String label = hsm.createToken(prefix);
        labels.add(label);
        Issued root = TestCertificates.builder().keyType(type).ca()
                .subject(TestCertificates.name(StringType.UTF8, "C=CN", "O=示例数字认证中心", "CN=示例 SM2 根CA"))
                .validity(Instant.now().minus(Duration.ofDays(400)), Instant.now().plus(Duration.ofDays(3000))).build();
        Issued user = TestCertificates.builder().keyType(type).issuer(root)
                .subject(TestCertificates.name(StringType.UTF8, "C=CN", "O=示例招标代理有限公司", "CN=赵六"))
                .validity(Instant.now().minus(Duration.ofDays(100)), Instant.now().plus(Duration.ofDays(265)))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build();
        try (ObjectSession session = ObjectSession.of(hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            session.writeCertificate(new byte[] {1}, "根证书", root.certificate());
            session.writeCertificate(new byte[] {2}, "赵六的SM2证书", user.certificate());
        }
        return shown(label);
    }

    private static KeyCard simulated(SimulatedToken token) throws Exception {
        KeyDirectory keys = new KeyDirectory(Fixtures.simulatedTokens(new SimulatedProvider("vendor-pkcs11.so")
                .insert(token)), Clock.systemUTC(), 30);
        return keys.scan().getFirst();
    }

    private void select(String label) throws Exception {
        fx(() -> {
            context.main().selectedProperty().set(context.main().keys().stream()
                    .filter(k -> k.info().label().equals(label)).findFirst().orElseThrow());
            return null;
        });
        pause(400);
        // the seal line comes from the CA in the background: give it time, so that every run shows the same
        long end = System.currentTimeMillis() + 3000;
        while (fx(() -> context.main().sealProperty().get().isEmpty()) && System.currentTimeMillis() < end) {
            pause(100);
        }
    }

    private void click(String id) throws Exception {
        click(stage, id);
    }

    private static void click(Stage window, String id) throws Exception {
        fx(() -> {
            ((ButtonBase) window.getScene().lookup(id)).fire();
            return null;
        });
        pause(200);
    }

    private static void type(Stage window, String id, String text) throws Exception {
        fx(() -> {
            set(window.getScene(), id, text);
            return null;
        });
        pause(150);
    }

    /** On the FX thread. */
    private static void set(Scene scene, String id, String text) {
        ((TextInputControl) scene.lookup(id)).setText(text);
    }

    private static void tab(Stage window, int index) throws Exception {
        fx(() -> {
            ((TabPane) window.getScene().lookup("#certificateTabs")).getSelectionModel().select(index);
            return null;
        });
        pause(400);
    }

    private static void close(Stage window) throws Exception {
        fx(() -> {
            window.close();
            return null;
        });
        pause(300);
    }

    /** Waits for a dialog with this title to show (the renewal opens them from its own thread). */
    private static Stage dialog(String title) throws Exception {
        Stage found = dialog(title, 15000);
        if (found == null) {
            throw new IllegalStateException("no dialog " + title);
        }
        return found;
    }

    private static Stage dialog(String title, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Stage found = fx(() -> Window.getWindows().stream()
                    .filter(w -> w instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                    .map(w -> (Stage) w).findFirst().orElse(null));
            if (found != null) {
                pause(400);
                return found;
            }
            pause(100);
        }
        return null;
    }

    /** Opens a window and returns it once shown. */
    private static Stage open(Runnable action) throws Exception {
        Stage window = fx(() -> {
            List<Window> before = List.copyOf(Window.getWindows());
            action.run();
            return (Stage) Window.getWindows().stream().filter(w -> !before.contains(w)).findFirst().orElseThrow();
        });
        pause(600);
        return window;
    }

    /** Opens a dialog, fills it, shoots it and closes it. */
    private void dialog(Runnable action, Consumer<Scene> fill, String name) throws Exception {
        Stage window = open(action);
        fx(() -> {
            fill.accept(window.getScene());
            return null;
        });
        pause(400);
        shoot(window.getScene(), name);
        close(window);
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
        Path file = out.resolve(prefix + name + ".png");
        ImageIO.write(image, "png", file.toFile());
        System.out.println("saved " + file);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + 15000;
        while (!fx(condition::getAsBoolean)) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out");
            }
            pause(100);
        }
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
}
