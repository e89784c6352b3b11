package ukey.app.renewal.disk;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Linux and macOS: folders 0700 and files 0600, set when they are made, so there is no moment others could read. */
final class PosixPrivateFiles implements PrivateFiles {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @Override
    public void directory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.toAbsolutePath().getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(FOLDER));
            } catch (FileAlreadyExistsException raced) {
                // another process made it at the same moment: its mode is fixed below
            }
        }
        if (!Files.getPosixFilePermissions(directory).equals(FOLDER)) {
            Files.setPosixFilePermissions(directory, FOLDER); // made by an earlier client with the umask's mode
        }
    }

    @Override
    public void newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }
}
