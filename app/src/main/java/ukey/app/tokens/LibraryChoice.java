package ukey.app.tokens;

import java.nio.file.Path;
import java.util.Optional;

import ukey.token.Backend;
import ukey.token.LibraryDefect;

/**
 * A PKCS#11 or SKF library to load, and why.
 *
 * @param path     the library file
 * @param source   where it came from: "--module", "--skf", "UKEY_PKCS11_MODULE", "UKEY_SKF_LIBRARY", "settings",
 *                 "policy", or the discovery's source
 * @param vendor   the vendor, when known ("" otherwise)
 * @param problem  why it cannot be loaded, when discovery already knows (e.g. a 32-bit DLL in a 64-bit process)
 * @param explicit the user or the administrator named it (rather than discovery guessing it)
 * @param backend  which kind of library it is
 */
public record LibraryChoice(Path path, String source, String vendor, Optional<LibraryDefect> problem, boolean explicit,
                            Backend backend) {

    /** A PKCS#11 library. */
    public LibraryChoice(Path path, String source, String vendor, Optional<LibraryDefect> problem, boolean explicit) {
        this(path, source, vendor, problem, explicit, Backend.PKCS11);
    }

    /** A PKCS#11 library named by the user or the administrator. */
    public static LibraryChoice explicit(Path path, String source) {
        return explicit(path, source, Backend.PKCS11);
    }

    public static LibraryChoice explicit(Path path, String source, Backend backend) {
        return new LibraryChoice(path, source, "", Optional.empty(), true, backend);
    }

    /** A library that discovery found present but that this client cannot load: worth telling the user. */
    public boolean foundButUnusable() {
        return !explicit && problem.filter(p -> p.kind() == LibraryDefect.Kind.WRONG_BITS
                || p.kind() == LibraryDefect.Kind.WRONG_ARCH).isPresent();
    }
}
