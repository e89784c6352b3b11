package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ukey.token.testing.SoftHsm;

/** Insert and remove events from real SoftHSM tokens appearing and vanishing under a running watcher. */
class TokenWatcherTest {

    @Test
    void reportsInsertedAndRemovedTokensBySerial() throws Exception {
        SoftHsm softHsm = SoftHsm.get();
        BlockingQueue<TokenWatcher.Event> events = new LinkedBlockingQueue<>();
        try (TokenWatcher watcher = new TokenWatcher(List.of(softHsm.provider()), Duration.ofMillis(100),
                events::add)) {
            watcher.start();
            Thread.sleep(300);
            events.clear(); // tokens other tests left behind

            String label = softHsm.createToken("watched");
            TokenWatcher.Event inserted = next(events, label);
            assertEquals(TokenWatcher.Event.Kind.INSERTED, inserted.kind());

            softHsm.deleteToken(label);
            TokenWatcher.Event removed = next(events, label);
            assertEquals(TokenWatcher.Event.Kind.REMOVED, removed.kind());
            assertEquals(inserted.token().key(), removed.token().key());
        }
    }

    private static TokenWatcher.Event next(BlockingQueue<TokenWatcher.Event> events, String label)
            throws InterruptedException {
        while (true) {
            TokenWatcher.Event event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "no event for " + label + " within 10 s");
            if (event.token().label().equals(label)) {
                return event;
            }
        }
    }
}
