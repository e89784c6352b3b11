package ukey.app.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether only administrators can have written the IT policy file. The policy binds every user of the machine:
 * a file that a user (or anything running as one) can write is no policy, so the client ignores it.
 */
interface PolicyFileGuard {

    /**
     * Empty when only administrators can write the file and every folder above it; else why not, for the log
     * (e.g. "/etc/ukey/policy.properties is writable by its group").
     */
    Optional<String> writableByOthers(Path file) throws IOException;

    /** The check of this platform: the ACLs on Windows, owner and mode bits elsewhere. */
    static PolicyFileGuard forPlatform(boolean windows) {
        return windows ? new WindowsPolicyFileGuard() : new PosixPolicyFileGuard(PosixPolicyFileGuard.ROOT);
    }
}
