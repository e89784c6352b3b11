package ukey.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux and macOS: the policy file and every folder above it (links resolved) belong to the administrator (root)
 * and are writable by nobody else: no group or world write bit. A world-writable folder with the sticky bit
 * (/tmp) passes, since others cannot rename or delete root's entries in it.
 */
final class PosixPolicyFileGuard implements PolicyFileGuard {

    static final int ROOT = 0;
    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private final int adminUid;

    PosixPolicyFileGuard(int adminUid) {
        this.adminUid = adminUid;
    }

    @Override
    public Optional<String> writableByOthers(Path file) throws IOException {
        Path real = file.toRealPath();
        for (Path path = real; path != null; path = path.getParent()) {
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (uid != adminUid) {
                return Optional.of(path + " belongs to uid " + uid + ", not to the administrator (uid " + adminUid
                        + ")");
            }
            boolean stickyFolder = path != real && (mode & STICKY) != 0;
            if ((mode & GROUP_WRITE) != 0 && !stickyFolder) {
                return Optional.of(path + " is writable by its group");
            }
            if ((mode & OTHER_WRITE) != 0 && !stickyFolder) {
                return Optional.of(path + " is writable by everyone");
            }
        }
        return Optional.empty();
    }
}
