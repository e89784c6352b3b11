package ukey.sandbox;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What GET /v1/renewals/{id}/certificate answers instead of the real certificate, for the client's refusal tests. */
public enum HostileCertificate {
    NONE("none"),
    /** a valid certificate from the real CA, the right subject, but for a freshly made key */
    OTHER_KEY("other_key"),
    /** the right key from the real CA, but another subject (CN=李四) */
    OTHER_SUBJECT("other_subject"),
    /** the right key and subject, signed by a throw-away CA with the same name as the real one */
    UNTRUSTED_CA("untrusted_ca"),
    /** the right key and subject from the real CA, but its validity ended 35 days ago */
    EXPIRED("expired"),
    /** random bytes in PEM armour */
    GARBAGE("garbage"),
    /** the right key and subject from the real CA, made larger than 16 KiB by a 20 KiB extension */
    OVERSIZED("oversized"),
    /** the right key and subject from the real CA, but a CA certificate (basicConstraints CA=true) */
    CA_TRUE("ca_true"),
    /** the right key and subject from the real CA, but key usage keyCertSign alone */
    KEY_CERT_SIGN_ONLY("key_cert_sign_only"),
    /** the right key and subject from the real CA, but extended key usage serverAuth alone */
    SERVER_AUTH_ONLY("server_auth_only"),
    /** the right key and subject from the real CA, but signed with SHA-1 */
    SHA1("sha1"),
    /** the real certificate, with a chain of 9 certificates */
    LONG_CHAIN("long_chain"),
    /** the real certificate, in an answer padded beyond 1 MiB */
    HUGE_ANSWER("huge_answer");

    private final String wire;

    HostileCertificate(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static HostileCertificate parse(String text) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("hostileCertificate must be one of "
                        + Arrays.stream(values()).map(HostileCertificate::wire).toList() + ", not " + text));
    }
}
