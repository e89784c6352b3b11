package ukey.app.renewal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import ukey.app.renewal.disk.DurableFiles;

/**
 * Renewal journals on disk, one JSON file each, in a folder only the user may read. A save is durable before it
 * returns ({@link DurableFiles}): a crash leaves either the old or the new journal, never half of one. A journal
 * that cannot be read as one of this client's (corrupt, cut short, empty, of a later format, missing what binds it
 * to its key) is never acted on and never blocks a renewal: it is moved aside to {@code quarantine/}, logged, and
 * listed in {@link #quarantined()} so that the person is told; the key it was about is left as it is.
 */
public final class RenewalJournalStore {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalJournalStore.class);
    private static final String ID = "[0-9a-f-]{36}";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final DurableFiles files;
    private final List<Path> quarantined = new CopyOnWriteArrayList<>();
    private ObjectMapper json;

    public RenewalJournalStore(Path directory, DurableFiles files) {
        this.directory = directory;
        this.files = files;
    }

    public RenewalJournalStore(Path directory) {
        this(directory, new DurableFiles());
    }

    /**
     * The mapper that reads journals, made when one is first read: the window makes a store at start, and an object
     * mapper costs some 400 classes that a start with no renewal under way does not need. Journals are written by
     * {@link JournalJson}, without one.
     */
    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
        return json;
    }

    public Path directory() {
        return directory;
    }

    /** Where unreadable journals are moved. */
    public Path quarantine() {
        return directory.resolve("quarantine");
    }

    /** Writes the journal durably: the only way a journal reaches the disk. */
    void save(RenewalJournal journal) throws IOException {
        files.write(file(journal.id()), JournalJson.write(journal));
    }

    /** Removes a journal (an abandoned renewal); true when there was one. */
    boolean delete(String id) throws IOException {
        return files.delete(file(id));
    }

    /** The journal with this id, when there is a readable one (an unreadable one is quarantined). */
    public Optional<RenewalJournal> load(String id) throws IOException {
        Path file = file(id);
        return Files.exists(file) ? read(file) : Optional.empty();
    }

    /** Every readable journal, newest first; unreadable ones are quarantined on the way. */
    public List<RenewalJournal> all() throws IOException {
        List<RenewalJournal> journals = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return journals;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : found) {
                read(file).ifPresent(journals::add);
            }
        }
        journals.sort(Comparator.comparing(RenewalJournal::createdAt).reversed());
        return journals;
    }

    /** The unfinished renewal of this token, if any: what "resume" finishes. */
    public Optional<RenewalJournal> unfinished(String tokenSerial) throws IOException {
        return all().stream().filter(j -> !j.step().finished() && j.tokenSerial().equals(tokenSerial)).findFirst();
    }

    /** The journals this store moved to {@link #quarantine()} since it was made, where they are now. */
    public List<Path> quarantined() {
        return List.copyOf(quarantined);
    }

    private Optional<RenewalJournal> read(Path file) throws IOException {
        String problem;
        try {
            RenewalJournal journal = json().readValue(file.toFile(), RenewalJournal.class);
            problem = problem(journal, file.getFileName().toString());
            if (problem == null) {
                return Optional.of(journal);
            }
        } catch (IOException | RuntimeException e) {
            if (!Files.isReadable(file)) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        moveAside(file, problem);
        return Optional.empty();
    }

    /** Why this is not a journal the engine may act on, or null when it is one. */
    static String problem(RenewalJournal journal, String fileName) {
        if (journal == null) {
            return "empty";
        }
        if (journal.format() != 0 && journal.format() != RenewalJournal.FORMAT) {
            return "format " + journal.format() + " is not this client's (" + RenewalJournal.FORMAT + ")";
        }
        if (journal.id() == null || !journal.id().matches(ID) || !fileName.equals(journal.id() + ".json")) {
            return "its id does not match the file name";
        }
        if (journal.tokenSerial() == null || journal.currentKey() == null || journal.keySpec() == null
                || journal.connector() == null || journal.idempotencyKey() == null || journal.created() == null) {
            return "a field that binds it to its key or its CA is missing";
        }
        try {
            Base64.getDecoder().decode(journal.currentCertificate());
            Instant.parse(journal.created());
        } catch (RuntimeException e) {
            return "its certificate or its date does not read: " + e.getMessage();
        }
        return null;
    }

    private void moveAside(Path file, String problem) throws IOException {
        files.privacy().directory(quarantine());
        Path target = quarantine().resolve(file.getFileName() + "." + STAMP.format(Instant.now()));
        files.rename(file, target);
        quarantined.add(target);
        LOG.warn("renewal journal {} cannot be used ({}); moved to {}; the key it was about was left as it is",
                file, problem, target);
    }

    private Path file(String id) {
        if (!id.matches(ID)) {
            throw new IllegalArgumentException("not a journal id: " + id);
        }
        return directory.resolve(id + ".json");
    }
}
