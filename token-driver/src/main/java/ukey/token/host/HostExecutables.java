package ukey.token.host;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the host programs are: {@code ukey-host} (Linux), {@code ukey-host32.exe} and {@code ukey-host64.exe}
 * (Windows). Looked for in the folder named by the system property {@value #PROPERTY}; then beside the client's
 * jars (the installed layout: {@code app/lib/*.jar} and {@code app/host/}); then, in a built checkout, in
 * {@code ukey-host/target} (its Windows builds in {@code target/win}).
 */
public final class HostExecutables {

    public static final String PROPERTY = "ukey.host.dir";

    private final List<Path> folders;

    private HostExecutables(List<Path> folders) {
        this.folders = folders;
    }

    /** The folders of this installation or checkout. */
    public static HostExecutables find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return in(Path.of(configured));
        }
        Optional<Path> code = codeLocation();
        if (code.isEmpty()) {
            return new HostExecutables(List.of());
        }
        Path jarFolder = Files.isDirectory(code.get()) ? code.get() : code.get().getParent();
        for (Path folder = jarFolder; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("ukey-host/target"))) {
                return in(folder.resolve("ukey-host/target"));
            }
        }
        return new HostExecutables(List.of(jarFolder.resolveSibling("host"), jarFolder.resolve("host")));
    }

    /** The host programs in this folder (or in its win/ subfolder, for the Windows builds). */
    public static HostExecutables in(Path folder) {
        return new HostExecutables(List.of(folder, folder.resolve("win")));
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = HostExecutables.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> program(String file) {
        return folders.stream().map(folder -> folder.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    /** The Linux host, for this machine's libraries (x86-64 here: e_machine 62). */
    public Optional<HostCommand> linux(long machine) {
        return program("ukey-host").map(p -> new HostCommand("ukey-host", List.of(p.toString()), Map.of(), machine));
    }

    /** The 32-bit Windows host. */
    public Optional<HostCommand> windows32() {
        return program("ukey-host32.exe").map(p -> new HostCommand("ukey-host32", List.of(p.toString()), Map.of(),
                0x14C));
    }

    /** The 64-bit Windows host. */
    public Optional<HostCommand> windows64() {
        return program("ukey-host64.exe").map(p -> new HostCommand("ukey-host64", List.of(p.toString()), Map.of(),
                0x8664));
    }

    /** The Windows host program itself, to run under Wine (tests) or to package. */
    public Optional<Path> windowsProgram(boolean bits32) {
        return program(bits32 ? "ukey-host32.exe" : "ukey-host64.exe");
    }

    @Override
    public String toString() {
        return folders.toString();
    }
}
