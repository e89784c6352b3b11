package ukey.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.errors.AppException;

/**
 * The IT policy binds only when only the administrator can have written it. On real files whose owner and mode
 * the test sets (the tests run as root here, so root-owned is the normal case and chown makes a user's file).
 */
class PolicyFileGuardTest {

    private static final int USER_UID = 1000;

    @TempDir
    Path temp;
    private Path folder;
    private Path policy;

    @BeforeEach
    void adminsPolicy() throws IOException {
        folder = Files.createDirectory(temp.resolve("etc-ukey"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        policy = folder.resolve("policy.properties");
        Files.writeString(policy, "ca.url=https://ca.example.cn/renew\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(temp.resolve("user"));
        Files.writeString(temp.resolve("user/settings.properties"), "ca.url=https://user.example/\n");
    }

    /** As an installed client loads it: the Linux check, no test-build exception. */
    private Settings load() throws AppException {
        return Settings.load(Map.of("UKEY_CONFIG_DIR", temp.resolve("user").toString(),
                "UKEY_POLICY_FILE", policy.toString()), false, new PosixPolicyFileGuard(PosixPolicyFileGuard.ROOT),
                false);
    }

    private void assertIgnored(String why) throws AppException {
        Settings settings = load();
        assertEquals(Optional.of("https://user.example/"), settings.get(Settings.CA_URL), "the policy is not applied");
        assertFalse(settings.lockedByPolicy(Settings.CA_URL));
        assertTrue(settings.policyIgnored().orElseThrow().contains(why), settings.policyIgnored().get());
    }

    @Test
    void aRootOwnedPolicyOthersCannotWriteBinds() throws AppException {
        Settings settings = load();
        assertEquals(Optional.of("https://ca.example.cn/renew"), settings.get(Settings.CA_URL));
        assertEquals(Optional.empty(), settings.policyIgnored());
    }

    @Test
    void aGroupWritablePolicyIsIgnoredWithAWarning() throws Exception {
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-r--"));
        assertIgnored("writable by its group");
    }

    @Test
    void aWorldWritablePolicyIsIgnored() throws Exception {
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--rw-"));
        assertIgnored("writable by everyone");
    }

    @Test
    void aPolicyOwnedByAUserIsIgnored() throws Exception {
        Files.setAttribute(policy, "unix:uid", USER_UID);
        assertIgnored("uid " + USER_UID);
    }

    @Test
    void aPolicyInAFolderAUserCanWriteIsIgnored() throws Exception {
        // whoever may write the folder may replace the file
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xrwx"));
        assertIgnored("etc-ukey is writable by everyone");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(folder, "unix:uid", USER_UID);
        assertIgnored("uid " + USER_UID);
    }

    @Test
    void aRootOwnedStickyFolderLikeTmpIsFine() throws Exception {
        Files.setAttribute(folder, "unix:mode", 01777);
        assertEquals(Optional.of("https://ca.example.cn/renew"), load().get(Settings.CA_URL));
    }

    @Test
    void aLinkToTheRealFileIsJudgedByTheFileItPointsTo() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("link.properties"), policy);
        policy = link;
        assertEquals(Optional.of("https://ca.example.cn/renew"), load().get(Settings.CA_URL));
        Files.setAttribute(folder.resolve("policy.properties"), "unix:uid", USER_UID);
        assertIgnored("uid " + USER_UID);
    }

    @Test
    void onlyATestBuildReadsUkeyPolicyFileUnchecked() throws Exception {
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--rw-"));
        Settings testBuild = Settings.load(Map.of("UKEY_CONFIG_DIR", temp.resolve("user").toString(),
                "UKEY_POLICY_FILE", policy.toString()), false, new PosixPolicyFileGuard(0), true);
        assertEquals(Optional.of("https://ca.example.cn/renew"), testBuild.get(Settings.CA_URL));
        assertIgnored("writable by everyone");
        assertTrue(Settings.testBuild(), "these tests run with the test-build marker on the class path");
    }
}
