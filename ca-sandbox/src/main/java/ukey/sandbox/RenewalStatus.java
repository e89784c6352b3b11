package ukey.sandbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A renewal's status. confirmed, rejected, expired and abandoned are final. */
public enum RenewalStatus {
    PENDING_CHALLENGE,
    PROCESSING,
    ISSUED,
    CONFIRMED,
    REJECTED,
    EXPIRED,
    /** the holder gave the renewal up before confirming it (POST .../abandon) */
    ABANDONED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinal() {
        return this == CONFIRMED || this == REJECTED || this == EXPIRED || this == ABANDONED;
    }
}
