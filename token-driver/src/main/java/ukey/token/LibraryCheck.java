package ukey.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ukey.token.LibraryCandidate.Issue;
import ukey.token.LibraryDiscovery.Os;
import ukey.token.LibraryHeader.Binary;
import ukey.token.LibraryHeader.Format;

/**
 * What stands between a library file and loading it, read from the file alone: missing, unreadable, not a
 * library, for another operating system, or for another processor or bitness (from its ELF or PE header). A 32-bit
 * DLL on 64-bit Windows is no problem: the 32-bit library host, {@code ukey-host32.exe}, serves it.
 *
 * @param issue   the fact, when there is a problem
 * @param problem the same in English, for logs
 * @param arch    what the library was built for, when the header says
 */
record LibraryCheck(Optional<Issue> issue, Optional<String> problem, Optional<LibraryHeader.Arch> arch) {

    private static final LibraryCheck FINE = new LibraryCheck(Optional.empty(), Optional.empty(), Optional.empty());

    private static LibraryCheck of(Issue issue, String problem) {
        return new LibraryCheck(Optional.of(issue), Optional.of(problem), Optional.empty());
    }

    static LibraryCheck of(Path path, Os os, String osArch) {
        if (!Files.exists(path)) {
            return of(Issue.FILE_MISSING, "file missing");
        }
        if (Files.isDirectory(path)) {
            return of(Issue.NOT_A_FILE, "not a file but a folder");
        }
        if (!Files.isReadable(path)) {
            return of(Issue.UNREADABLE, "cannot read the file (permissions)");
        }
        if (os == Os.OTHER) {
            return FINE;
        }
        Optional<Binary> binary;
        try {
            binary = LibraryHeader.read(path);
        } catch (IOException e) {
            return of(Issue.UNREADABLE, "cannot read the file: " + e.getMessage());
        }
        if (binary.isEmpty()) {
            return of(Issue.UNKNOWN_FORMAT, "not a shared library (unknown file format)");
        }
        Format expected = os == Os.WINDOWS ? Format.PE : Format.ELF;
        if (binary.get().format() != expected) {
            return of(Issue.OTHER_OS, expected == Format.PE ? "not a Windows DLL (an ELF library, for Linux)"
                    : "not a Linux library (a Windows DLL)");
        }
        Optional<LibraryHeader.Arch> java = LibraryHeader.javaArch(osArch);
        if (os == Os.WINDOWS && binary.get().arch().equals(Optional.of(LibraryHeader.Arch.X86))
                && java.equals(Optional.of(LibraryHeader.Arch.X86_64))) {
            return new LibraryCheck(Optional.empty(), Optional.empty(), binary.get().arch()); // ukey-host32.exe serves it
        }
        Optional<String> mismatch = LibraryHeader.mismatch(binary.get(), java);
        if (mismatch.isEmpty()) {
            return new LibraryCheck(Optional.empty(), Optional.empty(), binary.get().arch());
        }
        boolean bitness = binary.get().arch().get().bits() != java.get().bits();
        return new LibraryCheck(Optional.of(bitness ? Issue.BITNESS : Issue.ARCHITECTURE), mismatch,
                binary.get().arch());
    }
}
