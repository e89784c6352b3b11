package ukey.app.logging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;

/**
 * The command line's SLF4J binding: Logback (configured by {@link LogSetup}) is started only when something is
 * logged at a level that is on. A command that logs nothing, as {@code ukey list} on a good day, never loads
 * Logback's 250 classes. Until then a logger answers "is DEBUG on?" from {@code UKEY_LOG} (default WARN), the same
 * level {@link LogSetup} gives Logback. ukey.app.Main chooses it with the {@code slf4j.provider} property; the
 * window and the tests use Logback directly.
 */
public final class LazyLogging implements SLF4JServiceProvider {

    private static volatile ILoggerFactory logback;

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Deferred::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing until the first message
    }

    /** The level {@code UKEY_LOG} names, upper case ({@code WARN} when unset). */
    static String levelName(Map<String, String> env) {
        return env.getOrDefault("UKEY_LOG", "warn").toUpperCase(Locale.ROOT);
    }

    /** The level {@code UKEY_LOG} asks for, as SLF4J names it (WARN when unset or unknown, as Logback reads it). */
    static Level threshold(Map<String, String> env) {
        String name = levelName(env);
        for (Level level : Level.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        return name.equals("ALL") ? Level.TRACE : Level.WARN;
    }

    /** Whether Logback has been started (by a message, or by the window's log file). */
    static boolean started() {
        return logback != null;
    }

    /** Logback's context, started now if it was not yet (LogSetup's handle on it when this binding is in use). */
    static LoggerContext logback() {
        ILoggerFactory started = logback;
        if (started == null) {
            synchronized (LazyLogging.class) {
                if (logback == null) {
                    LogbackServiceProvider provider = new LogbackServiceProvider();
                    provider.initialize();
                    logback = provider.getLoggerFactory();
                }
                started = logback;
            }
        }
        return (LoggerContext) started;
    }

    /** A logger that stands in for Logback's until Logback is started. */
    private static final class Deferred extends AbstractLogger {

        private static final Level THRESHOLD = threshold(System.getenv());

        Deferred(String name) {
            this.name = name;
        }

        private boolean on(Level level) {
            if (logback == null) {
                return level.toInt() >= THRESHOLD.toInt();
            }
            return logback().getLogger(name).isEnabledForLevel(level);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                                   Throwable cause) {
            LoggingEventBuilder event = logback().getLogger(name).atLevel(level).setMessage(message);
            if (marker != null) {
                event = event.addMarker(marker);
            }
            if (arguments != null) {
                for (Object argument : arguments) {
                    event = event.addArgument(argument);
                }
            }
            if (cause != null) {
                event = event.setCause(cause);
            }
            event.log();
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return on(Level.ERROR);
        }
    }
}
