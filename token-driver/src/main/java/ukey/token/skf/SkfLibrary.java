package ukey.token.skf;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * One SKF library as the token layer uses it: its {@link SkfApi} (in-process or, later, served by a helper
 * process), its {@link SkfOptions}, and the one thread that makes every call into it, since vendor libraries are
 * rarely thread-safe (one keeps a global "current device"). Above the raw interface it knows the two-call size
 * pattern, double-NUL name lists and the charset.
 */
public final class SkfLibrary implements AutoCloseable {

    /** Work done on the library's thread; composite work (the two calls of a size query) is never interleaved. */
    public interface Work<T> {
        T run(SkfApi api) throws TokenException;
    }

    /** One call of the two-call pattern: a buffer (null to ask the size) and its length in/out. */
    public interface SizedCall {
        int call(byte[] buffer, SkfApi.Ref length) throws TokenException;
    }

    private static final int ATTEMPTS = 4;
    /** Room for a certificate or a name list in one call. */
    public static final int GUESS = 8192;

    private final SkfApi api;
    private final SkfOptions options;
    private final SkfText text;
    private final ExecutorService thread;
    private volatile Thread worker;

    public SkfLibrary(SkfApi api, SkfOptions options) {
        this.api = api;
        this.options = options;
        this.text = new SkfText(options.charset());
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "skf " + api.library());
            t.setDaemon(true);
            worker = t;
            return t;
        });
    }

    public String path() {
        return api.library();
    }

    /** The raw calls (in-process or served by a host), for tests that reach the host. */
    SkfApi api() {
        return api;
    }

    public SkfOptions options() {
        return options;
    }

    /** Runs work on the library's thread and waits for it; work already on that thread runs directly. */
    public <T> T run(Work<T> work) throws TokenException {
        if (Thread.currentThread() == worker) {
            return work.run(api);
        }
        Future<T> future;
        try {
            future = thread.submit(() -> work.run(api));
        } catch (RejectedExecutionException e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, api.library() + " is closed", null, e);
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenException token) {
                throw token;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TokenException(TokenError.DEVICE_ERROR, null, "SKF call failed: " + cause, null, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(TokenError.OTHER, null, "interrupted while waiting for " + api.library(),
                    null, e);
        }
    }

    /**
     * The two-call pattern: asks the size, then reads; SAR_BUFFER_TOO_SMALL (the data grew between the calls: a
     * key inserted, a certificate written) asks again with the size the library wrote back.
     */
    public static byte[] sized(String function, SizedCall call) throws TokenException {
        return sized(function, call, 0);
    }

    /**
     * The same, first trying a buffer of {@code guess} bytes: on a real key every call is a round trip to the
     * device, and a certificate or a name list nearly always fits, so one call does instead of two. A library that
     * answers anything but SAR_OK or SAR_BUFFER_TOO_SMALL to the guess gets the plain pattern.
     */
    public static byte[] sized(String function, SizedCall call, int guess) throws TokenException {
        SkfApi.Ref length = new SkfApi.Ref();
        if (guess > 0) {
            byte[] buffer = new byte[guess];
            length.value = guess;
            int rv = call.call(buffer, length);
            if (rv == Sar.OK && length.value <= guess) {
                return Arrays.copyOf(buffer, (int) Math.max(0, length.value));
            }
            if (rv == Sar.DEVICE_REMOVED) {
                Sar.check(function, rv);
            }
            length.value = 0;
        }
        Sar.check(function, call.call(null, length));
        for (int attempt = 1; ; attempt++) {
            if (length.value <= 0) {
                return new byte[0];
            }
            if (length.value > 64L * 1024 * 1024) {
                throw new TokenException(TokenError.DEVICE_ERROR, null,
                        function + " asked for " + length.value + " bytes", null, null);
            }
            byte[] buffer = new byte[(int) length.value];
            int rv = call.call(buffer, length);
            if (rv == Sar.BUFFER_TOO_SMALL && attempt < ATTEMPTS) {
                length.value = Math.max(length.value, buffer.length + 1L);
                continue;
            }
            Sar.check(function, rv);
            return length.value >= buffer.length ? buffer : Arrays.copyOf(buffer, (int) length.value);
        }
    }

    /** Names, PINs and fields in the library's charset. */
    public SkfText text() {
        return text;
    }

    public List<String> names(byte[] list) {
        return text.names(list);
    }

    public byte[] encode(String name) {
        return text.encode(name);
    }

    public byte[] encodePin(char[] pin) {
        return text.encodePin(pin);
    }

    public String field(byte[] struct, int offset, int length) {
        return text.field(struct, offset, length);
    }

    @Override
    public void close() {
        thread.shutdown();
        api.close();
    }
}
