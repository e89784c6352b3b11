package ukey.app.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The command line's logging: Logback starts with the first message at a level that is on, not before. */
class LazyLoggingTest {

    @Test
    void logbackStartsWithTheFirstMessageThatIsOnAndPrintsIt() {
        assumeTrue(System.getenv("UKEY_LOG") == null, "the default level (WARN) is what this test is about");
        Logger log = new LazyLogging().getLoggerFactory().getLogger("ukey.test.lazy");

        assertFalse(log.isDebugEnabled());
        assertFalse(log.isInfoEnabled());
        assertTrue(log.isWarnEnabled());
        log.debug("not on {}", 1);
        log.info("not on either");
        assertFalse(LazyLogging.started(), "a message below WARN must not start Logback");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            log.warn("card {} pulled", 3, new IllegalStateException("boom"));
        } finally {
            System.setErr(stderr);
        }
        assertTrue(LazyLogging.started());
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("WARN  ukey.test.lazy - card 3 pulled"), text);
        assertTrue(text.contains("java.lang.IllegalStateException: boom"), text);
        assertFalse(text.contains("not on"), text);
    }
}
