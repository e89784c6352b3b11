package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.renewal.RenewalFixture;
import ukey.app.renewal.RenewalStep;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.SoftSkf;

/**
 * {@code ukey renew} for a person who holds keys from two CAs, with no CA on the command line: the settings name an
 * EC sandbox CA as the default one and an SM2 sandbox CA (with its KMC) in {@code ca.more}; each key is renewed by
 * the CA that issued its certificate, and an interrupted renewal goes back to the CA it began with.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CaRoutesCommandTest {

    private static SandboxCa ecCa;
    private static SandboxCa sm2Ca;

    @TempDir
    Path configDir;
    private RenewalFixture ecKey;
    private RenewalFixture sm2Key;

    @BeforeAll
    static void startCas() throws Exception {
        ecCa = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("routes-ec-sandbox")));
        sm2Ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("routes-sm2-sandbox"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2));
    }

    @AfterAll
    static void stopCas() {
        ecCa.close();
        sm2Ca.close();
    }

    @BeforeEach
    void keysFromBothCas() throws Exception {
        for (SandboxCa ca : List.of(ecCa, sm2Ca)) {
            ca.updateSettings(s -> {
                s.sms = false;
                s.pollCount = 0;
            });
        }
        ecKey = new RenewalFixture(ecCa, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        sm2Key = RenewalFixture.sm2(sm2Ca, RenewalFixture.temp("journals"));
        Files.writeString(configDir.resolve(Settings.FILE_NAME), String.join("\n",
                "ca.url=" + ecCa.url(), "ca.trust=" + path(ecCa.trustFile()), "ca.more=sm2demo",
                "sm2demo.ca.url=" + sm2Ca.url(), "sm2demo.ca.trust=" + path(sm2Ca.trustFile()), ""));
    }

    @Test
    void eachKeyIsRenewedByTheCaThatIssuedIt() throws Exception {
        CliHarness cli = new CliHarness(configDir);
        cli.libraries.put(ecKey.softHsm.library(), ecKey.softHsm.sharedProvider());
        cli.stdin = SoftSkf.USER_PIN + "\n";

        CliHarness.Result sm2 = cli.run(sm2Args("--pin-stdin").toArray(String[]::new));

        assertEquals(ExitCodes.OK, sm2.exit(), sm2.toString());
        assertEquals(CertRecord.State.SUPERSEDED, sm2Ca.certificate(sm2Key.first.certId).orElseThrow().state);

        cli.stdin = SoftHsm.USER_PIN + "\n";
        CliHarness.Result ec = cli.run("renew", "--module", ecKey.softHsm.library().toString(), "--token",
                ecKey.tokenLabel, "--pin-stdin");

        assertEquals(ExitCodes.OK, ec.exit(), ec.toString());
        assertEquals(CertRecord.State.SUPERSEDED, ecCa.certificate(ecKey.first.certId).orElseThrow().state);
        assertEquals(0, renewalsOf(sm2Ca, ecKey), "the SM2 CA never saw the EC key");
        assertEquals(0, renewalsOf(ecCa, sm2Key), "the EC CA never saw the SM2 key");
    }

    /** Killed for real after the SM2 CA issued: the next run finds the same CA again from the old certificate. */
    @Test
    void anInterruptedRenewalIsFinishedByTheCaItBeganWith() throws Exception {
        UkeyProcess ukey = new UkeyProcess(configDir);
        UkeyProcess.Result killed = ukey.haltingAfter(RenewalStep.ISSUED).run(SoftSkf.USER_PIN + "\n",
                sm2Args("--pin-stdin"));
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());

        UkeyProcess.Result resumed = ukey.run(SoftSkf.USER_PIN + "\n", sm2Args("--pin-stdin", "--resume"));

        assertEquals(ExitCodes.OK, resumed.exit(), resumed.toString());
        assertEquals(1, renewalsOf(sm2Ca, sm2Key), "one renewal, finished where it began");
        assertEquals(CertRecord.State.SUPERSEDED, sm2Ca.certificate(sm2Key.first.certId).orElseThrow().state);
        assertEquals(0, renewalsOf(ecCa, sm2Key));
    }

    private static long renewalsOf(SandboxCa ca, RenewalFixture key) {
        return ca.certificates().stream().filter(c -> key.first.certId.equals(c.renews)).count();
    }

    private List<String> sm2Args(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("renew", "--skf", SoftSkf.get().library().toString(),
                "--token", sm2Key.device.serial()));
        args.addAll(List.of(more));
        return args;
    }

    private static String path(Path file) {
        return file.toString().replace("\\", "/");
    }
}
