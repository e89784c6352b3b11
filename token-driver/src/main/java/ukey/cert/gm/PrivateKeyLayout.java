package ukey.cert.gm;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an SKF library expects the SM4-encrypted private key inside ENVELOPEDKEYBLOB's 64-byte cbEncryptedPriKey.
 * Vendors differ; the client keeps one per SKF library, {@link #RIGHT} unless set otherwise.
 */
public enum PrivateKeyLayout {
    /** The standard's layout (default): 32 zero bytes, then SM4-ECB(k, d). */
    RIGHT,
    /** SM4-ECB(k, d), then 32 zero bytes. */
    LEFT,
    /**
     * All 64 bytes are SM4-ECB(k, 32 zero bytes || d) (GmSSL v2's way). Only an envelope that carries those 64
     * bytes can fill it: SM4-ECB(k, 32 zero bytes) cannot be made without k.
     */
    FULL64;

    /** "right", "left", "full64": the name in settings and in softskf's device config. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PrivateKeyLayout parse(String text) {
        return Arrays.stream(values()).filter(v -> v.wire().equalsIgnoreCase(text.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the private-key layout is right, left or full64, not "
                        + text));
    }
}
