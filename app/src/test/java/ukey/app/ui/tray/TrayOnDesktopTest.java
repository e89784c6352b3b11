package ukey.app.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ukey.token.ObjectSession;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.StringType;

/**
 * The tray on a real desktop: the client ({@code ukey gui --hidden}) as its own process on an Xvfb display with
 * trayer's system tray, seen through the X server (xwininfo, xdotool), its log and the JVM's class-loading log
 * (-Xlog:class+load, one file per process); its window is closed as a window manager would (python3's ctypes and
 * libX11: a WM_DELETE_WINDOW message). The client in the tray is a tray process without JavaFX; its window is a
 * process of its own, started from the tray, one at a time, gone when the window closes. Screenshots of the reminder
 * and of the menu go to target/tray-screens/. Needs xvfb-run, trayer, xdotool, xwininfo, ImageMagick's import and
 * python3 (src/setup.sh installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrayOnDesktopTest {

    private static final String WINDOW_TITLE = "UKey 证书助手";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofMillis(800);
    /** The height of an item of AWT's menu with the dialog font at 13 points. */
    private static final int MENU_ITEM = 21;
    /** Wider than an insert notice's balloon: a reminder says more. */
    private static final int REMINDER_WIDTH = 400;

    private static final SoftHsm HSM = SoftHsm.get();
    /** The keys this class made, deleted when the client has stopped. */
    private static final List<String> LABELS = new ArrayList<>();
    private static Process display;
    private static Process trayer;
    private static Process client;
    private static String displayName;
    private static String authority;
    private static Path work;
    private static Path screens;

    @BeforeAll
    static void startDesktopAndClient() throws Exception {
        for (String tool : List.of("xvfb-run", "trayer", "xdotool", "xwininfo", "import", "python3")) {
            assumeTrue(onPath(tool), tool + " is missing: src/setup.sh installs it");
        }
        work = Files.createTempDirectory("ukey-tray");
        screens = Files.createDirectories(Path.of("target", "tray-screens"));
        keyExpiringIn("提醒九十", 80);
        keyExpiringIn("提醒三十", 25);
        keyExpiringIn("提醒七天", 5);

        // xvfb-run picks a free display and says which (and its authority file); it lives as long as this sleep
        display = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c",
                "echo \"$DISPLAY\"; echo \"$XAUTHORITY\"; exec sleep 600")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader said = new BufferedReader(new InputStreamReader(display.getInputStream(),
                StandardCharsets.UTF_8));
        displayName = said.readLine();
        authority = said.readLine();
        trayer = x("trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "24",
                "--transparent", "false").start();
        waitUntil("trayer's panel", () -> tree().contains("\"panel\": (\"panel\" \"trayer\")"));

        Files.createDirectories(work.resolve("run"));
        client = ukeyGui("--hidden").redirectErrorStream(true).redirectOutput(work.resolve("client.out").toFile())
                .start();
    }

    /** {@code ukey gui ARGS} on this desktop, as the user of this test: the same settings, keys and socket. */
    private static ProcessBuilder ukeyGui(String... args) {
        return ukeyGui("", List.of(), args);
    }

    /**
     * The same as another user of this desktop: settings and socket of their own ({@code user} names them), and
     * these JVM options.
     */
    private static ProcessBuilder ukeyGui(String user, List<String> jvm, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw",
                "-Xlog:class+load=info:file=" + work.resolve("classes-%p.log")));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "ukey.app.Main", "gui"));
        command.addAll(List.of(args));
        ProcessBuilder start = x(command.toArray(String[]::new));
        Map<String, String> env = start.environment();
        env.put("UKEY_PKCS11_MODULE", HSM.library().toString());
        env.put("UKEY_CONFIG_DIR", work.resolve("config" + user).toString());
        env.put("XDG_RUNTIME_DIR", work.resolve("run" + user).toString());
        env.put("GDK_GL", "disable");
        return start;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : new Process[] {client, trayer, display}) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        LABELS.forEach(HSM::deleteToken);
    }

    @Test
    @Order(1)
    void hiddenStartPutsTheIconInTheTrayAndShowsNoWindow() throws Exception {
        waitUntil("the tray icon in trayer's panel", () -> iconGeometry() != null);
        waitUntil("the client's log", () -> log().contains("started hidden in the tray (tray process"));
        assertFalse(windowVisible(), "gui --hidden with a tray shows no window");
        assertTrue(windowProcess().isEmpty(), "no window process until the window is asked for");
    }

    @Test
    @Order(2)
    void theTrayProcessNeverLoadsJavaFx() throws Exception {
        waitUntil("the tray icon in trayer's panel", () -> iconGeometry() != null);
        waitUntil("the key watch", () -> classesLoaded(client.toHandle()).contains("ukey.token.TokenWatcher"));
        assertTrue(classesLoaded(client.toHandle()).contains("java.awt.TrayIcon"), "the class-loading log is read");
        assertEquals(List.of(), javaFx(client.toHandle()));
    }

    @Test
    @Order(3)
    void remindsOfCertificatesAt90And30And7Days() throws Exception {
        waitUntil("three reminders", () -> notices("证书即将到期").stream()
                .filter(text -> text.contains("提醒九十") || text.contains("提醒三十") || text.contains("提醒七天"))
                .count() == 3);
        List<String> reminders = notices("证书即将到期");
        assertTrue(reminders.stream().anyMatch(t -> t.contains("「提醒九十」的证书还有 80 天到期")), reminders::toString);
        assertTrue(reminders.stream().anyMatch(t -> t.contains("「提醒三十」的证书还有 25 天到期")), reminders::toString);
        assertTrue(reminders.stream().anyMatch(t -> t.contains("「提醒七天」的证书还有 5 天到期")), reminders::toString);
        assertTrue(notices(WINDOW_TITLE).stream().noneMatch(text -> text.contains("提醒")),
                "keys found at start are not announced as inserted");
        waitUntil("a reminder's balloon on the screen", TrayOnDesktopTest::reminderBalloonShown);
        Thread.sleep(SETTLE.toMillis()); // mapped before painted: the picture waits a moment
        screenshot("reminder.png");
    }

    @Test
    @Order(4)
    void aKeyInsertedWhileHiddenIsAnnounced() throws Exception {
        String label = HSM.createToken("新插入");
        LABELS.add(label);
        waitUntil("the insert notice", () -> notices("UKey 证书助手").stream()
                .anyMatch(text -> text.equals("已插入UKey：" + label)));
    }

    @Test
    @Order(5)
    void theIconsMenuShowsTheCertificateInAWindowProcess() throws Exception {
        // the notices' balloons, one after the other, would cover the menu in its picture: a right click hides one
        // (a left click would open the window)
        waitUntil("the notices' balloons gone", () -> {
            for (String balloon : visibleBalloons()) {
                run(x("xdotool", "mousemove", "--window", balloon, "20", "10", "click", "3"));
            }
            Thread.sleep(SETTLE.toMillis());
            return visibleBalloons().isEmpty();
        });
        int[] icon = iconGeometry();
        run(x("xdotool", "mousemove", String.valueOf(icon[0] + icon[2] / 2), String.valueOf(icon[1] + icon[3] / 2),
                "click", "3"));
        waitUntil("the tray menu", () -> menuGeometry() != null);
        Thread.sleep(SETTLE.toMillis());
        screenshot("menu.png");
        int[] menu = menuGeometry();
        // 显示证书, the third item (the icon's tooltip may cover the first)
        run(x("xdotool", "mousemove", String.valueOf(menu[0] + 20), String.valueOf(menu[1] + MENU_ITEM * 2 + 10),
                "click", "1"));
        waitUntil("the window", TrayOnDesktopTest::windowVisible);
        ProcessHandle window = windowProcess().orElseThrow();
        assertTrue(classesLoaded(window).contains("javafx.stage.Stage"), "the window process runs JavaFX");
    }

    @Test
    @Order(6)
    void anotherStartBringsUpTheSameWindowProcess() throws Exception {
        ProcessHandle window = windowProcess().orElseThrow();
        Process again = ukeyGui().redirectErrorStream(true).start();
        String said = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, again.waitFor(), said);
        assertTrue(said.contains("已在运行"), said);
        Thread.sleep(SETTLE.toMillis());
        assertEquals(List.of(window), windowProcesses(), "one window process at a time");
        assertTrue(windowVisible());
    }

    @Test
    @Order(7)
    void closingTheWindowEndsItsProcessAndAClickOnTheIconStartsANewOne() throws Exception {
        ProcessHandle window = windowProcess().orElseThrow();
        // its windows (the certificate's dialog, then the main window) closed as by their close buttons
        waitUntil("the window process's end", () -> {
            closeWindowsOf(window);
            return !window.isAlive();
        });
        assertTrue(client.isAlive(), "the tray process stays");
        assertFalse(windowVisible());
        int[] icon = iconGeometry();
        run(x("xdotool", "mousemove", String.valueOf(icon[0] + icon[2] / 2), String.valueOf(icon[1] + icon[3] / 2),
                "click", "--repeat", "2", "1"));
        waitUntil("a new window", TrayOnDesktopTest::windowVisible);
        assertEquals(1, windowProcesses().size(), "one window process at a time");
        assertFalse(windowProcesses().contains(window));
        assertEquals(List.of(), javaFx(client.toHandle()), "the tray process still holds no JavaFX");
    }

    @Test
    @Order(8)
    void aWindowThatCannotStartThroughItsLauncherOpensInTheTrayProcess() throws Exception {
        // another user's client, installed with a launcher that no longer starts (a file that is not a program)
        Path launcher = Files.writeString(work.resolve("UKey Assistant"), "not a program");
        Files.createDirectories(work.resolve("run-other"));
        Process other = ukeyGui("-other", List.of("-D" + WindowProcess.LAUNCHER_PROPERTY + "=" + launcher), "--hidden")
                .redirectErrorStream(true).redirectOutput(work.resolve("other.out").toFile()).start();
        try {
            Path log = work.resolve("config-other").resolve("logs").resolve("ukey.log");
            waitUntil("the other tray process", () -> Files.exists(log)
                    && Files.readString(log).contains("started hidden in the tray (tray process"));
            Process again = ukeyGui("-other", List.of()).redirectErrorStream(true).start();
            String said = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(said.contains("已在运行"), said);
            waitUntil("the window in the tray process", () -> !visibleWindowsOf(other.toHandle()).isEmpty());
            assertTrue(Files.readString(log).contains("the window opens in the tray process"), Files.readString(log));
            assertEquals(List.of(), other.children().filter(ProcessHandle::isAlive).toList(), "no window process");
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // --- the desktop, seen from outside ---

    /** The X windows of AWT's notice balloons (and tooltips) that are on the screen now. */
    private static List<String> visibleBalloons() throws IOException, InterruptedException {
        return search("--onlyvisible", "--name", "^win[0-9]+$");
    }

    private static List<String> visibleWindowsOf(ProcessHandle process) throws IOException, InterruptedException {
        return search("--onlyvisible", "--pid", String.valueOf(process.pid()));
    }

    /** xdotool search: the ids of the windows found, none when it finds none. */
    private static List<String> search(String... criteria) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("xdotool", "search"));
        command.addAll(List.of(criteria));
        Process search = x(command.toArray(String[]::new)).start();
        List<String> found = new String(search.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        search.waitFor();
        return found;
    }

    /** The window processes the tray process started that still run. */
    private static List<ProcessHandle> windowProcesses() {
        return client.children().filter(ProcessHandle::isAlive).toList();
    }

    private static Optional<ProcessHandle> windowProcess() {
        List<ProcessHandle> running = windowProcesses();
        assertTrue(running.size() <= 1, "one window process at a time: " + running);
        return running.stream().findFirst();
    }

    private static List<String> javaFx(ProcessHandle process) throws IOException {
        return classesLoaded(process).stream().filter(name -> name.startsWith("javafx.")
                || name.startsWith("com.sun.javafx.") || name.startsWith("com.sun.glass.")).toList();
    }

    /**
     * Asks the process's visible windows to close, as a window manager's close button would (there is no window
     * manager under Xvfb); a window under a modal dialog stays until the dialog has gone.
     */
    private static void closeWindowsOf(ProcessHandle process) throws Exception {
        List<String> windows = visibleWindowsOf(process);
        if (!windows.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("python3", "-c"));
            try (var script = TrayOnDesktopTest.class.getResourceAsStream("wm-delete.py")) {
                command.add(new String(script.readAllBytes(), StandardCharsets.UTF_8));
            }
            command.addAll(windows);
            run(x(command.toArray(String[]::new)));
        }
        Thread.sleep(SETTLE.toMillis());
    }

    /** The classes a process of this test loaded so far, from its -Xlog:class+load file. */
    private static List<String> classesLoaded(ProcessHandle process) throws IOException {
        Pattern line = Pattern.compile("\\[class,load\\] (\\S+) ");
        return Files.readAllLines(work.resolve("classes-" + process.pid() + ".log")).stream().map(line::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    private static void keyExpiringIn(String owner, int days) throws Exception {
        String label = HSM.createToken(owner);
        LABELS.add(label);
        Issued certificate = TestCertificates.builder().keyType(TestCertificates.KeyType.EC_P256)
                .subject(TestCertificates.name(StringType.UTF8, "C=CN", "O=托盘测试", "CN=" + owner))
                .validity(Instant.now().minus(Duration.ofDays(300)), Instant.now().plus(Duration.ofDays(days))
                        .plus(Duration.ofHours(12)))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build();
        try (ObjectSession session = ObjectSession.of(HSM.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            session.writeCertificate(new byte[] {1}, owner, certificate.certificate());
        }
    }

    /** The texts of the tray notices with this title, as the client logged them. */
    private static List<String> notices(String title) throws IOException {
        List<String> texts = new ArrayList<>();
        Matcher matcher = Pattern.compile("tray notice: " + Pattern.quote(title) + ": (.*)").matcher(log());
        while (matcher.find()) {
            texts.add(matcher.group(1).trim());
        }
        return texts;
    }

    private static String log() throws IOException {
        Path file = work.resolve("config").resolve("logs").resolve("ukey.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** x, y, width, height of the icon trayer embedded ("JavaEmbeddedFrame" inside trayer's panel). */
    private static int[] iconGeometry() throws IOException {
        for (String line : tree().lines().toList()) {
            if (line.contains("\"JavaEmbeddedFrame\"")) {
                return geometry(line);
            }
        }
        return null;
    }

    /** x, y, width, height of the icon's menu (AWT's popup menu, a top-level window), or null. */
    private static int[] menuGeometry() throws IOException {
        for (String line : tree().lines().toList()) {
            if (line.contains("\"sun-awt-X11-XPopupMenuPeer\"")) {
                return geometry(line);
            }
        }
        return null;
    }

    /** AWT shows one balloon at a time, as a top-level window; a reminder's is the wide one. */
    private static boolean reminderBalloonShown() throws IOException {
        return tree().lines().anyMatch(line -> line.matches("^ {5}0x\\S+ \"win\\d+\": .*")
                && geometry(line)[2] > REMINDER_WIDTH);
    }

    private static boolean windowVisible() {
        try {
            Process search = x("xdotool", "search", "--onlyvisible", "--name", WINDOW_TITLE).start();
            search.getInputStream().readAllBytes();
            return search.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int[] geometry(String line) {
        Matcher m = Pattern.compile("(\\d+)x(\\d+)[+-]-?\\d+[+-]-?\\d+ +\\+(-?\\d+)\\+(-?\\d+)").matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("no geometry in " + line);
        }
        return new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2))};
    }

    private static String tree() throws IOException {
        return run(x("xwininfo", "-root", "-tree"));
    }

    private static void screenshot(String name) throws IOException {
        run(x("import", "-window", "root", screens.resolve(name).toString()));
    }

    private static ProcessBuilder x(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DISPLAY", displayName);
        builder.environment().put("XAUTHORITY", authority);
        return builder;
    }

    private static String run(ProcessBuilder builder) throws IOException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, process.waitFor(), String.join(" ", builder.command()) + ": " + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitUntil(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline) || (client != null && !client.isAlive())) {
                throw new AssertionError("no " + what + " on the desktop; the client said: "
                        + (work == null ? "" : Files.readString(work.resolve("client.out"))) + "\nits log: " + log());
            }
            Thread.sleep(200);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
