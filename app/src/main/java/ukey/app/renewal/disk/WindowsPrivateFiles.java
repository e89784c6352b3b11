package ukey.app.renewal.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;

/**
 * Windows: the journal folder gets one ACL entry, full control for its owner (the user), inherited by the files
 * made in it, and no entry inherited from above: the same privacy the user's profile gives, kept even when the
 * settings folder is moved somewhere shared. Files made in the folder inherit that entry.
 */
final class WindowsPrivateFiles implements PrivateFiles {

    @Override
    public void directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        AclFileAttributeView view = Files.getFileAttributeView(directory, AclFileAttributeView.class);
        if (view == null) {
            throw new IOException(directory + " has no ACL to make private");
        }
        UserPrincipal owner = view.getOwner();
        AclEntry ownerOnly = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT).build();
        if (!view.getAcl().equals(List.of(ownerOnly))) {
            view.setAcl(List.of(ownerOnly));
        }
    }

    @Override
    public void newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file); // inherits the folder's owner-only entry
    }
}
