package ukey.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.KeySpec;
import ukey.token.LibraryPlacement;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.host.HostCommand;
import ukey.token.host.HostPolicy;
import ukey.token.host.LibraryHost;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.NativeBuild;
import ukey.token.testing.SoftHsm;

/**
 * A library that crashes, hangs, exits, scribbles over the host's channel or prints, served by the Linux host:
 * each ends in a clear error for the call it hit, and the client goes on with a fresh host (a new login, never a
 * replayed PIN). The misbehaviour comes from a test library (ukey-host/test/hostile_pkcs11.c) over SoftHSM.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class HostFaultTest {

    /** Short deadlines, so a hang costs the test two seconds; an instant restart. */
    private static final HostPolicy QUICK = new HostPolicy(Duration.ofSeconds(10), Duration.ofSeconds(2),
            Duration.ofSeconds(20), 3, Duration.ofMinutes(5), Duration.ofMillis(10));

    private static SoftHsm softHsm;

    @TempDir
    Path work;

    private Pkcs11Provider provider;

    @BeforeAll
    static void softHsm() {
        softHsm = SoftHsm.get();
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private Path faults() {
        return work.resolve("faults");
    }

    private Path calls() {
        return work.resolve("calls");
    }

    private void fault(String line) throws IOException {
        Files.writeString(faults(), line + "\n");
    }

    private void noFault() throws IOException {
        Files.deleteIfExists(faults());
    }

    private Pkcs11Provider open(HostPolicy policy) throws TokenException {
        HostCommand host = NativeBuild.linuxHost().with(Map.of("HOSTILE_PKCS11_REAL", softHsm.library().toString(),
                "HOSTILE_PKCS11_FAULTS", faults().toString(), "HOSTILE_PKCS11_CALLS", calls().toString()));
        Path hostile = NativeBuild.hostileLibrary();
        provider = Pkcs11Provider.openHosted(hostile, hostile, host, policy);
        return provider;
    }

    private LibraryHost host() {
        return provider.host().orElseThrow();
    }

    private long calls(String function) throws IOException {
        return Files.exists(calls()) ? Files.readAllLines(calls()).stream().filter(function::equals).count() : 0;
    }

    private static char[] pin() {
        return SoftHsm.USER_PIN.toCharArray();
    }

    /** A token with one EC key; returns the key's ID. */
    private byte[] keyOn(Token token) throws TokenException {
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            return session.generateKeyPair(KeySpec.EC_P256, null, "key").id();
        }
    }

    private static void assertSigns(ObjectSession session, byte[] id) throws Exception {
        ContentSigner signer = session.signer(id);
        X509CertificateHolder certificate = Pkcs11TokenTest.selfSigned(session.publicKey(id), signer);
        assertTrue(certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().build(session.publicKey(id))));
    }

    private static TokenException cause(RuntimeOperatorException e) {
        return assertInstanceOf(TokenException.class, e.getCause());
    }

    @Test
    void aCrashMidCallFailsThatCallAndTheClientWorksOnAfterANewLogin() throws Exception {
        String label = softHsm.createToken("crash");
        open(QUICK);
        Token token = SoftHsm.token(provider, label);
        byte[] id = keyOn(token);
        long pid = host().pid().orElseThrow();
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            ContentSigner signer = session.signer(id);
            fault("C_Sign=crash");
            signer.getOutputStream().write(new byte[] {1, 2, 3});
            TokenException crash = cause(assertThrows(RuntimeOperatorException.class, signer::getSignature));
            assertEquals(TokenError.DEVICE_ERROR, crash.error());
            assertEquals("HOST_CRASHED", crash.ckrName().orElseThrow());
            assertTrue(crash.getMessage().contains("C_Sign") && crash.getMessage().contains("signal 11"),
                    crash.getMessage());
            noFault();
            // the session died with the host: it says so, as for a pulled key
            TokenException stale = assertThrows(TokenException.class, () -> session.signer(id));
            assertEquals(TokenError.TOKEN_REMOVED, stale.error());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the crashed host is gone");
        long logins = calls("C_Login");

        Token again = SoftHsm.token(provider, label); // lists through a new host
        assertEquals(logins, calls("C_Login"), "no PIN replayed into the new host");
        try (ObjectSession session = ObjectSession.of(again.login(pin()))) {
            assertSigns(session, id);
        }
        assertEquals(2, host().generation());
    }

    /** A token with a key, a signature that the fault makes fail, and what is needed to go on. */
    private record FailedSignature(String label, byte[] id, long pid, TokenException error) {
    }

    private FailedSignature signWith(String fault) throws Exception {
        String label = softHsm.createToken("sign");
        open(QUICK);
        Token token = SoftHsm.token(provider, label);
        byte[] id = keyOn(token);
        long pid = host().pid().orElseThrow();
        try (ObjectSession session = ObjectSession.of(token.login(pin()))) {
            ContentSigner signer = session.signer(id);
            fault(fault);
            signer.getOutputStream().write(fault.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new FailedSignature(label, id, pid,
                    cause(assertThrows(RuntimeOperatorException.class, signer::getSignature)));
        }
    }

    @Test
    void aHungCallIsCutAtItsDeadlineAndTheHostKilled() throws Exception {
        FailedSignature failed = signWith("C_Sign=hang");
        assertEquals(TokenError.DEVICE_ERROR, failed.error().error());
        assertEquals("HOST_HUNG", failed.error().ckrName().orElseThrow());
        assertTrue(failed.error().getMessage().contains("no answer to C_Sign within 2 s"), failed.error().getMessage());
        noFault();
        assertTrue(ProcessHandle.of(failed.pid()).map(p -> p.onExit().join()).map(p -> !p.isAlive()).orElse(true));
        try (ObjectSession session = ObjectSession.of(SoftHsm.token(provider, failed.label()).login(pin()))) {
            assertSigns(session, failed.id());
        }
    }

    @Test
    void aLibraryThatExitsMidCallSaysHowItEnded() throws Exception {
        String label = softHsm.createToken("exit");
        open(QUICK);
        Token token = SoftHsm.token(provider, label);
        fault("C_Login=exit");
        TokenException exited = assertThrows(TokenException.class, () -> token.login(pin()));
        assertEquals(TokenError.DEVICE_ERROR, exited.error());
        assertTrue(exited.getMessage().contains("C_Login") && exited.getMessage().contains("exit code 3"),
                exited.getMessage());
        noFault();
        SoftHsm.token(provider, label).login(pin()).close();
    }

    @Test
    void aLibraryPrintingToStdoutCannotCorruptTheFrames() throws Exception {
        String label = softHsm.createToken("chatty");
        open(QUICK);
        fault("C_GetSlotList=print");
        for (int i = 0; i < 3; i++) {
            assertEquals(label, SoftHsm.token(provider, label).info().label());
        }
        assertTrue(calls("C_GetSlotList") >= 6, "the printing calls ran");
        assertEquals(1, host().generation(), "one host all along");
    }

    @Test
    void garbageOnTheChannelEndsTheHostAndTheNextCallStartsAFreshOne() throws Exception {
        // (a read-only call: a host killed in a call that writes the token could leave SoftHSM's files half done)
        FailedSignature failed = signWith("C_Sign=stomp once");
        assertEquals("HOST_GARBLED", failed.error().ckrName().orElseThrow());
        try (ObjectSession session = ObjectSession.of(SoftHsm.token(provider, failed.label()).login(pin()))) {
            assertSigns(session, failed.id());
        }
        assertEquals(2, host().generation());
    }

    @Test
    void aCrashWhileListingIsRiddenOutLikeAKeyReinserted() throws Exception {
        String label = softHsm.createToken("relist");
        open(QUICK);
        Token token = SoftHsm.token(provider, label);
        fault("C_GetTokenInfo=crash once");
        // the token's slot is looked up again on a fresh host, as after a re-insertion
        assertEquals(label, token.info().label());
        assertEquals(2, host().generation());
    }

    @Test
    void aSlowAnswerWithinTheDeadlineIsOnlySlow() throws Exception {
        String label = softHsm.createToken("slow");
        open(QUICK);
        fault("C_GetTokenInfo=slow:300");
        assertEquals(label, SoftHsm.token(provider, label).info().label());
        assertEquals(1, host().generation());
        assertTrue(provider.disabled().isEmpty());
    }

    @Test
    void threeCrashesWithinTheWindowDisableTheLibraryAndSayWhy() throws Exception {
        softHsm.createToken("disable");
        open(QUICK);
        assertEquals(Optional.empty(), provider.placement().disabled());
        fault("C_GetSlotList=abort");
        for (int i = 1; i <= 3; i++) {
            TokenException crash = assertThrows(TokenException.class, provider::tokens);
            assertEquals(TokenError.DEVICE_ERROR, crash.error(), "crash " + i);
        }
        TokenException disabled = assertThrows(TokenException.class, provider::tokens);
        assertEquals(TokenError.LIBRARY_DISABLED, disabled.error());
        assertTrue(disabled.getMessage().contains(NativeBuild.hostileLibrary().toString()), disabled.getMessage());
        assertEquals(TokenError.LIBRARY_DISABLED, provider.disabled().orElseThrow().error(), "for 环境检测");
        LibraryHost.Disabled why = host().disabled().orElseThrow();
        assertEquals(3, why.crashes());
        assertTrue(why.lastFailure().contains("signal 6"), why.lastFailure());
        assertEquals(3, calls("C_GetSlotList"), "no fourth host was started");
        LibraryPlacement placement = provider.placement();
        assertEquals(LibraryPlacement.Where.HOST_64, placement.where(), "for 环境检测: where it ran");
        assertEquals("ukey-host", placement.program());
        LibraryPlacement.Disabled off = placement.disabled().orElseThrow();
        assertEquals(3, off.failures());
        assertEquals(LibraryPlacement.Failure.CRASHED, off.last());
        assertTrue(off.detail().contains("signal 6"), off.detail());
    }

    @Test
    void aHostSpeakingGarbageFromItsFirstByteIsRefused() throws Exception {
        HostCommand garbage = new HostCommand("garbage", List.of("/bin/sh", "-c",
                "printf 'HTTP/1.1 200 OK\\r\\n\\r\\n'; exec sleep 30"), Map.of(), 62);
        TokenException e = assertThrows(TokenException.class,
                () -> Pkcs11Provider.openHosted(softHsm.library(), softHsm.library(), garbage, QUICK));
        assertEquals("HOST_GARBLED", e.ckrName().orElseThrow());
    }

    @Test
    void aHostThatNeverSaysHelloIsGivenUp() throws Exception {
        HostCommand silent = new HostCommand("silent", List.of("/bin/sleep", "30"), Map.of(), 62);
        HostPolicy quickStart = new HostPolicy(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2),
                3, Duration.ofMinutes(5), Duration.ofMillis(10));
        TokenException e = assertThrows(TokenException.class,
                () -> Pkcs11Provider.openHosted(softHsm.library(), softHsm.library(), silent, quickStart));
        assertEquals("HOST_HUNG", e.ckrName().orElseThrow());
    }

    @Test
    void aLibraryTheHostCannotLoadSaysWhy() throws Exception {
        Path notALibrary = Files.writeString(work.resolve("not-pkcs11.so"), "text");
        TokenException e = assertThrows(TokenException.class, () -> Pkcs11Provider.openHosted(notALibrary,
                notALibrary, NativeBuild.linuxHost(), QUICK));
        assertEquals(TokenError.LIBRARY_LOAD_FAILED, e.error());
        assertTrue(e.getMessage().contains("not-pkcs11.so"), e.getMessage());
    }
}
