package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import ukey.app.renewal.disk.DurableFiles;
import ukey.app.renewal.disk.PrivateFiles;

/** The journal on disk: durable, and readable across versions of the client. */
class RenewalJournalStoreTest {

    private static final String ID = "0f4f7a52-3c1e-4d51-9d7e-6c0c1b1f2a3b";

    /** A journal as the client wrote it before the journal became an immutable record: it must resume. */
    private static final String OLD_JOURNAL = """
            {
              "id" : "%s",
              "tokenSerial" : "a1b2c3d4e5f60718",
              "tokenLabel" : "UKey Demo",
              "library" : "/usr/lib/softhsm/libsofthsm2.so",
              "currentCertificate" : "MIIB",
              "currentId" : "01",
              "currentLabel" : "张三的签名证书",
              "repair" : true,
              "sameKey" : false,
              "keySpec" : "EC_P256",
              "connector" : "api",
              "caUrl" : "https://127.0.0.1:8443/",
              "idempotencyKey" : "6e0d1b9c-0f57-4a55-8a6e-0d0f3f7f1c11",
              "step" : "SUBMITTED",
              "newKeyLabel" : "ukey-renewal-0f4f7a52",
              "newKeyId" : "9a9b",
              "issuedCertificate" : null,
              "chain" : [ ],
              "connectorState" : {
                "engine.sealService" : "true",
                "api.renewalId" : "r-42"
              },
              "sealsExtended" : [ ],
              "failureCode" : null,
              "failureDetail" : null,
              "created" : "2026-03-01T04:00:00Z",
              "updated" : "2026-03-01T04:00:02Z",
              "history" : [ "STARTED 2026-03-01T04:00:00Z", "PREFLIGHT_PASSED 2026-03-01T04:00:01Z" ]
            }
            """.formatted(ID);

    @TempDir
    Path directory;

    @Test
    void readsAJournalThatAnEarlierClientWrote() throws Exception {
        Files.writeString(directory.resolve(ID + ".json"), OLD_JOURNAL);

        RenewalJournal journal = new RenewalJournalStore(directory).unfinished("a1b2c3d4e5f60718").orElseThrow();

        assertEquals(RenewalStep.SUBMITTED, journal.step());
        assertEquals("01", journal.currentKey());
        assertEquals("9a9b", journal.newKey());
        assertEquals("ukey-renewal-0f4f7a52", journal.newKeyLabel());
        assertTrue(journal.repair());
        assertEquals(Map.of("engine.sealService", "true", "api.renewalId", "r-42"), journal.connectorState());
        assertEquals(Instant.parse("2026-03-01T04:00:00Z"), journal.createdAt());
        assertEquals(2, journal.history().size());
    }

    @Test
    void eachChangeIsANewJournalAndTheStoreWritesIt() throws Exception {
        RenewalJournalStore store = new RenewalJournalStore(directory);
        Instant now = Instant.parse("2026-03-01T04:00:00Z");
        RenewalJournal begun = RenewalJournal.begin(new RenewalJournal.Origin("serial", "label", "lib", "MIIB", "01",
                "证书", false, "EC_P256", "api", "https://ca/"), now);
        RenewalJournal moved = begun.withConnectorState("api.renewalId", "r-1").movedTo(RenewalStep.PREFLIGHT_PASSED,
                now.plusSeconds(1));

        store.save(moved);

        assertEquals(RenewalStep.STARTED, begun.step(), "the journal it came from is unchanged");
        assertEquals(Map.of(), begun.connectorState());
        assertEquals(moved, store.load(moved.id()).orElseThrow());
        String json = Files.readString(directory.resolve(moved.id() + ".json"));
        assertTrue(json.contains("\"currentId\" : \"01\""), "the file keeps its field names: " + json);
        assertEquals(List.of("STARTED " + now, "PREFLIGHT_PASSED " + now.plusSeconds(1)),
                store.load(moved.id()).orElseThrow().history());
    }

    /**
     * Journals are written without an object mapper (JournalJson): the very bytes an object mapper writes for the
     * record, every field set, so a component added to RenewalJournal and not to the writer fails here.
     */
    @Test
    void theJournalIsWrittenAsTheObjectMapperWouldWriteIt() throws Exception {
        RenewalJournal full = RenewalJournal.begin(new RenewalJournal.Origin("serial", "label", "lib", "MIIB", "01",
                        "证书 \"引号\"", true, "SM2", "cmp", "http://ca/pkix/", "skf"), Instant.now())
                .withTerms(true).withNewKeyLabel("new label").withNewKey("0a0b").withIssued("MIIC", List.of("MIID"))
                .withEncryption("MIIE", "MIIF").withSealsExtended(List.of("公章")).withConnectorState("a", "b")
                .withConnectorState("c", "d").failed("CA_REFUSED", "refused\nwith a line", Instant.now());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (RenewalJournal journal : List.of(full, RenewalJournal.begin(new RenewalJournal.Origin("s", "l", "lib",
                "MIIB", "01", "c", false, "EC_P256", "api", "https://ca/"), Instant.now()))) {
            assertEquals(mapper.writeValueAsString(journal), new String(JournalJson.write(journal),
                    StandardCharsets.UTF_8));
            assertEquals(journal, mapper.readValue(JournalJson.write(journal), RenewalJournal.class));
        }
        List<String> names = new ArrayList<>();
        mapper.readTree(JournalJson.write(full)).fieldNames().forEachRemaining(names::add);
        assertEquals(RenewalJournal.class.getRecordComponents().length, names.size(), names.toString());
    }

    /**
     * Journals this client cannot use never throw (an empty one made every renewal fail with a
     * NullPointerException): they are moved to quarantine/, and the store says so; the readable one is still found.
     */
    @Test
    void corruptTruncatedForeignAndEmptyJournalsAreMovedAsideNotThrown() throws Exception {
        Files.writeString(directory.resolve(ID + ".json"), OLD_JOURNAL);
        List<String> broken = List.of("{}", OLD_JOURNAL.substring(0, OLD_JOURNAL.length() / 2),
                OLD_JOURNAL.replace(ID, "%s").replace("{\n", "{\n  \"format\" : 2,\n"), "[1, 2, 3]", "\u0000\u00ff garbage",
                OLD_JOURNAL.replace(ID, "%s").replace("\"tokenSerial\" : \"a1b2c3d4e5f60718\",", ""), "");
        List<String> names = new ArrayList<>();
        for (String text : broken) {
            String id = UUID.randomUUID().toString();
            names.add(id + ".json");
            Files.writeString(directory.resolve(id + ".json"), text.contains("%s") ? text.formatted(id) : text,
                    StandardCharsets.UTF_8);
        }
        RenewalJournalStore store = new RenewalJournalStore(directory);

        assertEquals(RenewalStep.SUBMITTED, store.unfinished("a1b2c3d4e5f60718").orElseThrow().step());
        assertTrue(store.unfinished("another").isEmpty());

        assertEquals(broken.size(), store.quarantined().size(), store.quarantined().toString());
        for (String name : names) {
            assertFalse(Files.exists(directory.resolve(name)), name + " moved away");
        }
        try (Stream<Path> moved = Files.list(store.quarantine())) {
            assertEquals(broken.size(), moved.filter(p -> names.stream().anyMatch(n -> p.getFileName().toString()
                    .startsWith(n))).count());
        }
        assertEquals(1, store.all().size(), "read again: only the good one, nothing quarantined twice");
        assertEquals(broken.size(), store.quarantined().size());
    }

    @Test
    void journalsAndTheirFolderAreTheUsersAlone() throws Exception {
        Path journals = directory.resolve("renewals");
        Files.createDirectories(journals, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x"))); // as an earlier client left it
        RenewalJournalStore store = new RenewalJournalStore(journals);
        RenewalJournal journal = RenewalJournal.begin(new RenewalJournal.Origin("serial", "label", "lib", "MIIB", "01",
                "证书", false, "EC_P256", "api", "https://ca/"), Instant.now());

        store.save(journal);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journals)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                journals.resolve(journal.id() + ".json"))));
    }

    /** A rename that fails (on Windows an antivirus holding the file) is tried again, then fails in words. */
    @Test
    void aFailingRenameIsTriedAgainThenFailsClearly() throws Exception {
        RenewalJournal journal = RenewalJournal.begin(new RenewalJournal.Origin("serial", "label", "lib", "MIIB", "01",
                "证书", false, "EC_P256", "api", "https://ca/"), Instant.now());
        Path target = directory.resolve(journal.id() + ".json");
        Files.createDirectories(target.resolve("held")); // a non-empty folder in the way: every rename fails
        List<Duration> pauses = new ArrayList<>();
        RenewalJournalStore healing = new RenewalJournalStore(directory, new DurableFiles(PrivateFiles.forThisSystem(),
                pause -> {
                    pauses.add(pause);
                    if (pauses.size() == 2) { // the other program lets go after the second try
                        Files.delete(target.resolve("held"));
                        Files.delete(target);
                    }
                }));

        healing.save(journal);

        assertEquals(2, pauses.size(), "saved at the third try");
        assertTrue(pauses.get(1).compareTo(pauses.get(0)) > 0, "each pause longer: " + pauses);
        assertEquals(journal, healing.load(journal.id()).orElseThrow());

        Files.delete(target);
        Files.createDirectories(target.resolve("held"));
        pauses.clear();
        RenewalJournalStore stuck = new RenewalJournalStore(directory, new DurableFiles(PrivateFiles.forThisSystem(),
                pauses::add));
        IOException failed = assertThrows(IOException.class, () -> stuck.save(journal));
        assertEquals(DurableFiles.RENAME_TRIES - 1, pauses.size());
        assertTrue(failed.getMessage().contains("tried " + DurableFiles.RENAME_TRIES + " times"), failed.getMessage());
    }
}
