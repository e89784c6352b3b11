package ukey.app.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the CA says before a renewal: whether it can go ahead now, and on what terms.
 *
 * @param refusal      empty when the CA would renew now; else why not (a CA error code and words)
 * @param windowStart  the renewal window, when the CA has one
 * @param windowEnd    the end of the window (usually the certificate's notAfter)
 * @param orderStatus  the platform's order status for this certificate (approved, pending_review, ...), if any
 * @param repair       true when the certificate has expired and an approved repair order exists
 * @param sameKeyAllowed true when the CA accepts the current key again
 * @param algorithms   key algorithms the CA certifies ("RSA-2048", "EC-P256", ...)
 * @param sealService  the CA extends electronic seals after a renewal
 * @param portalUrl    where the user places and pays an order
 */
public record RenewalOffer(Optional<CaException> refusal, Optional<Instant> windowStart, Optional<Instant> windowEnd,
                           Optional<String> orderStatus, boolean repair, boolean sameKeyAllowed,
                           List<String> algorithms, boolean sealService, Optional<String> portalUrl) {

    public boolean renewable() {
        return refusal.isEmpty();
    }

    /**
     * The CA's "no" to a key of this kind (a KeySpec name: RSA_2048, EC_P256, SM2) when its directory lists the
     * algorithms it renews and this is not one: found before the PIN, not by the CA after a new key was made.
     * An empty list says nothing (CMP has no directory).
     */
    public Optional<CaException> algorithmRefusal(String keySpec) {
        String algorithm = keySpec.replace('_', '-'); // the directory's names: RSA-2048, EC-P256, SM2
        if (algorithms.isEmpty() || algorithms.contains(algorithm)) {
            return Optional.empty();
        }
        return Optional.of(CaException.refusal("unsupported_algorithm", Map.of("algorithm", algorithm,
                "supported", String.join(", ", algorithms))));
    }
}
