package ukey.token;

import java.util.Optional;

/**
 * Where a loaded library's calls run (in this process, or in a 32- or 64-bit host program) and, for a hosted library
 * switched off for this run after its host failed again and again, why: facts for 环境检测, worded by the client.
 *
 * @param where    in-process, or which host
 * @param program  the host program's name ("ukey-host32"); "" in-process
 * @param disabled why the library is off, when it is
 */
public record LibraryPlacement(Where where, String program, Optional<Disabled> disabled) {

    public static final LibraryPlacement IN_PROCESS = new LibraryPlacement(Where.IN_PROCESS, "", Optional.empty());

    public enum Where { IN_PROCESS, HOST_32, HOST_64 }

    /** How the host's last call ended before the library was switched off. */
    public enum Failure { START_FAILED, CRASHED, HUNG, GARBLED }

    /**
     * @param failures how many failures within the window switched it off
     * @param last     the last one's kind
     * @param detail   the last one as the log has it (exit code or signal, the host's last stderr lines)
     */
    public record Disabled(int failures, Failure last, String detail) {
    }
}
