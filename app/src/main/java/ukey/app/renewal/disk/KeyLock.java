package ukey.app.renewal.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One renewal per key at a time, across processes (the window, the command line, a second window): an exclusive
 * lock on a file named after the token's serial, held for the whole run and let go when the process ends however
 * it ends (the operating system releases the lock of a killed process). Lock files are never deleted: a process
 * that deleted one could lock a new file while another still holds the old.
 */
public final class KeyLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock of this token's renewals, or empty when another run (in this process or another) holds it. */
    public static Optional<KeyLock> tryLock(PrivateFiles privacy, Path directory, String tokenSerial)
            throws IOException {
        Path locks = directory.resolve("locks");
        privacy.directory(locks);
        // the serial in hex: any characters a token reports make a safe file name
        Path file = locks.resolve(HexFormat.of().formatHex(tokenSerial.getBytes(StandardCharsets.UTF_8)) + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new KeyLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldHere) {
            // another run in this process holds it
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
