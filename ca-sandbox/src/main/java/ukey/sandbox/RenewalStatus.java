package ukey.sandbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A renewal's status. confirmed, rejected and expired are final. */
public enum RenewalStatus {
    PENDING_CHALLENGE,
    PROCESSING,
    ISSUED,
    CONFIRMED,
    REJECTED,
    EXPIRED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinal() {
        return this == CONFIRMED || this == REJECTED || this == EXPIRED;
    }
}
