package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
