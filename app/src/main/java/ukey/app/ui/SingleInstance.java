package ukey.app.ui;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One window per user. The first instance holds an exclusive lock on a file in a directory only its user can enter
 * and listens on a Unix-domain socket beside it; a second start, finding the lock taken, asks the first to show
 * its window and exits. The lock decides a race of two launches (the operating system gives it to one process and
 * frees it when that process ends); the socket only carries the request. The listener checks the peer's user where
 * the system tells it, serves each connection on its own thread with a deadline (a client that connects and never
 * writes holds nothing up), and accepts only the one request {@value #SHOW}.
 */
public final class SingleInstance implements AutoCloseable {

    static final String SHOW = "SHOW";
    /** How long a connection may take to say SHOW. */
    static final Duration READ_DEADLINE = Duration.ofSeconds(2);
    /** How long a second start waits for a first one that holds the lock but does not listen yet. */
    private static final Duration HANDOVER = Duration.ofSeconds(30);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "single-instance-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final ServerSocketChannel server;
    private final Path socket;
    private final FileChannel lockFile;
    private volatile Runnable show = () -> { };

    private SingleInstance(ServerSocketChannel server, Path socket, FileChannel lockFile) {
        this.server = server;
        this.socket = socket;
        this.lockFile = lockFile;
    }

    /** What a start finds: it is the one instance, another one runs (and was asked to show itself), or neither. */
    public record Claim(Optional<SingleInstance> instance, boolean otherRunning) {
    }

    /** The socket under the user's runtime directory (Linux), or the user's home. */
    public static Path defaultSocket() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "ukey")
                : Path.of(System.getProperty("user.home"), ".ukey", "run");
        return dir.resolve("gui.sock");
    }

    /**
     * Becomes the one instance, or hands over to the one that is. Call it first thing: the lock is what makes two
     * launches racing end with one window. Requests are served from now on; {@link #onShow} says what they do.
     */
    public static Claim claim(Path socket) {
        FileChannel lockFile = null;
        try {
            Path dir = socket.getParent();
            Files.createDirectories(dir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            lockFile = FileChannel.open(dir.resolve("gui.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (!tryLock(lockFile)) {
                lockFile.close();
                return new Claim(Optional.empty(), handOver(socket));
            }
            // the lock is ours: a socket file left by a crashed instance may go
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            SingleInstance instance = new SingleInstance(server, socket, lockFile);
            Thread thread = new Thread(instance::serve, "single-instance");
            thread.setDaemon(true);
            thread.start();
            return new Claim(Optional.of(instance), false);
        } catch (IOException | UnsupportedOperationException e) {
            log().info("single-instance channel not available: {}", e.getMessage());
            closeQuietly(lockFile);
            return new Claim(Optional.empty(), false);
        }
    }

    private static boolean tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // this very process holds it (tests run two starts in one JVM)
        }
    }

    /** The lock holder may be starting still: ask until it listens. True when it answered. */
    private static boolean handOver(Path socket) {
        long deadline = System.nanoTime() + HANDOVER.toNanos();
        while (System.nanoTime() < deadline) {
            if (signalRunning(socket)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        log().warn("another instance holds the single-instance lock but does not answer");
        return true; // it runs: a second window would be the wrong answer
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

    /** What a SHOW request does; until it is set (the window is still being built), requests do nothing. */
    public void onShow(Runnable action) {
        show = action;
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("single-instance-request").start(() -> handle(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log().debug("single-instance accept failed", e);
                }
            }
        }
    }

    /** One request, on its own thread; closing the channel at the deadline ends a read that waits for ever. */
    private void handle(SocketChannel client) {
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(client), READ_DEADLINE.toMillis(),
                TimeUnit.MILLISECONDS);
        try (client) {
            if (sameUser(client) && SHOW.equals(readLine(client))) {
                show.run();
            }
        } catch (IOException e) {
            log().debug("single-instance request failed", e);
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log().debug("closing a single-instance channel", e);
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
            log().debug("closing the single-instance channel", e);
        }
        closeQuietly(lockFile); // releases the lock
    }

    /** Logback starts with the first logger: the window's start makes it after JavaFX has begun to start. */
    private static Logger log() {
        return LoggerFactory.getLogger(SingleInstance.class);
    }
}
