package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A certificate the CA knows: one it issued, or one of its CA's that was registered. A snapshot. */
public final class CertRecord {

    /** What the CA has recorded; expiry is computed from the dates. */
    public enum State {
        VALID, REVOKED, SUPERSEDED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
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

    /** The record of a certificate the CA sees now for the first time. */
    static CertRecord of(X509Certificate certificate, Instant now) {
        CertRecord record = new CertRecord();
        record.certId = Certs.certId(certificate);
        record.serial = Certs.serialHex(certificate.getSerialNumber());
        record.subject = Certs.holder(certificate).getSubject().toString();
        record.pem = Pem.encode(certificate);
        record.sha256 = Certs.sha256(certificate);
        record.keySha256 = Certs.keySha256(Certs.holder(certificate).getSubjectPublicKeyInfo());
        record.notBefore = certificate.getNotBefore().toInstant();
        record.notAfter = certificate.getNotAfter().toInstant();
        record.recordedAt = now;
        return record;
    }

    public X509Certificate certificate() {
        return Pem.certificate(pem);
    }

    void revoke(String reason, Instant now) {
        state = State.REVOKED;
        revocationReason = reason;
        recordedAt = now;
    }
}
