package ukey.app.tokens;

import java.nio.file.Path;

import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.host.Isolation;
import ukey.token.pkcs11.Pkcs11Provider;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;

/**
 * Opens a token backend for a library path: PKCS#11 and SKF in the product, simulated PKCS#11 tokens in tests
 * (which keep the real SKF loading: softskf is a real library).
 */
@FunctionalInterface
public interface ProviderFactory {

    /** A PKCS#11 library. */
    TokenProvider open(Path library) throws TokenException;

    /** An SKF library, with what the settings say about it. */
    default TokenProvider openSkf(Path library, SkfOptions options) throws TokenException {
        return SkfProvider.open(library, options);
    }

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
        public TokenProvider openSkf(Path library, SkfOptions options) throws TokenException {
            return SkfProvider.open(library, options, isolation.covers(library.toAbsolutePath()));
        }

        @Override
        public ProviderFactory isolating(Isolation chosen) {
            return new Libraries(chosen);
        }
    }
}
