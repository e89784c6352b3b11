package ukey.token.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;

/**
 * A backend holding {@link SimulatedToken}s that tests insert and remove while code under test watches. Safe to
 * change from one thread while another lists.
 */
public final class SimulatedProvider implements TokenProvider {

    private final String library;
    private final List<SimulatedToken> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger rescans = new AtomicInteger();
    private volatile boolean closed;

    public SimulatedProvider(String library) {
        this.library = library;
    }

    /** Plugs a token in (again). */
    public SimulatedProvider insert(SimulatedToken token) {
        token.inserted(library);
        tokens.add(token);
        return this;
    }

    /** Pulls a token out: it disappears from the list and its calls answer TOKEN_REMOVED. */
    public void remove(SimulatedToken token) {
        tokens.remove(token);
        token.removed();
    }

    /** Loads the library again after {@link #close()}, as the next process would. */
    public SimulatedProvider reopen() {
        closed = false;
        return this;
    }

    public int rescans() {
        return rescans.get();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String library() {
        return library;
    }

    @Override
    public String description() {
        return "UKey simulated token backend 1.0";
    }

    @Override
    public List<Token> tokens() throws TokenException {
        checkOpen();
        return List.copyOf(tokens);
    }

    @Override
    public void rescan() throws TokenException {
        checkOpen();
        rescans.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws TokenException {
        if (closed) {
            throw new TokenException(TokenError.OTHER, "CKR_CRYPTOKI_NOT_INITIALIZED", library + " is closed",
                    null, null);
        }
    }
}
