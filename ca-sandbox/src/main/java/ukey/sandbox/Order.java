package ukey.sandbox;

import java.time.Instant;

/** A renewal order, as the web platform holds it. A snapshot. */
public final class Order {
    public String id;
    public String certId;
    public String serial;
    public String subject;
    /** renew, or repair (修复) for an expired certificate */
    public String mode;
    public OrderStatus status;
    public String phone;
    /** the renewal that is using or used the order */
    public String renewalId;
    /** for tests: the hostile encryption pair an SM2 renewal of this order gets (none when absent) */
    public HostileEnvelope hostileEnvelope;
    public Instant createdAt;
    public Instant updatedAt;

    public Order() {
    }

    boolean isOpen() {
        return status != OrderStatus.DONE && status != OrderStatus.CLOSED;
    }
}
