package ukey.app.ui;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.tokens.TokenService;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.Background;

/**
 * The real main window for the TestFX tests: the window's object graph on a stage, with background threads of its
 * own; {@link #close()} closes every stage and stops them. Web pages the window opens are only recorded.
 */
public final class TestWindow implements AutoCloseable {

    /** How long {@link #waitUntil} waits before it fails: far beyond what any step takes. */
    private static final long PATIENCE_SECONDS = 15;

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<String> pagesOpened = new CopyOnWriteArrayList<>();
    private final UiContext context;

    private TestWindow(TokenService tokens, Settings settings) throws AppException {
        context = new UiContext(tokens, settings, new AppInfo("0.1.0"), Clock.systemDefaultZone(),
                new Background(workers, Platform::runLater), pagesOpened::add);
    }

    /** Builds the main window on the stage TestFX gives and shows it (call it from the test's @Start). */
    public static TestWindow show(Stage stage, TokenService tokens, Settings settings) throws AppException {
        TestWindow window = new TestWindow(tokens, settings);
        window.context.showMain(stage);
        return window;
    }

    public UiContext context() {
        return context;
    }

    /** The web pages the window asked the browser to open. */
    public List<String> pagesOpened() {
        return pagesOpened;
    }

    @Override
    public void close() throws TimeoutException {
        FxToolkit.cleanupStages();
        context.close();
        workers.shutdownNow();
    }

    /** Waits, letting the FX thread work, until the condition holds; fails after {@value #PATIENCE_SECONDS} s. */
    public static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }

    /**
     * Whether the node with this id is shown: the main window keeps what its first frame does not show (the empty
     * state beside a key, notices without text) out of the scene graph until it is first needed.
     */
    public static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    /** The text of the label with this id ("#ownerLabel"): none while the window has not put the label in yet. */
    public static String text(FxRobot robot, String id) {
        return robot.lookup(id).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }
}
