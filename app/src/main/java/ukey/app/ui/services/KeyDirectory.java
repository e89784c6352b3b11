package ukey.app.ui.services;

import java.util.List;
import java.util.function.Consumer;

import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * The inserted keys, as the window sees them: every call may block, so callers run them in the background.
 * Implemented over the client's TokenService (libraries, providers, tokens), shared with the command line.
 */
public interface KeyDirectory {

    /** Looks again at every library and returns the keys present now. */
    List<KeyCard> scan() throws TokenException;

    /** Reads one key that was just inserted. */
    KeyCard read(TokenInfo inserted) throws TokenException;

    /** The PKCS#11 libraries in use and whether they load: for 环境检测. */
    List<LibraryStatus> libraries();

    /**
     * Tells the listener, on any thread, when a key is inserted or removed.
     *
     * @return closing it stops the events
     */
    AutoCloseable watch(Consumer<KeyEvent> listener);

    /** One PKCS#11 library: its path, its own description, and why it did not load if it did not. */
    record LibraryStatus(String path, String description, boolean loaded, String problem) {
    }
}
