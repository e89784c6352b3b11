package ukey.app.renewal.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.net.TestTls;
import ukey.token.testing.TestCertificates;

/**
 * The three trust sets under a binding IT policy: where the policy sets the CA's roots (ca.trust), a user's file for
 * one purpose (ca.tlsTrust, ca.issuerTrust) or a user's CMP pin (ca.cmpSigner, ca.cmpSender) does not take their
 * place; without a policy the user's choices hold.
 */
class CaEndpointTest {

    @TempDir
    Path dir;

    @Test
    void aPolicysRootsAreNotReplacedByTheUsersTrustForOnePurpose() throws Exception {
        TestCertificates.Issued policyRoot = TestTls.ca("Root chosen by IT");
        TestCertificates.Issued userRoot = TestTls.ca("Root chosen by the user");
        Path policyPem = TestTls.trustFile(policyRoot, dir.resolve("policy-root.pem"));
        Path userPem = TestTls.trustFile(userRoot, dir.resolve("user-root.pem"));
        String user = "ca.tlsTrust=" + userPem + "\nca.issuerTrust=" + userPem + "\nca.cmpSigner=" + userPem
                + "\nca.cmpSender=CN=Root chosen by the user\n";

        CaEndpoint underPolicy = CaEndpoint.of(settings(user, "ca.url=https://ca.example.cn/renew\nca.trust="
                + policyPem + "\n"));

        assertEquals(List.of(policyRoot.certificate()), underPolicy.tlsRoots(), "TLS: the policy's ca.trust");
        assertEquals(List.of(policyRoot.certificate()), underPolicy.issuerRoots(), "issuers: the policy's ca.trust");
        assertEquals(List.of(), underPolicy.cmpSigners().pinned(), "no user pin in place of the policy's roots");
        assertEquals(Optional.empty(), underPolicy.cmpSigners().expectedSender());

        CaEndpoint userOnly = CaEndpoint.of(settings(user + "ca.url=https://ca.example.cn/renew\nca.trust="
                + policyPem + "\n", ""));

        assertEquals(List.of(userRoot.certificate()), userOnly.tlsRoots());
        assertEquals(List.of(userRoot.certificate()), userOnly.issuerRoots());
        assertEquals(List.of(userRoot.certificate()), userOnly.cmpSigners().pinned());
        assertEquals(Optional.of(new X500Name("CN=Root chosen by the user")), userOnly.cmpSigners().expectedSender());
    }

    private Settings settings(String user, String policy) throws Exception {
        Path folder = Files.createTempDirectory(dir, "settings");
        Files.writeString(folder.resolve(Settings.FILE_NAME), user);
        Path policyFile = Files.writeString(folder.resolve("policy.properties"), policy);
        return Settings.load(Map.of("UKEY_CONFIG_DIR", folder.toString(), "UKEY_POLICY_FILE", policyFile.toString()));
    }
}
