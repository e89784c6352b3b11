package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.app.config.Settings;
import ukey.app.renewal.PinOnly;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.usecase.RenewalUseCase;
import ukey.app.ui.Fixtures;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.TokenCertificate;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;

/** {@code ukey renew} against the sandbox CA over HTTPS, in-process and as whole processes that get killed. */
@ExtendWith(DeleteTokensAfterwards.class)
class RenewCommandTest {

    private static SandboxCa ca;
    private static SoftHsm softHsm;

    @TempDir
    Path configDir;
    private String label;
    private CertRecord first;

    @BeforeAll
    static void startCa() throws IOException {
        softHsm = SoftHsm.get();
        Path dir = Files.createTempDirectory(Path.of("target"), "cli-sandbox");
        ca = SandboxCa.start(SandboxSettings.in(dir));
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    @BeforeEach
    void keyWithAnApprovedOrder() throws Exception {
        ca.updateSettings(s -> {
            s.sms = true;
            s.pollCount = 0;
        });
        label = softHsm.createToken("cli-renew");
        try (ObjectSession session = ObjectSession.of(softHsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, "签名证书");
            first = ca.issue(key.publicKey(), "CN=张三,O=示例招标代理有限公司,C=CN",
                    Instant.now().minus(345, ChronoUnit.DAYS), 365, List.of("digitalSignature"));
            session.writeCertificate(key.id(), "签名证书", new X509CertificateHolder(first.certificate().getEncoded()));
        }
        ca.approveOrder(ca.createOrder(first.serial, false).id);
    }

    @Test
    void renewsWithThePinAndTheSmsCodeFromStandardInput() throws Exception {
        CliHarness cli = new CliHarness(configDir);
        cli.libraries.put(softHsm.library(), softHsm.sharedProvider());
        cli.stdinStream = lines(() -> SoftHsm.USER_PIN, () -> ca.lastSmsCode().orElseThrow());

        CliHarness.Result result = cli.run(args("--pin-stdin").toArray(String[]::new));

        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        assertTrue(result.out().contains("证书更新成功！张三"), result.toString());
        assertTrue(ca.outbox().stream().anyMatch(sms -> first.certId.equals(sms.certId)), "an SMS code was asked");
        assertEquals(CertRecord.State.SUPERSEDED, ca.certificate(first.certId).orElseThrow().state);
    }

    @Test
    void withoutACaItSaysWhatToConfigure() throws Exception {
        CliHarness cli = new CliHarness(configDir);
        cli.libraries.put(softHsm.library(), softHsm.sharedProvider());

        CliHarness.Result result = cli.run("renew", "--module", softHsm.library().toString(), "--token", label,
                "--pin-stdin");

        assertEquals(ExitCodes.USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("没有设置 CA 的更新服务地址"), result.toString());
    }

    /** Killed for real (Runtime.halt) right after the journal records the step; the next run resumes it. */
    @ParameterizedTest
    @ValueSource(strings = {"KEY_PAIR", "ISSUED", "CONFIRMED"})
    void aKilledProcessIsFinishedByTheNextOne(RenewalStep step) throws Exception {
        ca.updateSettings(s -> s.sms = false); // a dying process cannot be handed an SMS code in time
        UkeyProcess ukey = new UkeyProcess(configDir);

        UkeyProcess.Result killed = ukey.haltingAfter(step).run(SoftHsm.USER_PIN + "\n", args("--pin-stdin"));
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());

        UkeyProcess.Result refused = ukey.run(SoftHsm.USER_PIN + "\n", args("--pin-stdin"));
        assertEquals(ExitCodes.RENEWAL_INTERRUPTED, refused.exit(), "a new renewal must not start over an "
                + "interrupted one: " + refused);

        UkeyProcess.Result resumed = ukey.run(SoftHsm.USER_PIN + "\n", args("--pin-stdin", "--resume"));
        assertEquals(ExitCodes.OK, resumed.exit(), resumed.toString());

        softHsm.provider().rescan();
        List<TokenCertificate> certificates = softHsm.token(label).certificates();
        assertEquals(1, certificates.size(), certificates.toString());
        assertTrue(certificates.getFirst().info().orElseThrow().notAfter()
                .isAfter(first.notAfter.plus(300, ChronoUnit.DAYS)));
        assertEquals(1, ca.certificates().stream().filter(c -> first.certId.equals(c.renews)).count());
    }

    /**
     * The window (the use case in this process) and the command line renew the same key at once: the command line
     * is told that a renewal of this key is already running, and the CA sees exactly one renewal.
     */
    @Test
    void aSecondRenewalOfTheSameKeyAtOnceIsToldOneIsRunning() throws Exception {
        ca.updateSettings(s -> s.sms = false);
        Settings settings = Fixtures.settings(configDir, Settings.CA_URL + "=" + ca.url() + "\n" + Settings.CA_TRUST
                + "=" + ca.trustFile().toString().replace("\\", "/") + "\n");
        UkeyProcess ukey = new UkeyProcess(configDir);
        List<UkeyProcess.Result> commandLine = new ArrayList<>();
        RenewalUseCase window = new RenewalUseCase(settings, step -> {
            if (step == RenewalStep.SUBMITTED && commandLine.isEmpty()) {
                try { // while the window holds the key's lock, mid-renewal
                    commandLine.add(ukey.run(SoftHsm.USER_PIN + "\n", args("--pin-stdin", "--resume")));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        RenewalJournal done = window.run(softHsm.token(label), Optional.empty(), RenewalUseCase.Choice.SETTINGS,
                new PinOnly());

        assertEquals(RenewalStep.DONE, done.step());
        UkeyProcess.Result second = commandLine.getFirst();
        assertTrue(second.output().contains("这把 UKey 的证书正在别处更新"), second.toString());
        assertTrue(second.exit() != ExitCodes.OK, second.toString());
        assertEquals(1, ca.certificates().stream().filter(c -> first.certId.equals(c.renews)).count(),
                "exactly one renewal");
        softHsm.provider().rescan();
        assertEquals(1, softHsm.token(label).certificates().size(), "one renewed certificate, nothing doubled");
    }

    /** ukey renew --abandon: the key as it was before the renewal, the CA told, nothing left to resume. */
    @Test
    void abandonGivesAnInterruptedRenewalUp() throws Exception {
        ca.updateSettings(s -> s.sms = false);
        UkeyProcess ukey = new UkeyProcess(configDir);
        byte[] old = softHsm.token(label).certificates().getFirst().value();
        UkeyProcess.Result killed = ukey.haltingAfter(RenewalStep.ISSUED).run(SoftHsm.USER_PIN + "\n",
                args("--pin-stdin"));
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());

        UkeyProcess.Result abandoned = ukey.run(SoftHsm.USER_PIN + "\n", args("--pin-stdin", "--abandon"));

        assertEquals(ExitCodes.OK, abandoned.exit(), abandoned.toString());
        assertTrue(abandoned.output().contains("已放弃这次更新"), abandoned.toString());
        assertTrue(abandoned.output().contains("已从 UKey 上删除从未得到证书的新密钥对（2 个对象）"), abandoned.toString());
        assertTrue(abandoned.output().contains("已告知 CA"), abandoned.toString());
        softHsm.provider().rescan();
        List<TokenCertificate> onKey = softHsm.token(label).certificates();
        assertEquals(1, onKey.size());
        assertTrue(java.util.Arrays.equals(old, onKey.getFirst().value()));
        assertEquals(ExitCodes.OK != ukey.run(SoftHsm.USER_PIN + "\n", args("--pin-stdin", "--resume")).exit(), true,
                "nothing left to resume");
        assertTrue(ca.certificates().stream().filter(c -> first.certId.equals(c.renews))
                .allMatch(c -> c.state == CertRecord.State.REVOKED), "the certificate issued for it is revoked");
    }

    private List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("renew", "--module", softHsm.library().toString(), "--token",
                label, "--ca-url", ca.url().toString(), "--ca-trust", ca.trustFile().toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** Standard input whose lines are computed when the command reads them, as a person types them. */
    @SafeVarargs
    private static InputStream lines(Supplier<String>... lines) {
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                if (position == current.length) {
                    if (next == lines.length) {
                        return -1;
                    }
                    current = (lines[next++].get() + "\n").getBytes(StandardCharsets.UTF_8);
                    position = 0;
                }
                return current[position++];
            }
        };
    }
}
