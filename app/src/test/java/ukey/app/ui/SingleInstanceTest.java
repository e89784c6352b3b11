package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {

    @TempDir
    Path temp;

    /** A start in another process: claims, says what it found, holds its claim until its stdin closes. */
    public static void main(String[] args) throws IOException {
        SingleInstance.Claim claim = SingleInstance.claim(Path.of(args[0]));
        System.out.println(claim.instance().isPresent() ? "mine" : claim.otherRunning() ? "running" : "none");
        System.in.read();
        claim.instance().ifPresent(SingleInstance::close);
    }

    @Test
    void aSecondStartBringsTheFirstForwardAndOnlyThatRequestIsAccepted() throws Exception {
        Path socket = temp.resolve("run").resolve("gui.sock");
        assertFalse(SingleInstance.signalRunning(socket), "nobody runs yet");
        Semaphore shown = new Semaphore(0);
        try (SingleInstance first = SingleInstance.claim(socket).instance().orElseThrow()) {
            first.onShow(shown::release);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));

            try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                other.write(ByteBuffer.wrap("QUIT\n".getBytes(StandardCharsets.US_ASCII)));
            }
            assertFalse(shown.tryAcquire(300, TimeUnit.MILLISECONDS), "other requests are ignored");

            SingleInstance.Claim second = SingleInstance.claim(socket);
            assertTrue(second.otherRunning());
            assertTrue(second.instance().isEmpty());
            assertTrue(shown.tryAcquire(10, TimeUnit.SECONDS), "the first instance was asked to show itself");
        }
        assertFalse(Files.exists(socket));
        try (SingleInstance again = SingleInstance.claim(socket).instance().orElseThrow()) {
            assertTrue(Files.exists(socket), "once the first has gone, the next start is the instance");
        }
    }

    @Test
    void aClientThatConnectsAndNeverWritesHoldsNothingUp() throws Exception {
        Path socket = temp.resolve("run").resolve("gui.sock");
        Semaphore shown = new Semaphore(0);
        try (SingleInstance first = SingleInstance.claim(socket).instance().orElseThrow();
             SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            first.onShow(shown::release);
            assertTrue(silent.isConnected());
            assertTrue(SingleInstance.signalRunning(socket));
            assertTrue(shown.tryAcquire(10, TimeUnit.SECONDS), "served while the silent client still waits");
            // the deadline closes the silent connection: its read sees the end
            assertEquals(-1, silent.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void twoStartsRacingEndWithOneInstance() throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Path socket = temp.resolve("race-" + round).resolve("gui.sock");
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<SingleInstance.Claim>> claims = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    claims.add(starts.submit(() -> {
                        together.await();
                        return SingleInstance.claim(socket);
                    }));
                }
                List<SingleInstance.Claim> results = new ArrayList<>();
                for (Future<SingleInstance.Claim> claim : claims) {
                    results.add(claim.get(60, TimeUnit.SECONDS));
                }
                assertEquals(1, results.stream().filter(c -> c.instance().isPresent()).count(), "round " + round);
                assertEquals(1, results.stream().filter(SingleInstance.Claim::otherRunning).count(), "round " + round);
                results.forEach(c -> c.instance().ifPresent(SingleInstance::close));
            }
        } finally {
            starts.shutdownNow();
        }
    }

    @Test
    void anInstanceInAnotherProcessKeepsTheClaim() throws Exception {
        Path socket = temp.resolve("run").resolve("gui.sock");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SingleInstanceTest.class.getName(), socket.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("mine", new String(other.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
            SingleInstance.Claim here = SingleInstance.claim(socket);
            assertTrue(here.instance().isEmpty(), "no second instance beside another process's");
            assertTrue(here.otherRunning());
        } finally {
            other.getOutputStream().close();
            other.waitFor(20, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
    }
}
