package ukey.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ukey.token.LibraryDiscovery.Layout;
import ukey.token.LibraryDiscovery.Os;

/**
 * Finds the SKF (GM/T 0016) libraries that may hold the user's SM2 keys, each once (by canonical path), in the
 * order to try them: the explicit paths given (command line, settings {@code skf.libraries}, IT policy); the
 * {@value #ENV_VARIABLE} environment variable; on Windows the CSP registrations that name their SKF library
 * ({@code HKLM\SOFTWARE\Microsoft\Cryptography\Defaults\Provider\*\SKFImagePath}, also under WOW6432Node), NETCA's
 * device keys ({@code HKLM\SOFTWARE\[WOW6432Node\]NETCA\PKI\Devices\SKFDevice\*\SkfDllPath}), then a table of known
 * vendor SKF DLLs in System32 and SysWOW64; on Linux the known vendor libraries in the usual library folders.
 *
 * <p>Explicit, environment and registry entries are always listed (with their problem when they cannot load);
 * table entries only when the file exists. A 32-bit DLL is listed with its vendor and the defect WRONG_BITS
 * ({@link LibraryCandidate#thirtyTwoBit()}), for the app to say so. Nothing is loaded here.
 */
public final class SkfDiscovery {

    public static final String ENV_VARIABLE = "UKEY_SKF_LIBRARY";
    /** Source: a CSP registration's SKFImagePath. */
    public static final String CSP_REGISTRY = "csp registry";
    /** Source: NETCA's SKFDevice keys. */
    public static final String NETCA_REGISTRY = "netca registry";

    private static final String CSP_KEY = "SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider";
    private static final String CSP_KEY_32 = "SOFTWARE\\WOW6432Node\\Microsoft\\Cryptography\\Defaults\\Provider";
    private static final String NETCA_KEY = "SOFTWARE\\NETCA\\PKI\\Devices\\SKFDevice";
    private static final String NETCA_KEY_32 = "SOFTWARE\\WOW6432Node\\NETCA\\PKI\\Devices\\SKFDevice";

    private final Layout layout;
    private final WindowsRegistry registry;

    public SkfDiscovery(Layout layout, WindowsRegistry registry) {
        this.layout = layout;
        this.registry = registry;
    }

    public static SkfDiscovery system() {
        Layout layout = Layout.system();
        return new SkfDiscovery(layout, layout.os() == Os.WINDOWS ? new RegExeRegistry() : WindowsRegistry.none());
    }

    public List<LibraryCandidate> candidates(Path... explicit) {
        Map<String, LibraryCandidate> found = new LinkedHashMap<>();
        for (Path path : explicit) {
            add(found, path, LibraryDiscovery.EXPLICIT, SkfVendors.vendorOf(path), true);
        }
        for (Path path : LibraryDiscovery.environmentPaths(layout, ENV_VARIABLE)) {
            add(found, path, LibraryDiscovery.ENVIRONMENT, SkfVendors.vendorOf(path), true);
        }
        if (layout.os() == Os.WINDOWS) {
            registered(found, CSP_KEY, "SKFImagePath", CSP_REGISTRY, false);
            registered(found, CSP_KEY_32, "SKFImagePath", CSP_REGISTRY, true);
            registered(found, NETCA_KEY, "SkfDllPath", NETCA_REGISTRY, false);
            registered(found, NETCA_KEY_32, "SkfDllPath", NETCA_REGISTRY, true);
            for (Path dir : LibraryDiscovery.windowsSystemDirs(layout)) {
                for (SkfVendors.Known known : SkfVendors.WINDOWS) {
                    add(found, dir.resolve(known.file()), LibraryDiscovery.VENDOR_TABLE, known.vendor(), false);
                }
            }
        } else if (layout.os() == Os.LINUX) {
            for (String dir : SkfVendors.LINUX_FOLDERS) {
                for (SkfVendors.Known known : SkfVendors.LINUX) {
                    add(found, layout.under(dir).resolve(known.file()), LibraryDiscovery.USUAL_PATH, known.vendor(),
                            false);
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Registry entries: the vendor is the CSP's name (or the table's name for the file), the path as Windows does. */
    private void registered(Map<String, LibraryCandidate> found, String key, String value, String source,
                            boolean wow64) {
        for (Map.Entry<String, String> entry : registry.find(key, value).entrySet()) {
            String data = entry.getValue().strip();
            if (data.isEmpty()) {
                continue;
            }
            Path path = windowsPath(data, wow64);
            String known = SkfVendors.vendorOf(path);
            String vendor = source.equals(CSP_REGISTRY) ? entry.getKey() : known.isEmpty() ? "NETCA" : known;
            add(found, path, source, vendor, true);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("%([^%]+)%");
    private static final Pattern SYSTEM32 = Pattern.compile("(?i)([\\\\/])system32([\\\\/])");

    /**
     * A registry path as a process would load it: %VARIABLES% expanded, a bare file name in the system folder, and
     * for 32-bit registrations System32 read as SysWOW64 (where Windows redirects a 32-bit process).
     */
    private Path windowsPath(String data, boolean wow64) {
        Matcher variables = VARIABLE.matcher(data.replace("\"", ""));
        StringBuilder expanded = new StringBuilder();
        while (variables.find()) {
            String value = layout.variable(variables.group(1)).orElse(variables.group());
            variables.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        variables.appendTail(expanded);
        String path = expanded.toString();
        if (!path.contains("\\") && !path.contains("/")) {
            return LibraryDiscovery.windowsSystemDirs(layout).get(wow64 ? 1 : 0).resolve(path);
        }
        return Path.of(wow64 ? SYSTEM32.matcher(path).replaceAll("$1SysWOW64$2") : path);
    }

    private void add(Map<String, LibraryCandidate> found, Path path, String source, String vendor,
                     boolean listEvenIfMissing) {
        if (!listEvenIfMissing && !Files.isRegularFile(path)) {
            return;
        }
        found.putIfAbsent(LibraryDiscovery.canonicalKey(path, layout), new LibraryCandidate(path, source, vendor,
                LibraryDiscovery.defect(path, layout), Backend.SKF));
    }
}
