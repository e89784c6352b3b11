package ukey.app.tokens;

import java.util.List;
import java.util.stream.Stream;

import ukey.token.LibraryCandidate;
import ukey.token.LibraryDiscovery;
import ukey.token.SkfDiscovery;

/** Finds the PKCS#11 and SKF libraries installed on this machine when none is given explicitly. */
@FunctionalInterface
public interface LibrarySource {

    /** Both kinds, each with its backend; the caller takes the kind it has no explicit library for. */
    List<LibraryChoice> find();

    /**
     * The token layer's discovery (PKCS#11: p11-kit registry and usual paths on Linux, known vendor DLLs on Windows;
     * SKF: CSP registrations' SKFImagePath, NETCA's keys and known vendor SKF libraries): the one place that calls it.
     */
    static LibrarySource discovery() {
        return () -> Stream.concat(LibraryDiscovery.system().candidates().stream(),
                SkfDiscovery.system().candidates().stream()).map(LibrarySource::choice).toList();
    }

    private static LibraryChoice choice(LibraryCandidate found) {
        return new LibraryChoice(found.path(), found.source(), found.vendor(), found.problem(), false,
                found.backend());
    }
}
