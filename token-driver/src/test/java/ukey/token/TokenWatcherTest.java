package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void readsAKeysDescriptionOnlyAtItsFirstLook() throws Exception {
        SoftHsm softHsm = SoftHsm.get();
        String label = softHsm.createToken("seen-once");
        try {
            AtomicInteger reads = new AtomicInteger();
            List<TokenWatcher.Event> events = new CopyOnWriteArrayList<>();
            try (TokenWatcher watcher = new TokenWatcher(List.of(countingInfoReads(softHsm.provider(), reads)),
                    Duration.ofHours(1), events::add)) {
                watcher.pollNow();
                int present = watcher.present().size();
                watcher.pollNow();
                watcher.pollNow();
                assertEquals(present, reads.get(), "each key's description read once, when it was new");
                assertTrue(events.stream().anyMatch(e -> e.token().label().equals(label)), events::toString);
            }
        } finally {
            softHsm.deleteToken(label);
        }
    }

    /** The real provider, its tokens' {@link Token#info()} calls counted. */
    private static TokenProvider countingInfoReads(TokenProvider real, AtomicInteger reads) {
        InvocationHandler provider = (proxy, method, args) -> {
            Object result = invoke(method, real, args);
            if (method.getName().equals("tokens")) {
                return ((List<?>) result).stream().map(token -> (Token) Proxy.newProxyInstance(
                        Token.class.getClassLoader(), new Class<?>[] {Token.class}, (p, m, a) -> {
                            if (m.getName().equals("info")) {
                                reads.incrementAndGet();
                            }
                            return invoke(m, token, a);
                        })).toList();
            }
            return result;
        };
        return (TokenProvider) Proxy.newProxyInstance(TokenProvider.class.getClassLoader(),
                new Class<?>[] {TokenProvider.class}, provider);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
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
