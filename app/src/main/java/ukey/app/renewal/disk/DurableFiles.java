package ukey.app.renewal.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file whole or not at all, and durably: a private temporary file, forced to disk, renamed over the old
 * one, then the folder forced too (POSIX: the rename itself lives in the folder). A rename that fails (on Windows
 * an antivirus or indexer holding the file open) is tried again a few times, pausing longer each time, before it
 * fails with what went wrong.
 */
public final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);
    /** Renames tried in all before giving up. */
    public static final int RENAME_TRIES = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    /** How the retries wait (tests pass one that does something instead of sleeping). */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException, IOException;
    }

    private final PrivateFiles privacy;
    private final Pause pause;

    public DurableFiles(PrivateFiles privacy, Pause pause) {
        this.privacy = privacy;
        this.pause = pause;
    }

    public DurableFiles() {
        this(PrivateFiles.forThisSystem(), duration -> Thread.sleep(duration.toMillis()));
    }

    public PrivateFiles privacy() {
        return privacy;
    }

    /** Replaces {@code target} with {@code bytes}; its folder is made (private) when missing. */
    public void write(Path target, byte[] bytes) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        privacy.directory(directory);
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        privacy.newFile(temporary);
        Files.write(temporary, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        rename(temporary, target);
        forceDirectory(directory);
    }

    /** Moves a file to another name in the same folder, with the same retries; then forces the folder. */
    public void rename(Path from, Path to) throws IOException {
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                move(from, to);
                if (attempt > 1) {
                    LOG.info("{} renamed at try {}", to, attempt);
                }
                forceDirectory(to.toAbsolutePath().getParent());
                return;
            } catch (IOException e) {
                if (attempt >= RENAME_TRIES) {
                    throw new IOException("cannot rename " + from + " to " + to + " (tried " + RENAME_TRIES
                            + " times; another program may hold the file open): " + e, e);
                }
                LOG.warn("renaming {} to {} failed ({}), trying again", from, to, e.toString());
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    /** Deletes a file durably; true when there was one. */
    public boolean delete(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        forceDirectory(file.toAbsolutePath().getParent());
        return deleted;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void sleep(Duration duration) throws IOException {
        try {
            pause.pause(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to rename", e);
        }
    }

    /**
     * Forces the folder's entries to disk, so a rename survives a power cut (POSIX). Windows cannot open a folder
     * this way; NTFS logs the rename itself.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("folder {} not forced: {}", directory, e.toString());
        }
    }
}
