package ukey.app.renewal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Renewal journals on disk, one JSON file each. A save is durable before it returns: written to a temporary
 * file, forced to disk, then moved over the old file atomically, so a crash leaves either the old or the new
 * journal, never half of one.
 */
public final class RenewalJournalStore {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalJournalStore.class);

    private final Path directory;
    private ObjectMapper json;

    public RenewalJournalStore(Path directory) {
        this.directory = directory;
    }

    /**
     * The mapper, made when a journal is first read or written: the window makes a store at start, and an object
     * mapper costs some 400 classes that a start with no renewal under way does not need.
     */
    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(SerializationFeature.INDENT_OUTPUT);
        }
        return json;
    }

    public Path directory() {
        return directory;
    }

    /** Writes the journal durably: the only way a journal reaches the disk. */
    void save(RenewalJournal journal) throws IOException {
        Files.createDirectories(directory);
        Path target = file(journal.id());
        Path temporary = directory.resolve(journal.id() + ".json.tmp");
        Files.write(temporary, json().writeValueAsBytes(journal));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Optional<RenewalJournal> load(String id) throws IOException {
        Path file = file(id);
        return Files.exists(file) ? Optional.of(json().readValue(file.toFile(), RenewalJournal.class))
                : Optional.empty();
    }

    /** Every journal, newest first. An unreadable file is logged and skipped, never deleted. */
    public List<RenewalJournal> all() throws IOException {
        List<RenewalJournal> journals = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return journals;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                try {
                    journals.add(json().readValue(file.toFile(), RenewalJournal.class));
                } catch (IOException e) {
                    LOG.warn("renewal journal {} is unreadable and was left as it is: {}", file, e.getMessage());
                }
            }
        }
        journals.sort(Comparator.comparing(RenewalJournal::created).reversed());
        return journals;
    }

    /** The unfinished renewal of this token, if any: what "resume" finishes. */
    public Optional<RenewalJournal> unfinished(String tokenSerial) throws IOException {
        return all().stream().filter(j -> !j.step().finished() && j.tokenSerial().equals(tokenSerial)).findFirst();
    }

    private Path file(String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a journal id: " + id);
        }
        return directory.resolve(id + ".json");
    }
}
