package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.host.HostCommand;
import ukey.token.host.HostPolicy;
import ukey.token.host.LibraryHost;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.NativeBuild;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/**
 * What only an SKF library served by a host shows: SKF_WaitForDevEvent as an event that blocks in the host while
 * other calls go on, and a hang or a crash mid-call ending in a clear error and a key that works again after a new
 * login. On softskf in the Linux host; {@link #check} runs the same against another host (the Wine tier).
 */
@ExtendWith(DeleteTokensAfterwards.class)
class SkfHostTest {

    static final HostPolicy QUICK = new HostPolicy(Duration.ofSeconds(60), Duration.ofSeconds(2),
            Duration.ofSeconds(20), 3, Duration.ofMinutes(5), Duration.ofMillis(10));

    private final SoftSkf softSkf = SoftSkf.get();

    @Test
    void waitForDevEventBlocksInTheHostWhileOtherCallsGoOn() throws Exception {
        Path library = softSkf.library();
        try (LibraryHost host = new LibraryHost(NativeBuild.linuxHost(), library, LibraryHost.Kind.SKF, QUICK,
                Clock.systemUTC())) {
            RpcSkfApi api = new RpcSkfApi(host);
            assertTrue(api.has("SKF_WaitForDevEvent"));
            SkfApi.Ref length = new SkfApi.Ref();
            SkfApi.Ref event = new SkfApi.Ref();
            byte[] name = new byte[256];
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.waitForDevEvent(name, length, event);
                } catch (TokenException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the wait has no deadline and blocks in its own host thread: other calls are answered meanwhile
            SkfApi.Ref size = new SkfApi.Ref();
            assertEquals(Sar.OK, api.enumDev(true, null, size));
            assertFalse(waiting.isDone());
            // the wait knows the devices present when it began: insert keys until one is news to it
            Set<String> inserted = new HashSet<>();
            for (int i = 0; i < 10 && !waiting.isDone(); i++) {
                inserted.add(softSkf.device("event").identity("c", "张三").build().name());
                try {
                    waiting.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException notYet) {
                    // inserted before the wait looked: the next one is news
                }
            }
            assertEquals(Sar.OK, waiting.get());
            assertEquals(1, event.value, "inserted");
            assertTrue(inserted.contains(new String(name, 0, (int) length.value, StandardCharsets.UTF_8).trim()),
                    "the name of a key just inserted");
        }
    }

    @Test
    void aHangInTheLibraryIsCutAtItsDeadlineAndTheKeySignsAfterANewLogin() throws Exception {
        check(NativeBuild.linuxHost(), softSkf.library(), QUICK, softSkf.device("hang").identity("c", "张三").build());
    }

    /** A hang, then a host killed mid-call: each a clear error, then a fresh host that signs after a new login. */
    static void check(HostCommand command, Path library, HostPolicy policy, SoftSkfDevice device) throws Exception {
        try (SkfProvider provider = SkfProvider.openHosted(library, library, command, policy, SkfOptions.defaults())) {
            Token token = device.token(provider);
            try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
                ContentSigner signer = session.signer(token.identities().getFirst().id());
                device.config("hang=SKF_ECCSignData");
                signer.getOutputStream().write("hang".getBytes(StandardCharsets.UTF_8));
                TokenException hung = assertInstanceOf(TokenException.class,
                        assertThrows(RuntimeOperatorException.class, signer::getSignature).getCause());
                assertEquals("HOST_HUNG", hung.ckrName().orElseThrow(), hung.getMessage());
                device.config("hang=");
            }
            LibraryHost host = ((RpcSkfApi) provider.skf().api()).host();
            try (TokenSession session = device.token(provider).login(SoftSkf.USER_PIN.toCharArray())) {
                ContentSigner signer = session.signer(token.identities().getFirst().id());
                device.config("hang=SKF_ECCSignData");
                signer.getOutputStream().write("crash".getBytes(StandardCharsets.UTF_8));
                CompletableFuture<byte[]> call = CompletableFuture.supplyAsync(signer::getSignature);
                while (host.inFlight() == 0 && !call.isDone()) {
                    Thread.sleep(20); // until the call is in the host, hung in the library
                }
                ProcessHandle.of(host.pid().orElseThrow()).orElseThrow().destroyForcibly();
                Throwable failure = unwrap(call);
                TokenException crashed = assertInstanceOf(TokenException.class, failure.getCause(), failure.toString());
                assertEquals(TokenError.DEVICE_ERROR, crashed.error(), crashed.getMessage());
                assertEquals("HOST_CRASHED", crashed.ckrName().orElseThrow(), crashed.getMessage());
            }
            device.config("hang=");
            try (TokenSession session = device.token(provider).login(SoftSkf.USER_PIN.toCharArray())) {
                ContentSigner signer = session.signer(token.identities().getFirst().id());
                signer.getOutputStream().write("after".getBytes(StandardCharsets.UTF_8));
                assertTrue(signer.getSignature().length > 60, "signed (and verified by the signer itself)");
            }
            assertEquals(3, host.generation(), "two fresh hosts");
        }
    }

    private static Throwable unwrap(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
