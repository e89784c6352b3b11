package ukey.app.renewal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import ukey.token.TokenException;
import ukey.token.skf.SkfApi;
import ukey.token.skf.SkfProvider;

/**
 * softskf with a fault no real part here can produce: once armed, SKF_Encrypt succeeds but its answer has a flipped
 * byte, as from a key whose imported encryption key is not the one its certificate names. Every call still goes to
 * softskf; only that answer is changed, so the engine's encryption self-test is what must notice.
 */
final class MisansweringSkfApi implements InvocationHandler {

    private final SkfApi real;
    private volatile boolean armed;

    private MisansweringSkfApi(SkfApi real) {
        this.real = real;
    }

    static MisansweringSkfApi load() throws TokenException {
        return new MisansweringSkfApi(PullingSkfApi.softskf());
    }

    SkfProvider provider() {
        return PullingSkfApi.through(this);
    }

    void arm(boolean on) {
        armed = on;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        Object answer;
        try {
            answer = method.invoke(real, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        // encrypt(key, data, buffer, length): the answer is in buffer
        if (armed && method.getName().equals("encrypt") && answer instanceof Integer rc && rc == 0
                && arguments[2] instanceof byte[] buffer && buffer.length > 0) {
            buffer[0] ^= 0x5a;
        }
        return answer;
    }
}
