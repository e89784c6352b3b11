package ukey.token.host;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which libraries that this Java could load in-process run in a host process anyway: named by the environment
 * variable {@value #VARIABLE}, "all" or a list of library files (full paths or file names) joined by the path
 * separator. IT can set it machine-wide; the client's settings and IT policy are to name the same later.
 */
public final class Isolation {

    public static final String VARIABLE = "UKEY_ISOLATE_LIBRARIES";

    private Isolation() {
    }

    /** True when the environment marks this library as isolated. */
    public static boolean isolated(Path library, Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("all")) {
            return true;
        }
        String path = library.toString().toLowerCase(Locale.ROOT);
        String file = library.getFileName() == null ? path : library.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String entry : value.split(File.pathSeparator)) {
            String wanted = entry.strip().toLowerCase(Locale.ROOT);
            if (!wanted.isEmpty() && (wanted.equals(path) || wanted.equals(file))) {
                return true;
            }
        }
        return false;
    }
}
