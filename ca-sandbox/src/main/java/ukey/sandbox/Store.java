package ukey.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The CA's state as JSON files in DIR, one per collection. Every transaction takes DIR/.lock (so the serving process
 * and the admin commands can work at once), reads the files, runs, and writes back the files whose content changed,
 * each atomically (temp file + rename). A transaction that throws writes nothing.
 */
final class Store {

    private record Part<T>(String file, TypeReference<T> type, Function<State, T> get, BiConsumer<State, T> set) {
    }

    private static final List<Part<?>> PARTS = List.of(
            new Part<>("settings.json", new TypeReference<Settings>() { }, s -> s.settings, (s, v) -> s.settings = v),
            new Part<>("certificates.json", new TypeReference<Map<String, CertRecord>>() { },
                    s -> s.certificates, (s, v) -> s.certificates = v),
            new Part<>("orders.json", new TypeReference<Map<String, Order>>() { },
                    s -> s.orders, (s, v) -> s.orders = v),
            new Part<>("renewals.json", new TypeReference<Map<String, Renewal>>() { },
                    s -> s.renewals, (s, v) -> s.renewals = v),
            new Part<>("idempotency.json", new TypeReference<Map<String, IdempotencyRecord>>() { },
                    s -> s.idempotency, (s, v) -> s.idempotency = v),
            new Part<>("outbox.json", new TypeReference<List<SmsMessage>>() { },
                    s -> s.outbox, (s, v) -> s.outbox = v),
            new Part<>("seals.json", new TypeReference<Map<String, Seal>>() { },
                    s -> s.seals, (s, v) -> s.seals = v));

    /** FileLock is per process: threads of one process queue here first. */
    private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock processLock;

    Store(Path dir) {
        try {
            Files.createDirectories(dir);
            this.dir = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        this.processLock = PROCESS_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    Path dir() {
        return dir;
    }

    /** Runs a transaction on the state and saves what it changed. */
    <T> T write(Function<State, T> transaction) {
        processLock.lock();
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock _ = lockFile.lock()) {
            State state = new State();
            byte[][] before = new byte[PARTS.size()][];
            for (int i = 0; i < PARTS.size(); i++) {
                before[i] = load(state, PARTS.get(i));
            }
            state.settings.validate();
            T result = transaction.apply(state);
            state.settings.validate();
            Map<Path, byte[]> changed = new LinkedHashMap<>();
            for (int i = 0; i < PARTS.size(); i++) {
                byte[] after = Json.pretty(PARTS.get(i).get().apply(state));
                if (!Arrays.equals(before[i], after)) {
                    changed.put(dir.resolve(PARTS.get(i).file()), after);
                }
            }
            writeAtomically(changed);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox state in " + dir + ": " + e.getMessage(), e);
        } finally {
            processLock.unlock();
        }
    }

    /** Loads one file into the state; returns its bytes as read, or the default's when there is no file yet. */
    private <T> byte[] load(State state, Part<T> part) throws IOException {
        Path file = dir.resolve(part.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Json.pretty(part.get().apply(state));
        }
        try {
            T value = Json.MAPPER.readValue(bytes, part.type());
            if (value == null) {
                throw new IllegalStateException(file + " holds null; fix or delete it");
            }
            part.set().accept(state, value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not valid (" + e.getOriginalMessage() + "); fix or delete it", e);
        }
        return bytes;
    }

    static void writeAtomically(Path file, byte[] content) throws IOException {
        writeAtomically(Map.of(file, content));
    }

    /**
     * Writes every file to a temp file first, then renames them all: each file is whole at any time, and a crash
     * can split a transaction only between the renames.
     */
    static void writeAtomically(Map<Path, byte[]> files) throws IOException {
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                Path temp = Files.createTempFile(file.getKey().getParent(), "." + file.getKey().getFileName(), ".tmp");
                temps.put(file.getKey(), temp);
                Files.write(temp, file.getValue());
            }
            for (Map.Entry<Path, Path> temp : temps.entrySet()) {
                try {
                    Files.move(temp.getValue(), temp.getKey(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp.getValue(), temp.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (Path temp : temps.values()) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
