package ukey.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a renewal must bring a new key pair or may keep the old one. */
public enum KeyPolicy {
    NEW_REQUIRED("new-required"),
    SAME_ALLOWED("same-allowed");

    private final String wire;

    KeyPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Takes the wire name, and `new` as the command line writes it. */
    @JsonCreator
    public static KeyPolicy parse(String text) {
        return switch (text) {
            case "new", "new-required" -> NEW_REQUIRED;
            case "same-allowed", "same" -> SAME_ALLOWED;
            default -> throw new IllegalArgumentException("key policy must be new or same-allowed, not " + text);
        };
    }
}
