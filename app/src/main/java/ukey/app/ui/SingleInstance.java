package ukey.app.ui;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One window per user. The first instance listens on a Unix-domain socket in a directory only its user can
 * enter; a second start connects, asks the first to show its window, and exits. The listener checks the peer's
 * user where the system tells it, and accepts only the one request {@value #SHOW}.
 */
public final class SingleInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);
    static final String SHOW = "SHOW";

    private final ServerSocketChannel server;
    private final Path socket;

    private SingleInstance(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** The socket under the user's runtime directory (Linux), or the user's home. */
    public static Path defaultSocket() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "ukey")
                : Path.of(System.getProperty("user.home"), ".ukey", "run");
        return dir.resolve("gui.sock");
    }

    /**
     * Asks a running instance to show its window.
     *
     * @return true when one answered: this process should exit
     */
    public static boolean signalRunning(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((SHOW + "\n").getBytes(StandardCharsets.US_ASCII)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Becomes the running instance: listens for SHOW and runs the action for each one. */
    public static Optional<SingleInstance> listen(Path socket, Runnable show) {
        try {
            Path dir = socket.getParent();
            Files.createDirectories(dir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            SingleInstance instance = new SingleInstance(server, socket);
            Thread thread = new Thread(() -> instance.serve(show), "single-instance");
            thread.setDaemon(true);
            thread.start();
            return Optional.of(instance);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("single-instance channel not available: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void serve(Runnable show) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                if (sameUser(client) && SHOW.equals(readLine(client))) {
                    show.run();
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.debug("single-instance request failed", e);
                }
            }
        }
    }

    private static boolean sameUser(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            return peer.user().equals(me);
        } catch (UnsupportedOperationException e) {
            return true; // no peer credentials here (Windows): the directory's access rights keep others out
        } catch (IOException e) {
            return false;
        }
    }

    /** One short line; anything longer or different is not our request. */
    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        while (buffer.hasRemaining() && client.read(buffer) > 0) {
            if (buffer.get(buffer.position() - 1) == '\n') {
                break;
            }
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        return text.endsWith("\n") ? text.strip() : "";
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("closing the single-instance channel", e);
        }
    }
}
