package ukey.app.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.token.LibraryPlacement;
import ukey.token.TokenProvider;
import ukey.token.host.Isolation;
import ukey.token.skf.SkfOptions;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.SoftSkf;

/**
 * Which 64-bit libraries run in the host process: the IT policy's libraries.isolated binds, over
 * UKEY_ISOLATE_LIBRARIES (one run) over the user's libraries.isolated; and an isolated SoftHSM really is served
 * by the Linux host.
 */
class LibraryIsolationTest {

    private static final Path VENDOR = Path.of("/opt/vendor/libvendor-p11.so");

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Settings settings(String user, String policy) throws IOException, AppException {
        Files.writeString(dir.resolve(Settings.FILE_NAME), user);
        Files.writeString(dir.resolve("policy.properties"), policy);
        env.put("UKEY_CONFIG_DIR", dir.toString());
        env.put("UKEY_POLICY_FILE", dir.resolve("policy.properties").toString());
        return Settings.load(env);
    }

    @Test
    void noLibraryIsIsolatedUnlessNamed() throws Exception {
        assertEquals(Isolation.NONE, LibraryIsolation.choose(settings("", ""), env));
    }

    @Test
    void theUsersSettingNamesLibrariesAndTheEnvironmentOverridesItForOneRun() throws Exception {
        Settings settings = settings("libraries.isolated=libvendor-p11.so\n", "");
        assertTrue(LibraryIsolation.choose(settings, env).covers(VENDOR));

        env.put(LibraryIsolation.ENV, "none");
        assertFalse(LibraryIsolation.choose(settings, env).covers(VENDOR));
        assertEquals(Optional.empty(), LibraryIsolation.overruled(settings, env), "no policy: nothing overruled");
    }

    @Test
    void thePolicyBindsOverTheEnvironmentAndTheUser() throws Exception {
        Settings settings = settings("libraries.isolated=all\n", "libraries.isolated=libvendor-p11.so\n");
        env.put(LibraryIsolation.ENV, "none");

        Isolation isolation = LibraryIsolation.choose(settings, env);
        assertTrue(isolation.covers(VENDOR));
        assertFalse(isolation.covers(Path.of("/opt/other/libother.so")), "the user's 'all' is not the policy's");
        assertEquals(Optional.of(LibraryIsolation.ENV), LibraryIsolation.overruled(settings, env),
                "the command says which key won");

        Settings none = settings("libraries.isolated=all\n", "libraries.isolated=none\n");
        assertEquals(Isolation.NONE, LibraryIsolation.choose(none, env), "IT can keep every library in-process");
    }

    @Test
    void anIsolatedLibraryIsServedByTheHost() throws Exception {
        Path softHsm = SoftHsm.get().library();
        // (in-process is SoftHsm's one shared provider: a second one closed here would finalize it for everyone)
        try (TokenProvider isolated = ProviderFactory.pkcs11().isolating(Isolation.ALL).open(softHsm)) {
            assertEquals(new LibraryPlacement(LibraryPlacement.Where.HOST_64, "ukey-host", Optional.empty()),
                    isolated.placement());
        }
    }

    @Test
    void anIsolatedSkfLibraryIsServedByTheHostAndOneNotNamedStaysInProcess() throws Exception {
        Path softSkf = SoftSkf.get().library();
        Isolation named = Isolation.parse(softSkf.getFileName().toString(), File.pathSeparator);
        try (TokenProvider isolated = ProviderFactory.pkcs11().isolating(named).openSkf(softSkf, SkfOptions.defaults());
             TokenProvider plain = ProviderFactory.pkcs11().isolating(Isolation.NONE)
                     .openSkf(softSkf, SkfOptions.defaults())) {
            assertEquals(LibraryPlacement.Where.HOST_64, isolated.placement().where());
            assertEquals(LibraryPlacement.IN_PROCESS, plain.placement());
        }
    }
}
