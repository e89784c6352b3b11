package ukey.token;

import java.util.Optional;

/**
 * Why a library cannot be loaded as it is, as facts; the app words them.
 *
 * @param kind    what is wrong
 * @param library the library's processor, for {@link Kind#WRONG_BITS} and {@link Kind#WRONG_ARCH}
 * @param java    the processor Java runs on, for the same
 * @param detail  technical detail in English for the log (an I/O error's message), else empty
 */
public record LibraryDefect(Kind kind, Optional<LibraryHeader.Arch> library, Optional<LibraryHeader.Arch> java,
                            String detail) {

    public enum Kind {
        /** No file at that path. */
        MISSING,
        /** A folder, not a file. */
        FOLDER,
        /** The file cannot be read (permissions, or an I/O error: see the detail). */
        UNREADABLE,
        /** Not a shared library at all (an unknown file format). */
        NOT_A_LIBRARY,
        /** A Windows DLL where a Linux library is needed. */
        WINDOWS_DLL,
        /** A Linux (ELF) library where a Windows DLL is needed. */
        LINUX_LIBRARY,
        /** A 32-bit library for a 64-bit Java, or the other way round: the vendor's other build is needed. */
        WRONG_BITS,
        /** Built for another processor of the same width. */
        WRONG_ARCH,
        /** A relative path: refused, since what it names depends on the folder the client was started in. */
        RELATIVE_PATH
    }

    public static LibraryDefect of(Kind kind) {
        return new LibraryDefect(kind, Optional.empty(), Optional.empty(), "");
    }

    @Override
    public String toString() {
        return kind + library.map(a -> " library " + a.label()).orElse("") + java.map(a -> " java " + a.label())
                .orElse("") + (detail.isEmpty() ? "" : ": " + detail);
    }
}
