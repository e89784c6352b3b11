package ukey.app.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;

/**
 * Logging, configured in code. By default (the command line) warnings go to stderr, never to stdout (where
 * {@code ukey list --json} writes); {@code UKEY_LOG=debug} raises the level. Found by Logback through
 * META-INF/services. The command line starts Logback only when it logs ({@link LazyLogging}).
 * <p>
 * The window adds a log file ({@link #toFile}): {@code ukey.log} in the log folder, rolled on each launch to
 * {@code ukey.1.log} ... so the last {@link #LAUNCHES_KEPT} launches are kept, and within a launch whenever it
 * passes {@link #MAX_FILE_SIZE}. Debug can be switched on while running ({@link #debug(boolean)}).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    public static final String FILE_NAME = "ukey.log";
    /**
     * The log of a window that a tray process started: a file of its own, so the window's launches neither roll the
     * tray process's file away under it nor write into it from a second process.
     */
    public static final String WINDOW_FILE_NAME = "ukey-window.log";
    /** Log files kept: this launch's and the ones before. */
    public static final int LAUNCHES_KEPT = 5;
    /** A client left running for weeks still keeps its log folder small. */
    public static final String MAX_FILE_SIZE = "10MB";

    private static final String CONSOLE = "stderr";
    private static final String FILE = "file";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(CONSOLE);
        console.setTarget("System.err");
        console.setEncoder(encoder(context, LogLine.forConsole()));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(envLevel(System.getenv()), Level.WARN));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String envLevel(Map<String, String> env) {
        return LazyLogging.levelName(env);
    }

    /** Logback's context, whichever binding is in use (the command line starts it only when it logs). */
    private static LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? context : LazyLogging.logback();
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, LogLine layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /**
     * The window's log: from now on everything at INFO (DEBUG when asked for) goes to {@code folder/ukey.log},
     * after the previous launch's file was rolled away; stderr keeps only warnings. Close the returned handle to
     * go back to stderr alone (tests).
     *
     * @param debug DEBUG from the start (the {@code log.level} setting); {@code UKEY_LOG=debug} also turns it on
     */
    public static LogFile toFile(Path folder, boolean debug, Map<String, String> env) {
        return toFile(folder, FILE_NAME, debug, env);
    }

    /** The same with a file of another name ({@link #WINDOW_FILE_NAME}), rolled to name.1.log ... */
    public static LogFile toFile(Path folder, String fileName, boolean debug, Map<String, String> env) {
        LoggerContext context = context();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        detachFile(root);

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName(FILE);
        file.setFile(folder.resolve(fileName).toString());
        file.setEncoder(encoder(context, LogLine.forFile()));
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(folder.resolve(fileName.replaceFirst("\\.log$", "") + ".%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(LAUNCHES_KEPT - 1);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> bySize = new SizeBasedTriggeringPolicy<>();
        bySize.setContext(context);
        bySize.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        bySize.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(bySize);
        boolean previousLaunch = Files.isRegularFile(folder.resolve(fileName));
        file.start();
        if (previousLaunch) {
            file.rollover(); // one file per launch
        }

        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel(Level.WARN.levelStr);
        warnings.start();
        if (console != null) {
            console.addFilter(warnings);
        }
        root.addAppender(file);
        boolean debugFromEnv = envLevel(env).equals("DEBUG") || envLevel(env).equals("TRACE");
        root.setLevel(debug || debugFromEnv ? Level.DEBUG : Level.INFO);
        return () -> {
            detachFile(root);
            if (console != null) {
                console.clearAllFilters();
            }
            root.setLevel(before);
        };
    }

    private static void detachFile(Logger root) {
        Appender<ILoggingEvent> file = root.getAppender(FILE);
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
    }

    /** Switches detailed (DEBUG) logging on or off while the client runs (环境检测). */
    public static void debug(boolean on) {
        rootLogger().setLevel(on ? Level.DEBUG : Level.INFO);
    }

    public static boolean debug() {
        return rootLogger().isDebugEnabled();
    }

    private static Logger rootLogger() {
        return context().getLogger(Logger.ROOT_LOGGER_NAME);
    }

    /** The window's log file while it is attached. */
    public interface LogFile extends AutoCloseable {
        @Override
        void close();
    }
}
