package ukey.app.tokens;

import java.nio.file.Path;

import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.pkcs11.Pkcs11Provider;

/** Opens a token backend for a library path: PKCS#11 in the product, simulated tokens in tests. */
@FunctionalInterface
public interface ProviderFactory {

    TokenProvider open(Path library) throws TokenException;

    static ProviderFactory pkcs11() {
        return Pkcs11Provider::open;
    }
}
