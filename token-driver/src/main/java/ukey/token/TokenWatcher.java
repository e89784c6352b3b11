package ukey.token;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees tokens come and go. Polls each provider on its own thread (so a slow vendor library delays only its own
 * keys) and reports differences keyed by {@link TokenInfo#key()}. Polling is what works everywhere:
 * C_WaitForSlotEvent is unsupported or unreliable in common libraries. A failing poll is logged and retried
 * at the next tick; it never stops the watcher.
 */
public final class TokenWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenWatcher.class);

    /** A token was inserted or removed. */
    public record Event(Kind kind, TokenInfo token) {
        public enum Kind { INSERTED, REMOVED }
    }

    private final List<TokenProvider> providers;
    private final Duration interval;
    private final Consumer<Event> listener;
    private final Map<TokenProvider, Map<String, TokenInfo>> seen = new ConcurrentHashMap<>();
    private final Map<TokenProvider, ScheduledExecutorService> pollers = new HashMap<>();

    public TokenWatcher(List<TokenProvider> providers, Duration interval, Consumer<Event> listener) {
        this.providers = List.copyOf(providers);
        this.interval = interval;
        this.listener = listener;
    }

    /** Starts polling. The first poll reports every token already inserted as INSERTED. */
    public synchronized void start() {
        for (TokenProvider provider : providers) {
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "token-watcher " + provider.library());
                thread.setDaemon(true);
                return thread;
            });
            pollers.put(provider, poller);
            poller.scheduleWithFixedDelay(() -> poll(provider), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Polls every provider now, on the caller's thread (the 刷新 button, tests, the command line). */
    public void pollNow() {
        providers.forEach(this::poll);
    }

    /** The tokens seen at the last polls. */
    public List<TokenInfo> present() {
        return seen.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    private void poll(TokenProvider provider) {
        synchronized (provider) {
            Map<String, TokenInfo> now = new LinkedHashMap<>();
            Map<String, TokenInfo> before = seen.getOrDefault(provider, Map.of());
            try {
                provider.rescan();
                for (Token token : provider.tokens()) {
                    try {
                        TokenInfo info = known(provider, token, before).orElse(null);
                        if (info == null) {
                            info = token.info();
                        }
                        now.put(info.key(), info);
                    } catch (TokenException e) {
                        LOG.debug("token vanished while polling {}: {}", provider.library(), e.getMessage());
                    }
                }
            } catch (TokenException | RuntimeException e) {
                LOG.warn("polling {} failed: {}", provider.library(), e.getMessage());
                return;
            }
            seen.put(provider, now);
            before.forEach((key, info) -> {
                if (!now.containsKey(key)) {
                    notify(new Event(Event.Kind.REMOVED, info));
                }
            });
            now.forEach((key, info) -> {
                if (!before.containsKey(key)) {
                    notify(new Event(Event.Kind.INSERTED, info));
                }
            });
        }
    }

    /**
     * A token seen at the last look, by the serial it was listed with: its description is not read again (a poll
     * costs a few calls instead of a few per token; an SKF device's description is four). What changes while a key
     * stays inserted (its PIN state, say) is read where it is used, never from the watch.
     */
    private static Optional<TokenInfo> known(TokenProvider provider, Token token, Map<String, TokenInfo> before) {
        return token.listedSerial().map(serial -> before.get(TokenInfo.key(provider.library(), serial)));
    }

    private void notify(Event event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("token event listener failed", e);
        }
    }

    @Override
    public synchronized void close() {
        pollers.values().forEach(ScheduledExecutorService::shutdownNow);
        pollers.clear();
    }
}
