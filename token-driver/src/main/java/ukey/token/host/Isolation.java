package ukey.token.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which libraries that this Java could load in-process run in a host process anyway ("isolated"): every library,
 * or those named by a full path or a file name (compared without case, as Windows names files). Where the list
 * comes from (IT policy, settings, the environment) is the client's business; the token layer only matches.
 *
 * @param all   every library
 * @param names library paths and file names, lower case
 */
public record Isolation(boolean all, List<String> names) {

    public static final Isolation NONE = new Isolation(false, List.of());
    public static final Isolation ALL = new Isolation(true, List.of());

    public Isolation {
        names = List.copyOf(names);
    }

    /**
     * Reads "all", "none" (or nothing), or a list of library paths or file names joined by {@code separator}
     * (the platform's path separator, as in the list of libraries to load).
     */
    public static Isolation parse(String value, String separator) {
        String text = value == null ? "" : value.strip();
        if (text.equalsIgnoreCase("all")) {
            return ALL;
        }
        if (text.isEmpty() || text.equalsIgnoreCase("none")) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        for (String entry : text.split(Pattern.quote(separator))) {
            String name = entry.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new Isolation(false, names);
    }

    /** True when this library, named by its absolute path, is to run in a host process. */
    public boolean covers(Path library) {
        if (all) {
            return true;
        }
        String path = library.toString().toLowerCase(Locale.ROOT);
        String file = library.getFileName() == null ? path : library.getFileName().toString().toLowerCase(Locale.ROOT);
        return names.contains(path) || names.contains(file);
    }
}
