package ukey.token.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import ukey.token.host.HostCommand;
import ukey.token.host.HostExecutables;

/**
 * The native parts the build makes for tests, found from the repository root (the folder above the module that
 * holds {@code ukey-host/}). The system property {@code ukey.host.dir}, or the environment variable
 * {@code UKEY_HOST_DIR}, points the tests at another build of the host, e.g. {@code ukey-host/target/asan} for a run
 * under AddressSanitizer: {@code UKEY_HOST_DIR=$PWD/ukey-host/target/asan src/test.sh ...}.
 */
public final class NativeBuild {

    private NativeBuild() {
    }

    /** The repository root: the nearest folder above the working directory with ukey-host/schema.txt. */
    public static Path root() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("ukey-host/schema.txt"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no ukey-host/schema.txt above " + Path.of("").toAbsolutePath());
    }

    public static Path hostTarget() {
        return root().resolve("ukey-host/target");
    }

    private static HostExecutables executables() {
        String configured = System.getProperty(HostExecutables.PROPERTY, System.getenv("UKEY_HOST_DIR"));
        return HostExecutables.in(configured != null ? Path.of(configured) : hostTarget());
    }

    /** The Linux host, built by the reactor (make in ukey-host). */
    public static HostCommand linuxHost() {
        return executables().linux(62).orElseThrow(() ->
                new IllegalStateException("ukey-host not built in " + hostTarget() + ": run the reactor build"));
    }

    /** The PKCS#11 library that misbehaves on demand (see ukey-host/test/hostile_pkcs11.c). */
    public static Path hostileLibrary() {
        Path library = hostTarget().resolve("libhostile-pkcs11.so");
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException(library + " not built: run the reactor build");
        }
        return library;
    }
}
