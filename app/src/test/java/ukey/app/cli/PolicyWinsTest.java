package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.testing.SimulatedToken;

/**
 * IT policy is binding on the command line: --module, UKEY_PKCS11_MODULE, UKEY_ISOLATE_LIBRARIES, --ca-url,
 * --ca-trust and --connector do not override keys the policy sets, and the command says which policy key won. Relative library paths are refused.
 */
class PolicyWinsTest {

    private static final String POLICY_LIBRARY = "/sim/policy-vendor.so";
    private static final String OTHER_LIBRARY = "/sim/users-own.so";

    @TempDir
    Path dir;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(dir);
        cli.simulated(POLICY_LIBRARY)
                .insert(new SimulatedToken("策略指定的UKey", "POL0001", "123456", "87654321"));
        cli.simulated(OTHER_LIBRARY).insert(new SimulatedToken("用户自己的", "USR0001", "123456", "87654321"));
    }

    private void policy(String text) throws IOException {
        Files.writeString(Path.of(cli.env.get("UKEY_POLICY_FILE")), text);
    }

    @Test
    void thePolicysLibrariesWinOverModuleAndTheEnvironment() throws IOException {
        policy("pkcs11.modules=" + POLICY_LIBRARY + "\n");
        cli.env.put("UKEY_PKCS11_MODULE", OTHER_LIBRARY);
        CliHarness.Result result = cli.run("list", "--module", OTHER_LIBRARY, "--lang", "en");

        assertEquals(List.of(Path.of(POLICY_LIBRARY)), cli.opened);
        assertTrue(result.out().contains("POL0001"), result.out());
        assertFalse(result.out().contains("USR0001"));
        assertTrue(result.err().contains("--module is not used") && result.err().contains("sets pkcs11.modules"),
                result.err());
        assertTrue(result.err().contains("UKEY_PKCS11_MODULE is not used"), result.err());
    }

    @Test
    void thePolicysIsolatedLibrariesWinOverTheEnvironment() throws IOException {
        policy("libraries.isolated=policy-vendor.so\n");
        cli.env.put("UKEY_ISOLATE_LIBRARIES", "none");
        CliHarness.Result result = cli.run("list", "--module", POLICY_LIBRARY, "--lang", "en");

        assertTrue(cli.isolation.covers(Path.of(POLICY_LIBRARY)), "the policy's library runs in the host");
        assertFalse(cli.isolation.covers(Path.of(OTHER_LIBRARY)));
        assertTrue(result.err().contains("UKEY_ISOLATE_LIBRARIES is not used")
                && result.err().contains("sets libraries.isolated"), result.err());
    }

    @Test
    void withoutAPolicyTheCommandLineChooses() {
        CliHarness.Result result = cli.run("list", "--module", OTHER_LIBRARY, "--lang", "en");
        assertEquals(List.of(Path.of(OTHER_LIBRARY)), cli.opened);
        assertFalse(result.err().contains("not used"), result.err());
    }

    @Test
    void thePolicysCaWinsOverTheRenewOptions() throws IOException {
        Path policyRoots = dir.resolve("policy-roots.pem"); // missing: the renewal stops where it reads the roots
        policy("ca.url=https://127.0.0.1:9/renew\nca.trust=" + policyRoots + "\nca.connector=api\n");
        CliHarness.Result result = cli.run("renew", "--module", POLICY_LIBRARY, "--lang", "en",
                "--ca-url", "https://elsewhere.example/", "--ca-trust", dir.resolve("users-roots.pem").toString(),
                "--connector", "cmp", "--pin-stdin");

        for (String[] wins : new String[][] {{"--ca-url", "ca.url"}, {"--ca-trust", "ca.trust"},
                {"--connector", "ca.connector"}}) {
            assertTrue(result.err().contains(wins[0] + " is not used") && result.err().contains("sets " + wins[1]),
                    wins[0] + ": " + result.err());
        }
        assertTrue(result.err().contains("policy-roots.pem"),
                "the policy's trust file is the one read: " + result.err());
        assertFalse(result.err().contains("users-roots.pem"), result.err());
    }

    @Test
    void aRelativeLibraryPathIsRefused() {
        cli.simulated("vendor.so").insert(new SimulatedToken("相对路径", "REL0001", "123456", "87654321"));
        CliHarness.Result result = cli.run("list", "--module", "vendor.so", "--lang", "en");

        assertEquals(List.of(), cli.opened, "never loaded from the current folder");
        assertEquals(ExitCodes.LIBRARY_FAILED, result.exit());
        assertTrue(result.err().contains("vendor.so"), result.err());
    }
}
