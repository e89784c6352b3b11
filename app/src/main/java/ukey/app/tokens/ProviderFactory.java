package ukey.app.tokens;

import java.nio.file.Path;

import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.host.Isolation;
import ukey.token.pkcs11.Pkcs11Provider;

/** Opens a token backend for a library path: PKCS#11 in the product, simulated tokens in tests. */
@FunctionalInterface
public interface ProviderFactory {

    TokenProvider open(Path library) throws TokenException;

    /**
     * The same factory, with these libraries served by a host process ({@link LibraryIsolation}). A simulated
     * backend has no process to move: it stays as it is.
     */
    default ProviderFactory isolating(Isolation isolation) {
        return this;
    }

    /** The product's libraries, none of them isolated. */
    static ProviderFactory pkcs11() {
        return new Libraries(Isolation.NONE);
    }

    /** The product's libraries: through FFM in-process, or in a host process where the route says so. */
    record Libraries(Isolation isolation) implements ProviderFactory {

        @Override
        public TokenProvider open(Path library) throws TokenException {
            return Pkcs11Provider.open(library, isolation.covers(library.toAbsolutePath()));
        }

        @Override
        public ProviderFactory isolating(Isolation chosen) {
            return new Libraries(chosen);
        }
    }
}
