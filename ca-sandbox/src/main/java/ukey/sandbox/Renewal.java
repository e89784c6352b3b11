package ukey.sandbox;

import java.time.Instant;

/** One renewal (or repair) of one certificate. A snapshot. */
public final class Renewal {
    public String id;
    public String certId;
    public String orderId;
    public String mode;
    /** the start request's keyAlgorithm, as the client sent it (null when it sent none: RSA and EC clients) */
    public String keyAlgorithm;
    public RenewalStatus status;
    public String csr;
    public String keySha256;
    public boolean sameKey;
    public Challenge challenge;
    public int pollsLeft;
    /** the certificate issued for this renewal */
    public String newCertId;
    /** SM2 renewals: the encryption certificate the KMC issued with the signing one (PEM) */
    public String encryptionCertificate;
    /** SM2 renewals: the GM/T 0009 envelope of the encryption private key, base64 DER (or a hostile stand-in) */
    public String envelope;
    public String reason;
    public String idempotencyKey;
    public Instant createdAt;
    public Instant updatedAt;

    public Renewal() {
    }
}
