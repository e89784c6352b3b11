package ukey.token;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A PKCS#11 or SKF library that may hold the user's keys, as {@link LibraryDiscovery} or {@link SkfDiscovery}
 * found it.
 *
 * @param path    where the library is (as configured or found; duplicates by canonical path are dropped)
 * @param source  how it was found: one of the {@code LibraryDiscovery} / {@code SkfDiscovery} source constants
 * @param vendor  who makes it ("Longmai mToken GM3000 (龙脉)", "SoftHSM", a p11-kit module name), "" when unknown
 * @param problem why it cannot be loaded as it is (file missing, a 32/64-bit mismatch...), empty when it looks fine
 * @param backend which kind of library it is
 */
public record LibraryCandidate(Path path, String source, String vendor, Optional<LibraryDefect> problem,
                               Backend backend) {

    /** A PKCS#11 candidate. */
    public LibraryCandidate(Path path, String source, String vendor, Optional<LibraryDefect> problem) {
        this(path, source, vendor, problem, Backend.PKCS11);
    }

    /** Nothing seen so far stops it from loading (only loading it proves that it is a library of its kind). */
    public boolean usable() {
        return problem.isEmpty();
    }

    /**
     * A 32-bit library that this 64-bit client cannot load at all (a 32-bit library on 64-bit Windows is not one:
     * ukey-host32.exe serves it; a 32-bit Linux library is).
     */
    public boolean thirtyTwoBit() {
        return problem.filter(p -> p.kind() == LibraryDefect.Kind.WRONG_BITS)
                .flatMap(LibraryDefect::library).map(arch -> arch.bits() == 32).orElse(false);
    }
}
