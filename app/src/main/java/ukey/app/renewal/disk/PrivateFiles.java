package ukey.app.renewal.disk;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Files only their user may read: renewal journals and their locks say which key is being renewed and how far,
 * and a journal decides what the engine may destroy. POSIX: folders 0700, files 0600; Windows: an ACL that grants
 * the user (the file's owner) alone, as the user's profile folder does.
 */
public interface PrivateFiles {

    /** Creates the folder (and its parents) when missing, and makes it the user's alone. */
    void directory(Path directory) throws IOException;

    /** Creates a new, empty file that only the user may read or write (an existing one is replaced). */
    void newFile(Path file) throws IOException;

    /** The kind this computer has. */
    static PrivateFiles forThisSystem() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix") ? new PosixPrivateFiles()
                : new WindowsPrivateFiles();
    }
}
