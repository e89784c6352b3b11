package ukey.app.renewal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import ukey.cert.Fingerprints;

/**
 * The on-disk record of one renewal: enough to finish it after a crash, a pulled key or a dropped network.
 * Holds no secret: the PIN is asked again on resume; the keys stay on the token. Immutable: each change makes a
 * new journal, which {@link RenewalJournalStore} writes before the step acts. The components are the file's
 * format (two keep their old JSON names), so rename with care.
 *
 * <p>A journal is bound to the key it was written for: the library, the token's label and serial, the old
 * certificate (its SHA-256 is {@link #currentSha256()}) and the reference of its key on the token. The engine
 * checks that binding before anything is written or destroyed ({@link KeyBinding}).
 *
 * @param format             {@value #FORMAT} for journals of this client; 0 (absent) for those written before the
 *                           field existed, which read the same; any other is a later client's and is not touched
 * @param currentCertificate the certificate being renewed (DER, base64)
 * @param currentKey         the token's reference to its key pair (PKCS#11: the CKA_ID in hex; SKF: the container
 *                           name), as {@link RenewalTokenSteps.Backend#keyOf} gives it
 * @param newKeyLabel        set before generation, so a crash mid-generation finds the pair again
 * @param newKey             the token's reference to the new key pair, once made
 * @param issuedCertificate  the issued certificate (DER, base64) once validated, and its chain
 * @param created            ISO-8601 instants: the journal stays readable by people and any tool
 * @param history            "STEP at TIME", for the log and the diagnostics export
 */
public record RenewalJournal(
        int format, String id, String tokenSerial, String tokenLabel, String library,
        String currentCertificate, @JsonProperty("currentId") String currentKey, String currentLabel,
        boolean repair, boolean sameKey, String keySpec, String connector, String caUrl, String idempotencyKey,
        RenewalStep step, String newKeyLabel, @JsonProperty("newKeyId") String newKey,
        String issuedCertificate, List<String> chain, Map<String, String> connectorState,
        List<String> sealsExtended, String failureCode, String failureDetail,
        String created, String updated, List<String> history) {

    /** The journal format this client writes. */
    public static final int FORMAT = 1;

    public RenewalJournal {
        step = step == null ? RenewalStep.STARTED : step;
        chain = List.copyOf(chain == null ? List.of() : chain);
        connectorState = Collections.unmodifiableMap(new LinkedHashMap<>(connectorState == null ? Map.of()
                : connectorState));
        sealsExtended = List.copyOf(sealsExtended == null ? List.of() : sealsExtended);
        history = List.copyOf(history == null ? List.of() : history);
    }

    /** Who renews what, recorded when the renewal begins. */
    public record Origin(String tokenSerial, String tokenLabel, String library, String currentCertificate,
                         String currentKey, String currentLabel, boolean sameKey, String keySpec, String connector,
                         String caUrl) {
    }

    /** A new renewal, at {@link RenewalStep#STARTED}: nothing is sent or changed yet. */
    static RenewalJournal begin(Origin origin, Instant now) {
        String id = UUID.randomUUID().toString();
        return new RenewalJournal(FORMAT, id, origin.tokenSerial(), origin.tokenLabel(), origin.library(),
                origin.currentCertificate(), origin.currentKey(), origin.currentLabel(), false, origin.sameKey(),
                origin.keySpec(), origin.connector(), origin.caUrl(), UUID.randomUUID().toString(),
                RenewalStep.STARTED, null, null, null, List.of(), Map.of(), List.of(), null, null,
                now.toString(), now.toString(), List.of(RenewalStep.STARTED + " " + now));
    }

    /** The lower-case hex SHA-256 of the certificate being renewed: what binds the journal to it. */
    @JsonIgnore
    public String currentSha256() {
        return Fingerprints.sha256(Base64.getDecoder().decode(currentCertificate));
    }

    public Instant createdAt() {
        return Instant.parse(created);
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failureCode);
    }

    public Optional<String> failureText() {
        return Optional.ofNullable(failureDetail);
    }

    // --- changes: each returns a new journal ---

    RenewalJournal movedTo(RenewalStep next, Instant now) {
        return with(j -> {
            j.step = next;
            j.updated = now.toString();
            j.history.add(next + " " + now);
        });
    }

    RenewalJournal failed(String code, String detail, Instant now) {
        return with(j -> {
            j.failureCode = code;
            j.failureDetail = detail;
        }).movedTo(RenewalStep.FAILED, now);
    }

    RenewalJournal withTerms(boolean repairOrder) {
        return with(j -> j.repair = repairOrder);
    }

    RenewalJournal withNewKeyLabel(String label) {
        return with(j -> j.newKeyLabel = label);
    }

    RenewalJournal withNewKey(String key) {
        return with(j -> j.newKey = key);
    }

    RenewalJournal withIssued(String certificate, List<String> issuedChain) {
        return with(j -> {
            j.issuedCertificate = certificate;
            j.chain = new ArrayList<>(issuedChain);
        });
    }

    RenewalJournal withSealsExtended(List<String> names) {
        return with(j -> j.sealsExtended = new ArrayList<>(names));
    }

    RenewalJournal withConnectorState(String key, String value) {
        return with(j -> j.connectorState.put(key, value));
    }

    private RenewalJournal with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.journal();
    }

    /** The fields that change as a renewal goes on, copied, changed and made into a new journal. */
    private static final class Draft {
        private final RenewalJournal from;
        boolean repair;
        RenewalStep step;
        String newKeyLabel;
        String newKey;
        String issuedCertificate;
        List<String> chain;
        Map<String, String> connectorState;
        List<String> sealsExtended;
        String failureCode;
        String failureDetail;
        String updated;
        List<String> history;

        Draft(RenewalJournal from) {
            this.from = from;
            repair = from.repair;
            step = from.step;
            newKeyLabel = from.newKeyLabel;
            newKey = from.newKey;
            issuedCertificate = from.issuedCertificate;
            chain = from.chain;
            connectorState = new LinkedHashMap<>(from.connectorState);
            sealsExtended = from.sealsExtended;
            failureCode = from.failureCode;
            failureDetail = from.failureDetail;
            updated = from.updated;
            history = new ArrayList<>(from.history);
        }

        RenewalJournal journal() {
            return new RenewalJournal(from.format, from.id, from.tokenSerial, from.tokenLabel, from.library,
                    from.currentCertificate, from.currentKey, from.currentLabel, repair, from.sameKey, from.keySpec,
                    from.connector, from.caUrl, from.idempotencyKey, step, newKeyLabel, newKey, issuedCertificate,
                    chain, connectorState, sealsExtended, failureCode, failureDetail, from.created, updated, history);
        }
    }
}
