package ukey.app.tokens;

import java.nio.file.Path;
import java.util.Optional;

import ukey.token.LibraryDefect;

/**
 * A PKCS#11 library to load, and why.
 *
 * @param path     the library file
 * @param source   where it came from: "--module", "UKEY_PKCS11_MODULE", "settings", or the discovery's source
 * @param vendor   the vendor, when known ("" otherwise)
 * @param problem  why it cannot be loaded, when discovery already knows (e.g. a 32-bit DLL in a 64-bit process)
 * @param explicit the user or the administrator named it (rather than discovery guessing it)
 */
public record LibraryChoice(Path path, String source, String vendor, Optional<LibraryDefect> problem, boolean explicit) {

    public static LibraryChoice explicit(Path path, String source) {
        return new LibraryChoice(path, source, "", Optional.empty(), true);
    }
}
