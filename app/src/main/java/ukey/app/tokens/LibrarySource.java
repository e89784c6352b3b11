package ukey.app.tokens;

import java.util.List;

/** Finds the PKCS#11 libraries installed on this machine when none is given explicitly. */
@FunctionalInterface
public interface LibrarySource {

    List<LibraryChoice> find();

    /**
     * The token layer's discovery (p11-kit registry and usual paths on Linux, known vendor DLLs on Windows). The one
     * place that calls it.
     */
    static LibrarySource discovery() {
        // TODO(library discovery): ukey.token.LibraryDiscovery is being written beside this. When it is on main:
        //   LibraryDiscovery.discover().stream()
        //       .map(c -> new LibraryChoice(c.path(), c.source(), c.vendor(), c.problem())).toList()
        // Until then nothing is discovered, and the user is told to give the library (AppError.NO_LIBRARY).
        return List::of;
    }
}
