package ukey.app.tokens;

import java.nio.file.Path;

import ukey.token.TokenException;
import ukey.token.TokenProvider;
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

    static ProviderFactory pkcs11() {
        return Pkcs11Provider::open;
    }
}
