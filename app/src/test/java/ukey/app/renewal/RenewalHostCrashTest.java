package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.token.KeySpec;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.host.HostCommand;
import ukey.token.host.HostPolicy;
import ukey.token.host.LibraryHost;
import ukey.token.pkcs11.Pkcs11Provider;
import ukey.token.testing.NativeBuild;
import ukey.token.testing.SoftHsm;

/**
 * A renewal on a SoftHSM key served by the Linux host (ukey-host), the host killed right after a step is saved, as
 * a crashing vendor library ends it: the renewal stops as interrupted, the journal shows the step, and the next run
 * finishes it after asking the person for the PIN again, as after a pulled key. The library in the host is the test
 * library that logs what reaches SoftHSM, so the test counts the logins: never one the person did not type.
 */
class RenewalHostCrashTest extends SandboxRenewalTest {

    @TempDir
    Path work;

    /** One provider per test: every kill counts as a crash of its library, and three would switch it off. */
    private Pkcs11Provider hosted;

    @BeforeEach
    void hostedKey() throws Exception {
        plain(false, false);
        key = new RenewalFixture(ca, RenewalFixture.temp("journals"), KeySpec.EC_P256, SIGNING, 20, true);
        HostCommand host = NativeBuild.linuxHost().with(Map.of(
                "HOSTILE_PKCS11_REAL", key.softHsm.library().toString(),
                "HOSTILE_PKCS11_CALLS", calls().toString()));
        Path library = NativeBuild.hostileLibrary();
        hosted = Pkcs11Provider.openHosted(library, library, host, HostPolicy.DEFAULT);
    }

    @AfterEach
    void closeHost() {
        if (hosted != null) {
            hosted.close();
        }
    }

    private Path calls() {
        return work.resolve("calls");
    }

    /** The logins that reached the library. */
    private long logins() throws IOException {
        return Files.exists(calls()) ? Files.readAllLines(calls()).stream().filter("C_Login"::equals).count() : 0;
    }

    /** Kills the host as a crash would, and waits until it is gone. */
    private static void kill(LibraryHost host) {
        ProcessHandle process = ProcessHandle.of(host.pid().orElseThrow()).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
    }

    /** An engine whose host is killed right after this step is saved, and the journal it begun. */
    private record Dying(RenewalEngine engine, Token token, RenewalJournal journal) {
    }

    private Dying killedAfter(RenewalStep step, LibraryHost host) throws Exception {
        RenewalEngine engine = key.engine(saved -> {
            if (saved == step) {
                kill(host);
            }
        });
        Token token = SoftHsm.token(hosted, key.tokenLabel);
        return new Dying(engine, token, engine.begin(token, current(token), false, "api", ca.url().toString()));
    }

    /** Steps saved in a logged-in session with token work still to come. */
    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"KEY_PAIR", "SUBMITTED", "ISSUED", "VALIDATED", "WRITTEN",
            "SELF_TESTED", "CONFIRMED"})
    void aRenewalInterruptedByAHostCrashResumesLikeOneInterruptedByAPulledKey(RenewalStep killedAfter)
            throws Exception {
        LibraryHost host = hosted.host().orElseThrow();
        Dying dying = killedAfter(killedAfter, host);

        RenewalException interrupted = assertThrows(RenewalException.class,
                () -> dying.engine().run(dying.journal(), dying.token(), person));

        assertEquals(RenewalError.TOKEN, interrupted.error(), interrupted.toString());
        assertTrue(assertInstanceOf(TokenException.class, interrupted.getCause()).needsRescan(),
                "a crashed host means rescan, as a pulled key does: " + interrupted.getCause());
        assertEquals(killedAfter, key.reload(dying.journal()).step(), "the journal keeps the step");
        assertEquals(1, person.pinPrompts);
        assertEquals(1, logins(), "the new host was given no PIN");
        RenewalResumeTest.assertUsable(key.token());

        Token again = SoftHsm.token(hosted, key.tokenLabel); // through a new host
        RenewalJournal onDisk = key.store.unfinished(dying.journal().tokenSerial()).orElseThrow();
        assertEquals(RenewalStep.DONE, key.engine().run(onDisk, again, person).step());

        assertEquals(2, person.pinPrompts, "the person is asked for the PIN again");
        assertEquals(2, logins(), "each login the library saw was typed by the person");
        assertEquals(2, host.generation(), "one crash, one new host");
        assertRenewed(again);
    }

    /**
     * Before the login (no session to lose) and after the retire (no token work left) a crash costs nothing: the
     * token is found again on a new host, as a re-inserted key is, and the renewal ends with the one PIN typed.
     */
    @ParameterizedTest
    @EnumSource(value = RenewalStep.class, names = {"PREFLIGHT_PASSED", "RETIRED"})
    void aCrashWithNoSessionAtStakeIsRiddenOut(RenewalStep killedAfter) throws Exception {
        LibraryHost host = hosted.host().orElseThrow();
        Dying dying = killedAfter(killedAfter, host);

        assertEquals(RenewalStep.DONE, dying.engine().run(dying.journal(), dying.token(), person).step());

        assertEquals(1, person.pinPrompts);
        assertEquals(1, logins());
        assertEquals(2, host.generation(), "the crash was seen, and a new host took over");
        assertRenewed(SoftHsm.token(hosted, key.tokenLabel));
    }

    private void assertRenewed(Token token) throws Exception {
        List<TokenCertificate> onKey = token.certificates();
        assertEquals(1, onKey.size(), "the renewed certificate alone: " + onKey);
        assertTrue(onKey.getFirst().info().orElseThrow().notAfter().isAfter(key.first.notAfter));
        RenewalResumeTest.assertUsable(key.token());
    }

    private static TokenCertificate current(Token token) throws Exception {
        return token.certificates().stream().filter(c -> c.label().equals(RenewalFixture.LABEL)).findFirst()
                .orElseThrow();
    }
}
