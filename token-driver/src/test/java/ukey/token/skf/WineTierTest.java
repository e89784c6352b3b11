package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.FinalTry;
import ukey.token.Identity;
import ukey.token.LibraryHeader;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.host.HostCommand;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.NativeBuild;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/**
 * Tier 2: the Windows build of the host, {@code ukey-host32.exe}, under Wine, serving softskf built as a 32-bit
 * DLL with undecorated __stdcall exports, driven from this Linux JVM over the pipes as the 64-bit Windows client
 * drives it. Runs when UKEY_WINE_TIER=1 (src/test.sh sets it after installing Wine; UKEY_WINE_TIER=0 skips it);
 * skipped otherwise, since a fresh Wine prefix costs half a minute. One Wine prefix per run, under target/.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class WineTierTest {

    private static final SoftSkf SOFTSKF = SoftSkf.get();
    private static Path prefix;
    private static HostCommand host;
    private static Path dll;

    @BeforeAll
    static void wine() throws IOException {
        Assumptions.assumeTrue("1".equals(System.getenv("UKEY_WINE_TIER")),
                "the Wine tier runs from src/test.sh (UKEY_WINE_TIER=1), which installs Wine first");
        dll = NativeBuild.root().resolve("softskf/target/win32/softskf.dll");
        Path exe = NativeBuild.hostTarget().resolve("win/ukey-host32.exe");
        for (Path needed : List.of(dll, exe, Path.of("/usr/bin/wine"))) {
            assertTrue(Files.isRegularFile(needed), needed + " missing: src/test.sh installs and builds it");
        }
        prefix = Files.createTempDirectory(NativeBuild.root().resolve("token-driver/target"), "wine-prefix-");
        host = new HostCommand("ukey-host32 (wine)", List.of("/usr/bin/wine", exe.toString()), Map.of(
                "WINEPREFIX", prefix.toString(), "WINEDLLOVERRIDES", "mscoree,mshtml=", "WINEDEBUG", "-all",
                "SOFTSKF_DIR", windows(SOFTSKF.devices())), 0x14C);
    }

    @AfterAll
    static void stopWine() throws Exception {
        if (prefix != null) {
            new ProcessBuilder("wineserver", "-k").inheritIO().start().waitFor();
        }
    }

    /** A Linux path as the Windows process sees it: Wine's drive Z: is the root. */
    private static String windows(Path path) {
        return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
    }

    private static SkfProvider open() throws TokenException {
        Path forHost = Path.of(windows(dll));
        return SkfProvider.openHosted(dll, forHost, host, SkfHostTest.QUICK, SkfOptions.defaults());
    }

    @Test
    void theDllIs32BitWithUndecoratedStdcallExports() throws IOException {
        assertEquals(0x14C, LibraryHeader.read(dll).orElseThrow().machine());
        String exports = SOFTSKF.run("i686-w64-mingw32-objdump", "-p", dll.toString());
        assertTrue(exports.contains("] SKF_ECCSignData\n") && !exports.contains("SKF_ECCSignData@"), "undecorated");
    }

    @Test
    void listsAndSignsWhatBouncyCastleVerifies() throws Exception {
        SoftSkfDevice device = SOFTSKF.device("wine").identity("张三", "张三").build();
        try (SkfProvider provider = open()) {
            Token token = device.token(provider);
            assertEquals(device.serial(), token.info().serial());
            Identity identity = token.identities().stream().filter(i -> i.name().equals("张三")).findFirst()
                    .orElseThrow();
            byte[] message = "Wine 下的 32 位 SKF".getBytes(StandardCharsets.UTF_8);
            byte[] signature;
            try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
                ContentSigner signer = session.signer(identity.id());
                try (OutputStream out = signer.getOutputStream()) {
                    out.write(message);
                }
                signature = signer.getSignature();
            }
            java.security.Signature bc = java.security.Signature.getInstance("SM3withSM2", new BouncyCastleProvider());
            bc.initVerify(device.signing().get("张三").keyPair().getPublic());
            bc.update(message);
            assertTrue(bc.verify(signature), "BouncyCastle verifies the signature made in the 32-bit DLL");
        }
    }

    @Test
    void wrongPinsCountDownToLocked() throws Exception {
        SoftSkfDevice device = SOFTSKF.device("wine-lock").retries(3).identity("c", "张三").build();
        try (SkfProvider provider = open()) {
            Token token = device.token(provider);
            TokenException first = assertThrows(TokenException.class, () -> token.login("00000000".toCharArray()));
            assertEquals(TokenError.PIN_INCORRECT, first.error());
            assertEquals(OptionalInt.of(2), first.pinState().orElseThrow().retriesLeft());
            assertThrows(TokenException.class, () -> token.login("00000000".toCharArray()));
            TokenException unconfirmed = assertThrows(TokenException.class, () -> token.login("00000000".toCharArray()));
            assertEquals(TokenError.PIN_FINAL_TRY_NOT_CONFIRMED, unconfirmed.error(), "the last try is not spent");
            TokenException last = assertThrows(TokenException.class,
                    () -> token.login("00000000".toCharArray(), FinalTry.CONFIRMED));
            assertTrue(last.pinState().orElseThrow().locked());
            TokenException refused = assertThrows(TokenException.class,
                    () -> token.login(SoftSkf.USER_PIN.toCharArray()));
            assertEquals(TokenError.PIN_LOCKED, refused.error());
        }
    }

    @Test
    void aHangAndACrashEndInClearErrorsAndTheKeySignsAgain() throws Exception {
        SkfHostTest.check(host, Path.of(windows(dll)), SkfHostTest.QUICK,
                SOFTSKF.device("wine-crash").identity("c", "张三").build());
    }
}
