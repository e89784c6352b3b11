package ukey.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ukey.token.LibraryHeader.Binary;
import ukey.token.LibraryHeader.Format;

/**
 * Finds the PKCS#11 libraries that may hold the user's keys, in the order to try them, each once (by canonical
 * path): the explicit paths given (command line, configuration, IT policy); the {@value #ENV_VARIABLE} environment
 * variable (several paths joined by the platform's path separator); on Linux the p11-kit module registry, then the
 * usual install paths (SoftHSM, OpenSC, vendors' packages); on Windows a table of the Chinese CAs' USB-key libraries
 * in System32, SysWOW64 and Program Files.
 *
 * <p>Explicit, environment and registry entries are always listed, with a problem when they cannot load (missing
 * file, wrong bitness...), so the environment check can say why. Usual paths and table entries are guesses: only
 * those that exist are listed. Nothing is loaded here; the header check only reads bytes.
 */
public final class LibraryDiscovery {

    public static final String ENV_VARIABLE = "UKEY_PKCS11_MODULE";

    // Sources: stable words that the client translates.
    public static final String EXPLICIT = "explicit";
    public static final String ENVIRONMENT = "environment";
    public static final String P11_KIT = "p11-kit";
    public static final String USUAL_PATH = "usual path";
    public static final String VENDOR_TABLE = "vendor table";

    public enum Os {
        LINUX, WINDOWS, OTHER;

        public static Os of(String osName) {
            String name = osName.toLowerCase(Locale.ROOT);
            return name.startsWith("windows") ? WINDOWS : name.startsWith("linux") ? LINUX : OTHER;
        }
    }

    /**
     * Where to look. {@code root} is the file-system root for every Linux path this class knows (the registry,
     * module and usual paths; absolute {@code module:} values too), so that tests can build a whole fake system in
     * a temporary directory; the Windows folders come from {@code env} (SystemRoot, ProgramFiles...).
     */
    public record Layout(Os os, String osArch, Map<String, String> env, Path root) {

        public static Layout system() {
            return new Layout(Os.of(System.getProperty("os.name")), System.getProperty("os.arch"), System.getenv(),
                    Path.of("/").toAbsolutePath());
        }

        /** An absolute Linux path, under the root. */
        Path under(String absolute) {
            return root.resolve(absolute.replaceFirst("^/+", ""));
        }

        /** An environment variable by name, ignoring case as Windows does. */
        Optional<String> variable(String name) {
            String exact = env.get(name);
            if (exact != null) {
                return Optional.of(exact);
            }
            return env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    private record Known(String path, String vendor) {
    }

    private static final String LONGMAI = "Longmai mToken GM3000 (龙脉)";

    /**
     * Linux: relative to the root; {@code {multiarch}} stands for each Debian multiarch triplet, this machine's
     * first (a library of another architecture is then listed with its mismatch).
     */
    private static final List<Known> LINUX_LIBRARIES = List.of(
            new Known("usr/lib/softhsm/libsofthsm2.so", "SoftHSM"),
            new Known("usr/lib/{multiarch}/softhsm/libsofthsm2.so", "SoftHSM"),
            new Known("usr/lib64/softhsm/libsofthsm2.so", "SoftHSM"),
            new Known("usr/lib64/pkcs11/libsofthsm2.so", "SoftHSM"),
            new Known("usr/local/lib/softhsm/libsofthsm2.so", "SoftHSM"),
            new Known("usr/lib/{multiarch}/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/lib/{multiarch}/pkcs11/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/lib64/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/lib64/pkcs11/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/lib/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/lib/pkcs11/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/local/lib/opensc-pkcs11.so", "OpenSC"),
            new Known("usr/local/lib/pkcs11/opensc-pkcs11.so", "OpenSC"),
            // Longmai's packages for Kylin and for UOS
            new Known("opt/lm-gm3000/lib/libgm3000_pkcs11.so", LONGMAI),
            new Known("opt/apps/com.longmai.gm3000user/files/lib/libgm3000_pkcs11.so", LONGMAI),
            new Known("usr/lib/libgm3000_pkcs11.so", LONGMAI),
            new Known("usr/lib/libepsng_p11.so", "Feitian ePass2000 (飞天诚信)"));

    private static final List<String> MULTIARCH =
            List.of("x86_64-linux-gnu", "aarch64-linux-gnu", "i386-linux-gnu", "loongarch64-linux-gnu");

    /**
     * Windows: PKCS#11 libraries of the USB keys that Chinese CAs hand out, looked for in System32 and SysWOW64
     * (where 64-bit Windows keeps 32-bit DLLs). A STARTING LIST, gathered from public code and installer scripts
     * that load or install these files: confirm each name against the vendors' current installers. CAs often ship
     * the same vendor library renamed for themselves. Nothing was found for the libraries of 数字认证 (BJCA) and
     * 吉大正元 (JIT): their keys come from the vendors below, so their libraries may be among these; an explicit path
     * covers the rest.
     */
    private static final List<Known> WINDOWS_SYSTEM_LIBRARIES = List.of(
            new Known("gm3000_pkcs11.dll", LONGMAI),
            new Known("gm3000_pkcs11_tw.dll", "Longmai mToken GM3000, iTrusChina build (天威诚信 天威盾)"),
            new Known("CryptoIDA_pkcs11.dll", "Longmai mToken CryptoID (龙脉)"),
            new Known("eps2003csp11.dll", "Feitian ePass2003 (飞天诚信)"),
            new Known("ShuttleCsp11_3003.dll", "Feitian ePass3003 (飞天诚信)"),
            new Known("ShuttleCsp11_3000GM.dll", "Feitian ePass3000GM (飞天诚信)"),
            new Known("ngp11v211.dll", "Feitian ePass1000ND/2000/3000 (飞天诚信)"),
            new Known("WDPKCS.dll", "Watchdata WatchKey (握奇)"),
            new Known("HtPkcs11.dll", "HaiTai (海泰方圆)"),
            new Known("SJK1217Pkcs.dll", "Excelsecu (文鼎创)"),
            new Known("CFCA_UKEY_P11.dll", "CFCA UKey (中国金融认证中心)"),
            new Known("UlanPKCS11.dll", "CFCA Ulan UKey (中国金融认证中心)"),
            new Known("opensc-pkcs11.dll", "OpenSC"));

    /** Windows: relative to each Program Files folder. */
    private static final List<Known> WINDOWS_PROGRAM_LIBRARIES = List.of(
            new Known("OpenSC Project/OpenSC/pkcs11/opensc-pkcs11.dll", "OpenSC"),
            new Known("SoftHSM2/lib/softhsm2-x64.dll", "SoftHSM"),
            new Known("SoftHSM2/lib/softhsm2.dll", "SoftHSM"));

    private final Layout layout;

    public LibraryDiscovery(Layout layout) {
        this.layout = layout;
    }

    public static LibraryDiscovery system() {
        return new LibraryDiscovery(Layout.system());
    }

    /** The candidates in the order to try them; {@code explicit} paths come first, in the order given. */
    public List<LibraryCandidate> candidates(Path... explicit) {
        Map<String, LibraryCandidate> found = new LinkedHashMap<>();
        for (Path path : explicit) {
            add(found, path, EXPLICIT, vendorOf(path), true);
        }
        for (Path path : environmentPaths(layout, ENV_VARIABLE)) {
            add(found, path, ENVIRONMENT, vendorOf(path), true);
        }
        if (layout.os() == Os.LINUX) {
            for (P11KitRegistry.Module module : new P11KitRegistry(layout).modules()) {
                String vendor = vendorOf(module.path());
                add(found, module.path(), P11_KIT, vendor.isEmpty() ? module.name() : vendor, true);
            }
            for (Known known : linuxLibraries()) {
                add(found, layout.under(known.path()), USUAL_PATH, known.vendor(), false);
            }
        } else if (layout.os() == Os.WINDOWS) {
            for (Path dir : windowsSystemDirs(layout)) {
                for (Known known : WINDOWS_SYSTEM_LIBRARIES) {
                    add(found, dir.resolve(known.path()), VENDOR_TABLE, known.vendor(), false);
                }
            }
            for (Path dir : programFilesDirs()) {
                for (Known known : WINDOWS_PROGRAM_LIBRARIES) {
                    add(found, dir.resolve(known.path()), VENDOR_TABLE, known.vendor(), false);
                }
            }
        }
        return layout.os() == Os.WINDOWS ? withoutTwins(List.copyOf(found.values())) : List.copyOf(found.values());
    }

    /**
     * Vendors install the same library twice on 64-bit Windows, 64-bit in System32 and 32-bit in SysWOW64. A 32-bit
     * library is usable on its own (through the 32-bit library host), but beside its 64-bit twin it would show every
     * key twice: the twin is used and the 32-bit one is left out.
     */
    private List<LibraryCandidate> withoutTwins(List<LibraryCandidate> candidates) {
        List<LibraryCandidate> result = new ArrayList<>();
        for (LibraryCandidate candidate : candidates) {
            boolean twin = candidate.usable() && arch(candidate.path()) == LibraryHeader.Arch.X86
                    && candidates.stream().anyMatch(other -> other.usable() && other != candidate
                            && sameFileName(other.path(), candidate.path())
                            && arch(other.path()) == LibraryHeader.Arch.X86_64);
            if (!twin) {
                result.add(candidate);
            }
        }
        return List.copyOf(result);
    }

    private static boolean sameFileName(Path a, Path b) {
        return a.getFileName().toString().equalsIgnoreCase(b.getFileName().toString());
    }

    private static LibraryHeader.Arch arch(Path path) {
        try {
            return LibraryHeader.read(path).flatMap(LibraryHeader.Binary::arch).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void add(Map<String, LibraryCandidate> found, Path path, String source, String vendor,
                     boolean listEvenIfMissing) {
        if (!listEvenIfMissing && !Files.isRegularFile(path)) {
            return;
        }
        found.putIfAbsent(canonicalKey(path, layout), new LibraryCandidate(path, source, vendor, defect(path, layout)));
    }

    /** The real path (symbolic links resolved) when the file exists; Windows paths compare without case. */
    static String canonicalKey(Path path, Layout layout) {
        Path canonical;
        try {
            canonical = path.toRealPath();
        } catch (IOException missing) {
            canonical = path.toAbsolutePath().normalize();
        }
        String key = canonical.toString();
        return layout.os() == Os.WINDOWS ? key.toLowerCase(Locale.ROOT) : key;
    }

    /** What stands between the file and loading it, read from the file alone (SKF discovery asks the same). */
    static Optional<LibraryDefect> defect(Path path, Layout layout) {
        if (!Files.exists(path)) {
            return Optional.of(LibraryDefect.of(LibraryDefect.Kind.MISSING));
        }
        if (Files.isDirectory(path)) {
            return Optional.of(LibraryDefect.of(LibraryDefect.Kind.FOLDER));
        }
        if (!Files.isReadable(path)) {
            return Optional.of(LibraryDefect.of(LibraryDefect.Kind.UNREADABLE));
        }
        if (layout.os() == Os.OTHER) {
            return Optional.empty();
        }
        Optional<Binary> binary;
        try {
            binary = LibraryHeader.read(path);
        } catch (IOException e) {
            return Optional.of(new LibraryDefect(LibraryDefect.Kind.UNREADABLE, Optional.empty(), Optional.empty(),
                    String.valueOf(e.getMessage())));
        }
        if (binary.isEmpty()) {
            return Optional.of(LibraryDefect.of(LibraryDefect.Kind.NOT_A_LIBRARY));
        }
        Format expected = layout.os() == Os.WINDOWS ? Format.PE : Format.ELF;
        if (binary.get().format() != expected) {
            return Optional.of(LibraryDefect.of(expected == Format.PE ? LibraryDefect.Kind.LINUX_LIBRARY
                    : LibraryDefect.Kind.WINDOWS_DLL));
        }
        Optional<LibraryHeader.Arch> java = LibraryHeader.javaArch(layout.osArch());
        if (layout.os() == Os.WINDOWS && binary.get().arch().equals(Optional.of(LibraryHeader.Arch.X86))
                && java.equals(Optional.of(LibraryHeader.Arch.X86_64))) {
            return Optional.empty(); // served by the 32-bit library host, ukey-host32.exe
        }
        return LibraryHeader.mismatch(binary.get(), java);
    }

    static List<Path> environmentPaths(Layout layout, String variable) {
        String separator = layout.os() == Os.WINDOWS ? ";" : ":";
        return layout.variable(variable).map(value -> pathList(value, separator)).orElse(List.of());
    }

    /**
     * The library paths of a list such as {@code UKEY_PKCS11_MODULE} or {@code pkcs11.modules}: split at the
     * separator ({@code ;} on Windows, {@code :} elsewhere), each stripped, empty entries dropped.
     */
    public static List<Path> pathList(String list, String separator) {
        return Stream.of(list.split(Pattern.quote(separator)))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
    }

    private String vendorOf(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return "";
        }
        return Stream.of(LINUX_LIBRARIES, WINDOWS_SYSTEM_LIBRARIES, WINDOWS_PROGRAM_LIBRARIES)
                .flatMap(List::stream)
                .filter(known -> known.path().substring(known.path().lastIndexOf('/') + 1)
                        .equalsIgnoreCase(name.toString()))
                .map(Known::vendor).findFirst().orElse("");
    }

    /** The Debian multiarch triplet of the JVM's architecture ({@code x86_64-linux-gnu}...). */
    static Optional<String> multiarchTriplet(Layout layout) {
        return LibraryHeader.javaArch(layout.osArch()).flatMap(arch -> Optional.ofNullable(switch (arch) {
            case X86_64 -> "x86_64-linux-gnu";
            case ARM64 -> "aarch64-linux-gnu";
            case X86 -> "i386-linux-gnu";
            case LOONGARCH64 -> "loongarch64-linux-gnu";
            case RISCV64 -> "riscv64-linux-gnu";
            case ARM -> "arm-linux-gnueabihf";
        }));
    }

    private List<Known> linuxLibraries() {
        List<String> triplets = new ArrayList<>();
        multiarchTriplet(layout).ifPresent(triplets::add);
        MULTIARCH.stream().filter(t -> !triplets.contains(t)).forEach(triplets::add);
        List<Known> expanded = new ArrayList<>();
        for (Known known : LINUX_LIBRARIES) {
            if (known.path().contains("{multiarch}")) {
                triplets.forEach(t -> expanded.add(new Known(known.path().replace("{multiarch}", t), known.vendor())));
            } else {
                expanded.add(known);
            }
        }
        return expanded;
    }

    // ---- Windows ----

    /** System32, then SysWOW64 (where 64-bit Windows keeps 32-bit DLLs). */
    static List<Path> windowsSystemDirs(Layout layout) {
        Path windows = Path.of(layout.variable("SystemRoot").or(() -> layout.variable("windir"))
                .orElse("C:\\Windows"));
        return List.of(windows.resolve("System32"), windows.resolve("SysWOW64"));
    }

    private List<Path> programFilesDirs() {
        return Stream.of("ProgramW6432", "ProgramFiles", "ProgramFiles(x86)")
                .map(layout::variable).flatMap(Optional::stream).distinct().map(Path::of).toList();
    }
}
