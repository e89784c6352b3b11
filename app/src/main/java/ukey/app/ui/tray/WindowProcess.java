package ukey.app.ui.tray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window as a process of its own, which the tray process starts when the user asks for it and which ends when
 * its window closes: the client that waits in the tray all day never holds a JavaFX toolkit. One window process
 * at a time: while it runs, a request goes to it as a line on its standard input (the page to show, see
 * {@link Page}) instead of starting another. It is started through the installed launcher where there is one (the
 * launcher gives a window the window's JVM options and AOT cache, and a tray process a cache of its own), else the way
 * this process was (the same java, JVM options and library options), with {@code gui --window-of-tray --page NAME} in
 * place of this process's own arguments.
 */
public final class WindowProcess {

    private static final Logger LOG = LoggerFactory.getLogger(WindowProcess.class);
    /** The window's option that says it belongs to a tray process (it does not hide to a tray of its own). */
    public static final String OPTION = "--window-of-tray";

    /** What the window shows when it comes, as named on the command line and on the window's standard input. */
    public enum Page {
        MAIN("main"), CHANGE_PIN("change-pin"), CERTIFICATE("certificate"), REFRESH("refresh");

        private final String word;

        Page(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The page of this word, or empty. */
        public static Optional<Page> of(String word) {
            for (Page page : values()) {
                if (page.word.equals(word)) {
                    return Optional.of(page);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The path of the launcher that started this JVM: jpackage's launchers set it (the Windows .exe), and so do the
     * .deb's launcher scripts (installer/ScriptLaunchers.java). Started with {@code gui}, it opens the window.
     */
    public static final String LAUNCHER_PROPERTY = "jpackage.app-path";
    /** The same, set by a built checkout's {@code app/target/ukey}; it comes first. */
    public static final String CHECKOUT_LAUNCHER_PROPERTY = "ukey.launcher";

    private final List<String> command;
    private Process running;
    private Runnable onStartFailure = () -> { };

    private WindowProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /**
     * How to start the window: through the launcher that started this process ({@link #CHECKOUT_LAUNCHER_PROPERTY},
     * {@link #LAUNCHER_PROPERTY}) where it names a file, else {@link #like this process's own command line}. Empty
     * when none can be had.
     */
    public static Optional<WindowProcess> of(Properties system, ProcessHandle.Info self, List<String> guiArguments) {
        for (String property : List.of(CHECKOUT_LAUNCHER_PROPERTY, LAUNCHER_PROPERTY)) {
            Optional<WindowProcess> launcher = throughLauncher(system.getProperty(property), guiArguments);
            if (launcher.isPresent()) {
                return launcher;
            }
        }
        return like(self, guiArguments);
    }

    /** {@code LAUNCHER gui [library options] --window-of-tray}; empty without a launcher file. */
    static Optional<WindowProcess> throughLauncher(String launcher, List<String> guiArguments) {
        if (launcher == null || launcher.isBlank() || !Files.isRegularFile(Path.of(launcher))) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(launcher, "gui"));
        command.addAll(windowArguments(guiArguments));
        return Optional.of(new WindowProcess(command));
    }

    /**
     * How to start the window: this process's own command line (from the operating system) up to its
     * {@code gui} arguments, then those arguments without {@code --hidden}/{@code --tray}. Empty when the command
     * line cannot be read or does not end with the arguments given (the caller then keeps the window in-process).
     *
     * @param guiArguments the arguments after {@code gui} this process was started with
     */
    public static Optional<WindowProcess> like(ProcessHandle.Info self, List<String> guiArguments) {
        Optional<String> program = self.command();
        Optional<String[]> arguments = self.arguments();
        if (program.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = List.of(arguments.get());
        int prefix = all.size() - guiArguments.size();
        if (prefix < 1 || !all.subList(prefix, all.size()).equals(guiArguments) || !all.get(prefix - 1).equals("gui")) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(program.get());
        command.addAll(all.subList(0, prefix));
        command.addAll(windowArguments(guiArguments));
        return Optional.of(new WindowProcess(command));
    }

    /** This process's {@code gui} arguments without {@code --hidden}/{@code --tray}, then {@link #OPTION}. */
    private static List<String> windowArguments(List<String> guiArguments) {
        List<String> window = new ArrayList<>(guiArguments.stream()
                .filter(arg -> !arg.equals("--hidden") && !arg.equals("--tray")).toList());
        window.add(OPTION);
        return window;
    }

    /** What happens when a window process cannot be started (the tray process then opens the window itself). */
    public synchronized void onStartFailure(Runnable action) {
        onStartFailure = action;
    }

    /** The command that starts a window process, before its {@code --page}. */
    List<String> command() {
        return command;
    }

    /** Shows this page in the window: in the one that runs, else in a new window process. */
    public synchronized void show(Page page) {
        if (running != null && running.isAlive() && tell(page)) {
            return;
        }
        List<String> start = new ArrayList<>(command);
        start.add("--page");
        start.add(page.word());
        try {
            running = new ProcessBuilder(start).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            LOG.info("window process {} started for {}", running.pid(), page.word());
        } catch (IOException e) {
            LOG.warn("the window could not be started: {}", e.getMessage());
            onStartFailure.run();
        }
    }

    /** Whether a window process runs now. */
    public synchronized boolean isRunning() {
        return running != null && running.isAlive();
    }

    /** The running window process, if one runs. */
    public synchronized Optional<ProcessHandle> handle() {
        return isRunning() ? Optional.of(running.toHandle()) : Optional.empty();
    }

    /** Ends the window process (退出 in the tray's menu ends the client, window and all). */
    public synchronized void close() {
        if (isRunning()) {
            running.destroy();
        }
    }

    /**
     * In the window process: hands each page its tray process asks for to the window, in the background, until the
     * tray process is gone (its end of the pipe closes) or this process ends.
     */
    public static void listen(InputStream fromTray, Consumer<Page> show) {
        Thread.ofPlatform().daemon(true).name("tray-requests").start(() -> {
            BufferedReader lines = new BufferedReader(new InputStreamReader(fromTray, StandardCharsets.UTF_8));
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    Page.of(line.strip()).ifPresent(show);
                }
            } catch (IOException e) {
                LOG.debug("the tray process's requests ended: {}", e.getMessage());
            }
        });
    }

    private boolean tell(Page page) {
        try {
            OutputStream in = running.getOutputStream();
            in.write((page.word() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException closing) {
            return false; // the window is on its way out: a new one comes
        }
    }
}
