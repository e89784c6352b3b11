package ukey.cert;

/** Where a certificate stands against a clock and the CA's renewal window. */
public enum CertificateStatus {
    /** Valid, and not yet inside the renewal window. */
    VALID,
    /** Valid, and inside the renewal window: renew now. */
    EXPIRING,
    /** Past its notAfter: renewal is a repair (修复). */
    EXPIRED,
    /** Before its notBefore: the clock is wrong, or the CA issued it for later. */
    NOT_YET_VALID
}
