package ukey.sandbox;

import java.time.Instant;

/** An electronic seal (电子签章) bound to a certificate. A snapshot. */
public final class Seal {
    public String id;
    public String name;
    public String certId;
    public Instant notAfter;
    /** bound, or extended once moved to a renewed certificate */
    public String status = "bound";
    public Instant updatedAt;

    public Seal() {
    }
}
