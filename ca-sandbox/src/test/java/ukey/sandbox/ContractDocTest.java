package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** docs/renewal-api.md and the sandbox say the same: error codes, their HTTP status and retryability, statuses. */
class ContractDocTest {

    static final Path DOC = Path.of("..", "docs", "renewal-api.md");

    @Test
    void theErrorTableIsTheProblemCodes() throws Exception {
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (\\d{3}) \\| (yes|no) \\|").matcher(Files.readString(DOC));
        Map<String, String> documented = new TreeMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2) + " " + row.group(3));
        }
        Map<String, String> implemented = Arrays.stream(ProblemCode.values()).collect(Collectors.toMap(
                ProblemCode::wire, c -> c.status + " " + (c.retryable ? "yes" : "no"), (a, b) -> a, TreeMap::new));
        assertEquals(implemented, documented);
    }

    @Test
    void theBriefsErrorCodesAreAllThere() {
        for (String code : new String[] {"renewal_window_not_open", "no_approved_order", "cert_expired",
            "cert_revoked", "bad_signature", "bad_pop", "key_reuse_forbidden", "subject_mismatch",
            "challenge_failed", "challenge_expired", "unsupported_algorithm", "idempotency_conflict",
            "rate_limited", "unavailable"}) {
            assertEquals(code, ProblemCode.valueOf(code.toUpperCase()).wire());
        }
    }

    @Test
    void statusesAreDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (OrderStatus status : OrderStatus.values()) {
            assertTrue(doc.contains("| `" + status.wire() + "` | " + status.zh() + " |"), status.wire());
        }
        for (RenewalStatus status : RenewalStatus.values()) {
            assertTrue(doc.contains(status.wire()), status.wire());
        }
        for (HostileCertificate mode : HostileCertificate.values()) {
            assertTrue(doc.contains("`" + mode.wire() + "`"), mode.wire());
        }
        for (HostileEnvelope mode : HostileEnvelope.values()) {
            assertTrue(doc.contains("| `" + mode.wire() + "` |"), mode.wire());
        }
    }
}
