package ukey.app.ui.services;

import java.time.Instant;

import ukey.cert.CertificateStatus;

/**
 * The facts about a key's certificate that the side panel, the renewal page and the reminders show,
 * computed once when the key is read.
 *
 * @param owner     the holder's name (CN, or the organisation)
 * @param issuer    the CA's name
 * @param serialHex the certificate's serial number in hex
 * @param notBefore start of validity
 * @param notAfter  end of validity
 * @param status    against the clock and the CA's renewal window when the key was read
 * @param daysLeft  whole days until notAfter (negative once expired)
 */
public record CertificateSummary(String owner, String issuer, String serialHex, Instant notBefore, Instant notAfter,
                                 CertificateStatus status, long daysLeft) {
}
