package ukey.app.tokens;

import java.util.List;

import ukey.token.LibraryDiscovery;

/** Finds the PKCS#11 libraries installed on this machine when none is given explicitly. */
@FunctionalInterface
public interface LibrarySource {

    List<LibraryChoice> find();

    /**
     * The token layer's discovery (p11-kit registry and usual paths on Linux, known vendor DLLs on Windows): the one
     * place that calls it.
     */
    static LibrarySource discovery() {
        return () -> LibraryDiscovery.system().candidates().stream()
                .map(c -> new LibraryChoice(c.path(), c.source(), c.vendor(), c.problem(), false))
                .toList();
    }
}
