package ukey.token;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A PKCS#11 library that may hold the user's keys, as {@link LibraryDiscovery} found it.
 *
 * @param path    where the library is (as configured or found; duplicates by canonical path are dropped)
 * @param source  how it was found: one of the {@code LibraryDiscovery} source constants
 * @param vendor  who makes it ("Longmai mToken GM3000 (龙脉)", "SoftHSM", a p11-kit module name), "" when unknown
 * @param problem why it cannot be loaded as it is (file missing, a 32/64-bit mismatch...), empty when it looks fine
 */
public record LibraryCandidate(Path path, String source, String vendor, Optional<LibraryDefect> problem) {

    /** Nothing seen so far stops it from loading (only loading it proves that it is a PKCS#11 library). */
    public boolean usable() {
        return problem.isEmpty();
    }
}
