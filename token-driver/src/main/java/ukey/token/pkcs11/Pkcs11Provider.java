package ukey.token.pkcs11;

import java.nio.file.Path;
import java.util.List;

import ukey.token.Token;
import ukey.token.TokenException;
import ukey.token.TokenProvider;

/** A PKCS#11 library loaded through Java's FFM API. STUB: being written. */
public final class Pkcs11Provider implements TokenProvider {

    private Pkcs11Provider() {
    }

    /** Loads and initialises the PKCS#11 library at this path. */
    public static Pkcs11Provider open(Path library) throws TokenException {
        throw new UnsupportedOperationException("stub");
    }

    @Override public String library() { throw new UnsupportedOperationException("stub"); }
    @Override public String description() { throw new UnsupportedOperationException("stub"); }
    @Override public List<Token> tokens() throws TokenException { throw new UnsupportedOperationException("stub"); }
    @Override public void rescan() throws TokenException { throw new UnsupportedOperationException("stub"); }
    @Override public void close() { }
}
