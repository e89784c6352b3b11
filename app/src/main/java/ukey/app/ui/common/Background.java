package ukey.app.ui.common;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (token and file calls) off the UI thread and hands the result back to it:
 * {@code background.run(() -> token.info()).onSuccess(...).onError(...).andFinally(...).start()}.
 * View-model tests pass executors that run in place, so they need no screen and no waiting.
 */
public final class Background {

    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final Executor worker;
    private final Executor ui;

    /**
     * @param worker where the work runs (a thread pool in the app)
     * @param ui     where callbacks run (Platform::runLater in the app)
     */
    public Background(Executor worker, Executor ui) {
        this.worker = worker;
        this.ui = ui;
    }

    /**
     * Runs {@code task} {@code first} from now and then every {@code every}, on a daemon thread of this name (the
     * daily update check of the window and of the tray process); closing the result stops it.
     */
    public static AutoCloseable repeating(String threadName, Runnable task, Duration first, Duration every) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
        thread.scheduleWithFixedDelay(task, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return thread::shutdownNow;
    }

    /** Runs a short piece of UI work on the UI thread (for events that arrive on other threads). */
    public void onUi(Runnable action) {
        ui.execute(action);
    }

    public <T> Job<T> run(Callable<T> work) {
        return new Job<>(work);
    }

    /** Work without a result. */
    public Job<Void> run(Action work) {
        return new Job<>(() -> {
            work.run();
            return null;
        });
    }

    /** Blocking work that returns nothing. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** One piece of work being set up; nothing runs before {@link #start()}. */
    public final class Job<T> {
        private final Callable<T> work;
        private Consumer<? super T> onSuccess = result -> { };
        private Consumer<Throwable> onError = error -> LOG.warn("background work failed", error);
        private Runnable andFinally = () -> { };

        private Job(Callable<T> work) {
            this.work = Objects.requireNonNull(work);
        }

        public Job<T> onSuccess(Consumer<? super T> handler) {
            this.onSuccess = handler;
            return this;
        }

        public Job<T> onError(Consumer<Throwable> handler) {
            this.onError = handler;
            return this;
        }

        /** Runs on the UI thread after success or error. */
        public Job<T> andFinally(Runnable handler) {
            this.andFinally = handler;
            return this;
        }

        public void start() {
            worker.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable error) {
                    ui.execute(() -> {
                        try {
                            onError.accept(error);
                        } finally {
                            andFinally.run();
                        }
                    });
                    return;
                }
                ui.execute(() -> {
                    try {
                        onSuccess.accept(result);
                    } finally {
                        andFinally.run();
                    }
                });
            });
        }
    }
}
