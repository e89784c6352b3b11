package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.app.renewal.RenewableCertificates;
import ukey.app.renewal.RenewalFixture;
import ukey.app.renewal.RenewalStep;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.Identity;
import ukey.token.testing.SoftSkf;

/**
 * {@code ukey renew} on an SKF key (softskf, an SM2 dual-certificate identity) against the sandbox's SM2 CA: the
 * same command as for PKCS#11 keys, in-process and as whole processes killed after a step and resumed.
 */
class SkfRenewCommandTest {

    private static SandboxCa ca;

    @TempDir
    Path configDir;
    private RenewalFixture key;

    @BeforeAll
    static void startCa() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(Files.createTempDirectory(Path.of("target"), "cli-sm2-sandbox"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @BeforeEach
    void key() throws Exception {
        ca.updateSettings(s -> {
            s.sms = true;
            s.pollCount = 0;
            s.smsResendSeconds = 0;
        });
        key = RenewalFixture.sm2(ca, RenewalFixture.temp("journals"));
    }

    @Test
    void renewsBothCertificatesWithThePinAndTheSmsCode() throws Exception {
        CliHarness cli = new CliHarness(configDir);
        // the code is read when asked for: the sandbox sends it once the renewal has started
        cli.stdinStream = new java.io.SequenceInputStream(new ByteArrayInputStream((SoftSkf.USER_PIN + "\n")
                .getBytes(StandardCharsets.UTF_8)), new java.io.InputStream() {
                    private byte[] line;
                    private int next;

                    @Override
                    public int read() {
                        if (line == null) {
                            line = (ca.lastSmsCode().orElseThrow() + "\n").getBytes(StandardCharsets.UTF_8);
                        }
                        return next < line.length ? line[next++] : -1;
                    }
                });

        CliHarness.Result result = cli.run(args("--pin-stdin").toArray(String[]::new));

        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertTrue(result.out().contains("证书更新成功！张三（签名证书）"), result.toString());
        assertTrue(result.out().contains("证书更新成功！张三（加密证书）"), result.toString());
        assertEquals(CertRecord.State.SUPERSEDED, ca.certificate(key.first.certId).orElseThrow().state);
        assertRenewed();
    }

    /** Killed for real (Runtime.halt) right after the journal records the step; the next run resumes it. */
    @ParameterizedTest
    @ValueSource(strings = {"VALIDATED", "CONFIRMED"})
    void aKilledProcessIsFinishedByTheNextOne(RenewalStep step) throws Exception {
        ca.updateSettings(s -> s.sms = false);
        UkeyProcess ukey = new UkeyProcess(configDir);

        UkeyProcess.Result killed = ukey.haltingAfter(step).run(SoftSkf.USER_PIN + "\n", args("--pin-stdin"));
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());

        UkeyProcess.Result resumed = ukey.run(SoftSkf.USER_PIN + "\n", args("--pin-stdin", "--resume"));
        assertEquals(ExitCodes.OK, resumed.exit(), resumed.toString());
        assertRenewed();
        assertEquals(1, ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count());
    }

    /** 放弃更新 before the certificates are on the key: the new container goes, the old one is as it was. */
    @Test
    void abandonRemovesTheNewContainer() throws Exception {
        ca.updateSettings(s -> s.sms = false);
        UkeyProcess ukey = new UkeyProcess(configDir);
        UkeyProcess.Result killed = ukey.haltingAfter(RenewalStep.ISSUED).run(SoftSkf.USER_PIN + "\n",
                args("--pin-stdin"));
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());
        assertEquals(2, key.device.token(SoftSkf.get().provider()).identities().size(), "the new container is there");

        UkeyProcess.Result abandoned = ukey.run(SoftSkf.USER_PIN + "\n", args("--pin-stdin", "--abandon"));

        assertEquals(ExitCodes.OK, abandoned.exit(), abandoned.toString());
        assertTrue(abandoned.output().contains("已告知 CA"), abandoned.toString());
        assertTrue(abandoned.output().contains("已从 UKey 上删除这次更新新建的容器“ukey-renewal-"), abandoned.toString());
        List<Identity> left = key.device.token(SoftSkf.get().provider()).identities();
        assertEquals(List.of(RenewalFixture.CONTAINER), left.stream().map(Identity::name).toList());
        assertTrue(ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews))
                .allMatch(c -> c.state == CertRecord.State.REVOKED), "the certificate issued for it is revoked");
    }

    /** Two containers: the old one whole and archived, the new one with both new certificates. */
    private void assertRenewed() throws Exception {
        List<Identity> identities = key.device.token(SoftSkf.get().provider()).identities();
        assertEquals(2, identities.size(), identities.toString());
        Identity renewed = RenewableCertificates.identityToRenew(identities).orElseThrow();
        assertTrue(renewed.signing().orElseThrow().info().orElseThrow().notAfter().isAfter(key.first.notAfter));
        assertTrue(renewed.encryption().orElseThrow().readable(), "the new encryption certificate");
        assertTrue(RenewableCertificates.archived(identities.stream()
                .filter(i -> i.name().equals(RenewalFixture.CONTAINER)).findFirst().orElseThrow(), identities));
    }

    private List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("renew", "--skf", SoftSkf.get().library().toString(), "--token",
                key.device.serial(), "--ca-url", ca.url().toString(), "--ca-trust", ca.trustFile().toString()));
        args.addAll(List.of(more));
        return args;
    }
}
