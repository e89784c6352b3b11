package ukey.app.tokens;

import java.io.File;
import java.util.Map;
import java.util.Optional;

import ukey.app.config.Settings;
import ukey.token.host.Isolation;

/**
 * Which 64-bit libraries run in the host process ({@code ukey-host64.exe}, on Linux {@code ukey-host}) rather than
 * in the client: so that a vendor library that crashes or hangs takes only the host down. Chosen like the libraries
 * themselves: the IT policy's {@value Settings#ISOLATED_LIBRARIES}, whatever else says; else the environment
 * variable {@value #ENV} (for one run, with no file to edit: a helpdesk trying whether a crashing library behaves
 * in the host); else the user's {@value Settings#ISOLATED_LIBRARIES}; else none. 32-bit DLLs go to
 * {@code ukey-host32.exe} whatever this says.
 */
public final class LibraryIsolation {

    public static final String ENV = "UKEY_ISOLATE_LIBRARIES";

    private LibraryIsolation() {
    }

    /** The isolation in force for this environment and these settings. */
    public static Isolation choose(Settings settings, Map<String, String> env) {
        return Isolation.parse(value(settings, env).orElse(""), File.pathSeparator);
    }

    /** The environment variable, when it is set and the IT policy overrules it: the command says so. */
    public static Optional<String> overruled(Settings settings, Map<String, String> env) {
        return settings.lockedByPolicy(Settings.ISOLATED_LIBRARIES) && !env.getOrDefault(ENV, "").isBlank()
                ? Optional.of(ENV) : Optional.empty();
    }

    private static Optional<String> value(Settings settings, Map<String, String> env) {
        if (settings.lockedByPolicy(Settings.ISOLATED_LIBRARIES)) {
            return settings.get(Settings.ISOLATED_LIBRARIES);
        }
        String fromEnv = env.getOrDefault(ENV, "");
        return fromEnv.isBlank() ? settings.get(Settings.ISOLATED_LIBRARIES) : Optional.of(fromEnv);
    }
}
