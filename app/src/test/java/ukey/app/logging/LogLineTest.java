package ukey.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;

/** The log's lines are the ones Logback's pattern layout wrote with the patterns the log had before. */
class LogLineTest {

    private static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    private final LoggerContext context = new LoggerContext();

    @Test
    void fileAndConsoleLinesAreThePatternLayoutsLines() {
        List<LoggingEvent> events = List.of(
                event("ukey.app.tokens.TokenService", Level.INFO, "loaded {} keys", null, "ukey-start",
                        Instant.parse("2026-12-06T01:02:03.004Z")),
                event("ukey.app.ui.GuiLauncher", Level.WARN, "short", null, "main",
                        Instant.parse("2026-01-31T23:59:59.999Z")),
                event("ukey.token.pkcs11.ffm.SomeVeryLongClassNameIndeed", Level.ERROR, "failed: {}",
                        new IllegalStateException("outer", new RuntimeException("the cause")), "ukey-worker",
                        Instant.parse("2026-07-01T12:00:00Z")),
                event("Root", Level.DEBUG, "plain", null, "JavaFX Application Thread",
                        Instant.parse("2026-07-01T00:00:00.010Z")));
        for (LoggingEvent event : events) {
            assertEquals(pattern(FILE_PATTERN).doLayout(event), started(LogLine.forFile()).doLayout(event));
            assertEquals(pattern(CONSOLE_PATTERN).doLayout(event), started(LogLine.forConsole()).doLayout(event));
        }
        assertTrue(started(LogLine.forFile()).doLayout(events.get(2)).contains("Caused by: java.lang.RuntimeException: "
                + "the cause"), "the exception's stack follows its line");
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, String thread,
                               Instant at) {
        LoggingEvent event = new LoggingEvent(LogLineTest.class.getName(), context.getLogger(logger), level, message,
                thrown, new Object[] {42});
        event.setThreadName(thread);
        event.setInstant(at);
        return event;
    }

    private PatternLayout pattern(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private LogLine started(LogLine layout) {
        layout.setContext(context);
        layout.start();
        return layout;
    }
}
