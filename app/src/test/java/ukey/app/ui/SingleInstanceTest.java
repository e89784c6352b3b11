package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {

    @TempDir
    Path temp;

    @Test
    void aSecondStartBringsTheFirstForwardAndOnlyThatRequestIsAccepted() throws Exception {
        Path socket = temp.resolve("run").resolve("gui.sock");
        assertFalse(SingleInstance.signalRunning(socket), "nobody runs yet");
        Semaphore shown = new Semaphore(0);
        try (SingleInstance first = SingleInstance.listen(socket, shown::release).orElseThrow()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));

            try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                other.write(ByteBuffer.wrap("QUIT\n".getBytes(StandardCharsets.US_ASCII)));
            }
            assertFalse(shown.tryAcquire(300, TimeUnit.MILLISECONDS), "other requests are ignored");

            assertTrue(SingleInstance.signalRunning(socket));
            assertTrue(shown.tryAcquire(2, TimeUnit.SECONDS), "the first instance was asked to show itself");
        }
        assertFalse(Files.exists(socket));
    }
}
