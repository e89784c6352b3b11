package ukey.token.skf;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import ukey.cert.gm.PrivateKeyLayout;

/**
 * What differs between vendors' SKF libraries and cannot be asked of them: a per-library setting, the standard's
 * behaviour by default.
 *
 * @param charset        how names (devices, applications, containers, labels) and PINs are encoded: the ANSI
 *                       code page, GBK on Chinese Windows; UTF-8 on Linux
 * @param envelope       where ENVELOPEDKEYBLOB puts the 32 encrypted private-key bytes (standard: right-aligned)
 * @param application    the application that holds the user's PIN and containers; empty: the first one listed
 * @param containerLimit how many containers the key holds, when known (SKF has no call that tells)
 * @param minPinLength   shortest PIN to allow (SKF does not say; keys commonly take 6 to 16)
 * @param maxPinLength   longest PIN to allow
 */
public record SkfOptions(Charset charset, PrivateKeyLayout envelope, Optional<String> application,
                         OptionalInt containerLimit, int minPinLength, int maxPinLength) {

    /** The standard's behaviour with this operating system's usual charset. */
    public static SkfOptions defaults() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new SkfOptions(windows ? Charset.forName("GBK") : StandardCharsets.UTF_8, PrivateKeyLayout.RIGHT,
                Optional.empty(), OptionalInt.empty(), 6, 16);
    }

    public SkfOptions withCharset(Charset value) {
        return new SkfOptions(value, envelope, application, containerLimit, minPinLength, maxPinLength);
    }

    public SkfOptions withEnvelope(PrivateKeyLayout value) {
        return new SkfOptions(charset, value, application, containerLimit, minPinLength, maxPinLength);
    }

    public SkfOptions withApplication(String value) {
        return new SkfOptions(charset, envelope, Optional.of(value), containerLimit, minPinLength, maxPinLength);
    }

    public SkfOptions withContainerLimit(int value) {
        return new SkfOptions(charset, envelope, application, OptionalInt.of(value), minPinLength, maxPinLength);
    }
}
