package ukey.app.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.renewal.api.Pem;
import ukey.app.ui.Fixtures;
import ukey.app.update.UpdateCheck.Available;

/** 有新版本 against a real HTTPS server on 127.0.0.1. */
class UpdateCheckTest {

    @TempDir
    static Path folder;

    private static UpdateServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new UpdateServer(folder);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static UpdateCheck check() throws IOException {
        return new UpdateCheck(server.url(), Pem.readFile(server.trustFile()), Duration.ofSeconds(5));
    }

    @Test
    void aNewerVersionIsNamedWithItsPage() throws Exception {
        server.latest("0.2.0");

        assertEquals(Optional.of(new Available("0.2.0", server.page("0.2.0"))), check().newerThan("0.1.0"));
    }

    @Test
    void aPageOnAnotherHostIsRefusedUnlessTheItPolicyAllowsIt() throws Exception {
        String elsewhere = "{\"version\":\"0.2.0\",\"url\":\"https://downloads.example.cn/ukey-0.2.0.msi\"}";
        server.serve(200, elsewhere);
        IOException refused = assertThrows(IOException.class, () -> check().newerThan("0.1.0"));
        assertTrue(refused.getMessage().contains("another host"), refused.getMessage());

        UpdateCheck allowing = new UpdateCheck(server.url(), Pem.readFile(server.trustFile()), Duration.ofSeconds(5),
                Set.of("Downloads.Example.CN"));
        assertEquals("https://downloads.example.cn/ukey-0.2.0.msi",
                allowing.newerThan("0.1.0").orElseThrow().page().toString());

        // the allowlist counts only from the IT policy, not from the user's own settings
        Path userOnly = folder.resolve("user-allowlist");
        UpdateCheck fromUser = UpdateCheck.from(Fixtures.settings(userOnly, "update.url=" + server.url()
                + "\nca.trust=" + server.trustFile() + "\nupdate.pageHosts=downloads.example.cn\n")).orElseThrow();
        assertThrows(IOException.class, () -> fromUser.newerThan("0.1.0"));
        Path policy = folder.resolve("policy.properties");
        Files.writeString(policy, "update.pageHosts=downloads.example.cn\n");
        Files.createDirectories(userOnly);
        UpdateCheck fromPolicy = UpdateCheck.from(Settings.load(Map.of("UKEY_CONFIG_DIR", userOnly.toString(),
                "UKEY_POLICY_FILE", policy.toString()))).orElseThrow();
        assertEquals("0.2.0", fromPolicy.newerThan("0.1.0").orElseThrow().version());
    }

    @Test
    void theSameOrAnOlderVersionIsNothingNew() throws Exception {
        server.latest("0.1.0");
        assertEquals(Optional.empty(), check().newerThan("0.1.0"));
        server.latest("0.0.9");
        assertEquals(Optional.empty(), check().newerThan("0.1.0"));
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertTrue(UpdateCheck.compare("0.10.0", "0.9.9") > 0);
        assertTrue(UpdateCheck.compare("0.2.0", "0.2.0-rc1") > 0);
        assertTrue(UpdateCheck.compare("0.2.0-rc2", "0.2.0-rc1") > 0);
        assertTrue(UpdateCheck.compare("1.0", "0.99.99") > 0);
        assertEquals(0, UpdateCheck.compare("0.2", "0.2.0"));
    }

    @Test
    void aMalformedDocumentIsAFailure() throws Exception {
        for (String body : List.of("this is not JSON", "[1,2]", "{\"version\":\"latest\",\"url\":\"https://a.cn/\"}",
                "{\"version\":\"0.2.0\"}", "{\"version\":\"0.2.0\",\"url\":\"javascript:alert(1)\"}",
                "{\"version\":\"0.2.0\",\"url\":\"http://example.cn/plain\"}")) {
            server.serve(200, body);
            assertThrows(IOException.class, () -> check().newerThan("0.1.0"), body);
        }
        server.serve(404, "{\"version\":\"9.9.9\",\"url\":\"https://example.cn/\"}");
        assertThrows(IOException.class, () -> check().newerThan("0.1.0"));
    }

    @Test
    void anUnreachableOrUntrustedServerIsAFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        URI nobody = URI.create("https://127.0.0.1:" + closed + "/latest.json");
        assertThrows(IOException.class, () -> new UpdateCheck(nobody, List.of(), Duration.ofSeconds(5))
                .newerThan("0.1.0"));

        server.latest("0.2.0");
        // the JDK's roots alone do not know the test CA
        assertThrows(SSLHandshakeException.class, () -> new UpdateCheck(server.url(), List.of(), Duration.ofSeconds(5))
                .newerThan("0.1.0"));
        assertThrows(IllegalArgumentException.class, () -> new UpdateCheck(URI.create("http://127.0.0.1/x.json"),
                List.of(), Duration.ofSeconds(5)));
    }

    @Test
    void theSettingsTurnItOffOrPointItAtTheDocument() throws Exception {
        String document = "update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\n";
        server.latest("0.2.0");

        assertEquals(Optional.empty(), UpdateCheck.from(Fixtures.settings(folder.resolve("none"), "")));
        assertEquals(Optional.empty(),
                UpdateCheck.from(Fixtures.settings(folder.resolve("off"), document + "update.check=off\n")));
        UpdateCheck on = UpdateCheck.from(Fixtures.settings(folder.resolve("on"), document)).orElseThrow();
        assertEquals("0.2.0", on.newerThan("0.1.0").orElseThrow().version());
    }
}
