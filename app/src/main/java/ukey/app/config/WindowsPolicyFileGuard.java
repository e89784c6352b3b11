package ukey.app.config;

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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Windows: the policy file and its folder ({@code %ProgramData%\UKey}, which the MSI creates for administrators
 * only) are owned by administrators, and their ACLs let nobody else write: every entry that allows writing,
 * appending, deleting or changing the ACL names Administrators, SYSTEM or TrustedInstaller. ProgramData itself
 * lets users create folders, which is why the UKey folder's own ACL is what counts.
 */
final class WindowsPolicyFileGuard implements PolicyFileGuard {

    /** Account names as LookupAccountSid gives them; Windows keeps these built-in names in every language. */
    private static final Set<String> ADMINISTRATORS = Set.of("builtin\\administrators", "nt authority\\system",
            "nt service\\trustedinstaller", "administrators", "system", "trustedinstaller");
    private static final Set<AclEntryPermission> WRITING = EnumSet.of(AclEntryPermission.WRITE_DATA,
            AclEntryPermission.APPEND_DATA, AclEntryPermission.WRITE_NAMED_ATTRS, AclEntryPermission.DELETE,
            AclEntryPermission.DELETE_CHILD, AclEntryPermission.WRITE_ACL, AclEntryPermission.WRITE_OWNER);

    @Override
    public Optional<String> writableByOthers(Path file) throws IOException {
        Path real = file.toRealPath();
        for (Path path : new Path[] {real, real.getParent()}) {
            AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class);
            if (view == null) {
                return Optional.of(path + " has no ACL to check");
            }
            if (!administrator(view.getOwner())) {
                return Optional.of(path + " is owned by " + view.getOwner().getName() + ", not by administrators");
            }
            for (AclEntry entry : view.getAcl()) {
                boolean allowsWriting = entry.type() == AclEntryType.ALLOW
                        && !entry.flags().contains(AclEntryFlag.INHERIT_ONLY)
                        && entry.permissions().stream().anyMatch(WRITING::contains);
                if (allowsWriting && !administrator(entry.principal())) {
                    return Optional.of(path + " can be written by " + entry.principal().getName());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean administrator(UserPrincipal principal) {
        return ADMINISTRATORS.contains(principal.getName().toLowerCase(Locale.ROOT));
    }
}
