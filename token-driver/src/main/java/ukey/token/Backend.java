package ukey.token;

import java.util.Locale;

/**
 * Which kind of vendor library a token was reached through. A fact for lists and logs ({@code ukey list --json}
 * shows it); callers never branch on it: identities, sessions and PIN state look the same for both.
 */
public enum Backend {
    /** PKCS#11 (Cryptoki). */
    PKCS11,
    /** GM/T 0016-2012 SKF, the usual interface of Chinese SM2 keys. */
    SKF;

    /** "pkcs11" or "skf", as written in JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
