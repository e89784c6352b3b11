package ukey.sandbox;

import java.time.Instant;

/** One renewal (or repair) of one certificate. A snapshot. */
public final class Renewal {
    public String id;
    public String certId;
    public String orderId;
    public String mode;
    public RenewalStatus status;
    public String csr;
    public String keySha256;
    public boolean sameKey;
    public Challenge challenge;
    public int pollsLeft;
    /** the certificate issued for this renewal */
    public String newCertId;
    public String reason;
    public String idempotencyKey;
    public Instant createdAt;
    public Instant updatedAt;

    public Renewal() {
    }
}
