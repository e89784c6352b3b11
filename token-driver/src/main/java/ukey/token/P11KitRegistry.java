package ukey.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ukey.token.LibraryDiscovery.Layout;

/** Linux: the PKCS#11 modules registered with p11-kit (pkcs11.conf(5)), for {@link LibraryDiscovery}. */
final class P11KitRegistry {

    /** p11-kit's own modules: a trust store and a remoting client, never a user's keys. */
    private static final List<String> SKIPPED = List.of("p11-kit-trust", "p11-kit-client");

    private final Layout layout;

    P11KitRegistry(Layout layout) {
        this.layout = layout;
    }

    record Module(String name, Path path, int priority) {
    }

    /**
     * Module configs as p11-kit reads them: the user's ~/.config/pkcs11/modules, then /etc/pkcs11/modules, then
     * /usr/share/p11-kit/modules; for one module name the earlier folder wins setting by setting. A blank
     * {@code module:} disables a module. Sorted as p11-kit sorts: higher priority first, then by name.
     */
    List<Module> modules() {
        Map<String, Map<String, String>> configs = new HashMap<>();
        for (Path dir : p11KitConfigDirs()) {
            for (Path file : moduleFiles(dir)) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".module".length());
                Map<String, String> settings = configs.computeIfAbsent(name, n -> new HashMap<>());
                readConfig(file).forEach(settings::putIfAbsent);
            }
        }
        List<Module> modules = new ArrayList<>();
        configs.forEach((name, settings) -> {
            String module = settings.getOrDefault("module", "").strip();
            Path fileName = module.isEmpty() ? null : Path.of(module).getFileName();
            if (fileName == null || skipped(name) || skipped(fileName.toString())) {
                return;
            }
            Path path = module.startsWith("/") ? layout.under(module) : p11KitModuleDir().resolve(module);
            modules.add(new Module(name, path, priority(settings.get("priority"))));
        });
        modules.sort(Comparator.comparingInt(Module::priority).reversed().thenComparing(Module::name));
        return modules;
    }

    private static boolean skipped(String name) {
        return SKIPPED.stream().anyMatch(name::startsWith);
    }

    private static int priority(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<Path> p11KitConfigDirs() {
        List<Path> dirs = new ArrayList<>();
        layout.variable("HOME").filter(home -> home.startsWith("/"))
                .ifPresent(home -> dirs.add(layout.under(home).resolve(".config/pkcs11/modules")));
        dirs.add(layout.under("/etc/pkcs11/modules"));
        dirs.add(layout.under("/usr/share/p11-kit/modules"));
        return dirs;
    }

    private static List<Path> moduleFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".module") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException unreadable) {
            return List.of(); // p11-kit skips an unreadable folder too
        }
    }

    /** "name: value" lines; blank lines and lines starting with # are ignored. */
    private static Map<String, String> readConfig(Path file) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException unreadable) {
            return settings;
        }
        for (String raw : lines) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 1) {
                continue;
            }
            settings.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return settings;
    }

    /** Where relative {@code module:} values point: the multiarch pkcs11 folder (Debian), lib64 (Fedora), lib. */
    private Path p11KitModuleDir() {
        List<Path> dirs = new ArrayList<>();
        LibraryDiscovery.multiarchTriplet(layout).ifPresent(triplet -> dirs.add(layout.under("/usr/lib/" + triplet + "/pkcs11")));
        dirs.add(layout.under("/usr/lib64/pkcs11"));
        dirs.add(layout.under("/usr/lib/pkcs11"));
        return dirs.stream().filter(Files::isDirectory).findFirst().orElse(dirs.getFirst());
    }
}
