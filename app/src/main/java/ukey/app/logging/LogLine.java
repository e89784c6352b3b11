package ukey.app.logging;

import java.time.LocalDateTime;
import java.time.ZoneId;

import ch.qos.logback.classic.pattern.Abbreviator;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * A log line, written out: {@code 2026-12-06 10:00:00.123 INFO  [main] u.a.t.TokenService - message} in the file,
 * {@code 10:00:00.123 WARN  u.a.t.TokenService - message} on stderr, then the exception's stack if there is one.
 * Logback's pattern layout wrote the same lines, but compiling its patterns took ~20 ms of every window's start
 * (src/bench.sh gui).
 */
final class LogLine extends LayoutBase<ILoggingEvent> {

    /** Longer logger names are shortened package by package, as Logback's {@code %logger{24}} does. */
    private static final int LOGGER_LENGTH = 24;

    private final boolean dateAndThread;
    private final Abbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
    private final ZoneId zone = ZoneId.systemDefault();

    private LogLine(boolean dateAndThread) {
        this.dateAndThread = dateAndThread;
    }

    /** The file's lines: date, time, level, thread, logger, message. */
    static LogLine forFile() {
        return new LogLine(true);
    }

    /** stderr's lines: time, level, logger, message. */
    static LogLine forConsole() {
        return new LogLine(false);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        LocalDateTime at = LocalDateTime.ofInstant(event.getInstant(), zone);
        if (dateAndThread) {
            line.append(at.toLocalDate()).append(' ');
        }
        digits(line, at.getHour(), 2).append(':');
        digits(line, at.getMinute(), 2).append(':');
        digits(line, at.getSecond(), 2).append('.');
        digits(line, at.getNano() / 1_000_000, 3).append(' ');
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
        if (dateAndThread) {
            line.append('[').append(event.getThreadName()).append("] ");
        }
        line.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ").append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // each of its lines ends with a line separator
        }
        return line.toString();
    }

    private static StringBuilder digits(StringBuilder line, int value, int width) {
        String text = Integer.toString(value);
        return line.append("0".repeat(Math.max(0, width - text.length()))).append(text);
    }
}
