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
 * @param problem why it cannot be loaded as it is ("file missing", a 32/64-bit mismatch...), empty when it looks
 *                fine; English for logs (the app words {@code issue} instead)
 * @param backend which kind of library it is
 * @param issue   the problem as a fact the app words: e.g. {@link Issue#BITNESS} with {@code arch} X86 is a
 *                32-bit DLL that the 64-bit client cannot load in-process
 * @param arch    what the library was built for, when its header says
 */
public record LibraryCandidate(Path path, String source, String vendor, Optional<String> problem, Backend backend,
                               Optional<Issue> issue, Optional<LibraryHeader.Arch> arch) {

    /** Why a library cannot load as it is. */
    public enum Issue {
        FILE_MISSING, NOT_A_FILE, UNREADABLE, UNKNOWN_FORMAT,
        /** A Windows DLL on Linux, or the other way round. */
        OTHER_OS,
        /** 32-bit library, 64-bit Java (or the reverse). */
        BITNESS,
        /** Same bitness, another processor (ARM64 library on x86-64...). */
        ARCHITECTURE
    }

    /** A PKCS#11 candidate with only the English problem (the form before SKF was added). */
    public LibraryCandidate(Path path, String source, String vendor, Optional<String> problem) {
        this(path, source, vendor, problem, Backend.PKCS11, Optional.empty(), Optional.empty());
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
        return issue.equals(Optional.of(Issue.BITNESS)) && arch.map(a -> a.bits() == 32).orElse(false);
    }
}
