package ukey.app.renewal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The on-disk record of one renewal: enough to finish it after a crash, a pulled key or a dropped network.
 * Holds no secret: the PIN is asked again on resume; the keys stay on the token. Serialised by
 * {@link RenewalJournalStore}; the fields are the file's format, so rename with care.
 */
public final class RenewalJournal {

    String id;
    String tokenSerial;
    String tokenLabel;
    String library;
    /** The certificate being renewed (DER, base64) and its CKA_ID (hex) and label. */
    String currentCertificate;
    String currentId;
    String currentLabel;
    boolean repair;
    boolean sameKey;
    String keySpec;
    String connector;
    String caUrl;
    String idempotencyKey;
    RenewalStep step = RenewalStep.STARTED;
    /** The new key pair's label (set before generation, so a crash mid-generation finds it) and CKA_ID (hex). */
    String newKeyLabel;
    String newKeyId;
    /** The issued certificate and chain (DER, base64) once validated. */
    String issuedCertificate;
    List<String> chain = new ArrayList<>();
    Map<String, String> connectorState = new LinkedHashMap<>();
    List<String> sealsExtended = new ArrayList<>();
    String failureCode;
    String failureDetail;
    /** ISO-8601 instants: the journal stays readable by people and any tool. */
    String created;
    String updated;
    List<String> history = new ArrayList<>();

    RenewalJournal() {
        // for Jackson
    }

    public String id() {
        return id;
    }

    public String tokenSerial() {
        return tokenSerial;
    }

    public String tokenLabel() {
        return tokenLabel;
    }

    public String library() {
        return library;
    }

    public RenewalStep step() {
        return step;
    }

    public boolean repair() {
        return repair;
    }

    public boolean sameKey() {
        return sameKey;
    }

    public String caUrl() {
        return caUrl;
    }

    public String connector() {
        return connector;
    }

    public Instant created() {
        return Instant.parse(created);
    }

    public Optional<String> failureCode() {
        return Optional.ofNullable(failureCode);
    }

    public Optional<String> failureDetail() {
        return Optional.ofNullable(failureDetail);
    }

    public List<String> sealsExtended() {
        return List.copyOf(sealsExtended);
    }

    /** The step history: "STEP at TIME", for the log and the diagnostics export. */
    public List<String> history() {
        return List.copyOf(history);
    }

    void moveTo(RenewalStep next, Instant now) {
        step = next;
        updated = now.toString();
        history.add(next + " " + now);
    }
}
