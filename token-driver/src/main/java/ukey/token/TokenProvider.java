package ukey.token;

import java.util.List;
import java.util.Optional;

/**
 * One loaded token backend (a PKCS#11 library) and the tokens it sees. Several providers can be loaded at
 * once, one per vendor library.
 */
public interface TokenProvider extends AutoCloseable {

    /** The library's path (or a name for non-PKCS#11 backends). */
    String library();

    /** The library's own description: manufacturer, description, version. */
    String description();

    /** The present, initialised tokens. Slots without a token or with an uninitialised token are skipped. */
    List<Token> tokens() throws TokenException;

    /**
     * Looks again for inserted and removed tokens. Re-initialises the library where that is the only way
     * it shows new tokens or readers, and only while no session of ours is open.
     */
    void rescan() throws TokenException;

    /**
     * Set when the library is switched off for the rest of this run because it crashed or hung again and again in
     * its host process: LIBRARY_DISABLED, with the library and its last failure in the message (for 环境检测).
     */
    default Optional<TokenException> disabled() {
        return Optional.empty();
    }

    @Override
    void close();
}
