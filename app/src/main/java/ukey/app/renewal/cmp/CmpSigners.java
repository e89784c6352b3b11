package ukey.app.renewal.cmp;

import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Who may sign the CA's CMP answers. Without a pin: a certificate that chains to the issuing CA's roots and is the
 * CA's own (a CA certificate named as the renewed certificate's issuer) or an RA's or CA's CMP certificate
 * (extended key usage id-kp-cmcRA or id-kp-cmcCA, RFC 6402, as RFC 9483 section 3.5 asks). An IT setting may
 * instead pin the signer's certificate (as OpenSSL's {@code -srvcert} does) and may fix the sender's name (as
 * {@code -expect_sender} does).
 *
 * @param issuingRoots   the issuing CA's roots (ca.issuerTrust, else ca.trust); never the TLS roots
 * @param pinned         when not empty, the only certificates whose signature is accepted (ca.cmpSigner)
 * @param expectedSender when set, the only sender name accepted (ca.cmpSender)
 */
public record CmpSigners(List<X509CertificateHolder> issuingRoots, List<X509CertificateHolder> pinned,
                         Optional<X500Name> expectedSender) {

    public CmpSigners {
        issuingRoots = List.copyOf(issuingRoots);
        pinned = List.copyOf(pinned);
        if (issuingRoots.isEmpty() && pinned.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate to trust");
        }
    }

    /** The issuing CA's roots, no pin, any sender that names the signer. */
    public static CmpSigners of(List<X509CertificateHolder> issuingRoots) {
        return new CmpSigners(issuingRoots, List.of(), Optional.empty());
    }
}
