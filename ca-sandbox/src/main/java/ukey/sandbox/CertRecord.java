package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate the CA knows: one it issued, or one of its CA's that was registered. A snapshot. */
public final class CertRecord {

    /** What the CA has recorded; expiry is computed from the dates. */
    public enum State {
        VALID, REVOKED, SUPERSEDED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String certId;
    public String serial;
    public String subject;
    public String pem;
    public String sha256;
    public String keySha256;
    public Instant notBefore;
    public Instant notAfter;
    public State state = State.VALID;
    /** for SUPERSEDED: the certificate that replaced it */
    public String supersededBy;
    /** for a renewed certificate: the one it renews */
    public String renews;
    public String revocationReason;
    /** issued elsewhere by the same CA key and registered (order --cert) */
    public boolean registered;
    public Instant recordedAt;

    public CertRecord() {
    }

    public X509Certificate certificate() {
        return Pem.certificate(pem);
    }
}
