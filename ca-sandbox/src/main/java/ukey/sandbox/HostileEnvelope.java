package ukey.sandbox;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the KMC puts in an SM2 renewal's CSRResponse instead of the right encryption pair, set per order for the
 * client's refusal tests. Applied when the renewal is issued.
 */
public enum HostileEnvelope {
    NONE("none"),
    /** the SM4 key is encrypted to a throw-away SM2 key, not the CSR's: the token cannot import it */
    OTHER_KEY("other_key"),
    /** the encryption certificate certifies another key than the one enveloped */
    CERTIFICATE_MISMATCH("certificate_mismatch"),
    /** the encryption certificate matches the enveloped key but names another subject (CN=李四) */
    OTHER_SUBJECT("other_subject"),
    /** [0] holds SEQUENCE { OCTET STRING (random bytes) }, not an SM2EnvelopedKey */
    GARBAGE("garbage");

    private final String wire;

    HostileEnvelope(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static HostileEnvelope parse(String text) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("hostileEnvelope must be one of "
                        + Arrays.stream(values()).map(HostileEnvelope::wire).toList() + ", not " + text));
    }
}
