package ukey.app.renewal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import ukey.token.TokenException;
import ukey.token.skf.FfmSkfApi;
import ukey.token.skf.SkfApi;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;
import ukey.token.testing.SoftSkf;

/**
 * softskf as the client loads it, with a hand on the USB plug: when armed, the key is pulled for real (its device
 * folder moved away) just before or just after the Nth call of one SKF function, so that a test can cut a renewal
 * between any two writes to the key. Every call still goes to softskf; nothing is faked but the timing of the pull.
 */
final class PullingSkfApi implements InvocationHandler {

    private final SkfApi real;
    private volatile String function;
    private volatile int nth;
    private volatile boolean after;
    private volatile Runnable pull;
    private final AtomicInteger seen = new AtomicInteger();

    private PullingSkfApi(SkfApi real) {
        this.real = real;
    }

    /** A provider over softskf whose key this handle can pull. */
    static PullingSkfApi load() throws TokenException {
        return new PullingSkfApi(softskf());
    }

    SkfProvider provider() {
        return through(this);
    }

    /** The real softskf library, as the client loads it. */
    static SkfApi softskf() throws TokenException {
        return FfmSkfApi.load(SoftSkf.get().library().toAbsolutePath());
    }

    /** A provider whose every SKF call goes through {@code handler} (which passes it on to the real library). */
    static SkfProvider through(InvocationHandler handler) {
        SkfApi api = (SkfApi) Proxy.newProxyInstance(SkfApi.class.getClassLoader(), new Class<?>[] {SkfApi.class},
                handler);
        return SkfProvider.of(api, SkfOptions.defaults());
    }

    /**
     * Pulls the key at the Nth call of {@code method} (an {@link SkfApi} method name) from now on.
     *
     * @param after the call reaches the key first (and its answer comes back); otherwise the key is gone before it
     */
    void arm(String method, int n, boolean afterCall, Runnable pullKey) {
        seen.set(0);
        this.nth = n;
        this.after = afterCall;
        this.pull = pullKey;
        this.function = method;
    }

    void disarm() {
        function = null;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        boolean now = method.getName().equals(function) && seen.incrementAndGet() == nth;
        if (now && !after) {
            firePull();
        }
        try {
            return method.invoke(real, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (now && after) {
                firePull();
            }
        }
    }

    private void firePull() {
        function = null;
        pull.run();
    }
}
