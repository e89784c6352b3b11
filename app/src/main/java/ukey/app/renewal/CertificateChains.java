package ukey.app.renewal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo;
import ukey.cert.Validity;

/**
 * Does a certificate chain to a configured CA certificate? Walks issuer by issuer through the CA certificates a
 * CA sent along, checking names by value and signatures with BouncyCastle (so SM2 CAs work too). Used for the
 * certificates a CA returns and for the CA's own signed answers.
 */
public final class CertificateChains {

    private static final int MAX_CHAIN = 6;

    private CertificateChains() {
    }

    /**
     * True when {@code certificate} is one of the anchors, or was issued by one valid at {@code now}, directly or
     * through CA certificates among {@code intermediates} that are valid then.
     */
    public static boolean chainsTo(X509CertificateHolder certificate, Collection<X509CertificateHolder> intermediates,
                                   Collection<X509CertificateHolder> anchors, Instant now) {
        return anchorOf(certificate, intermediates, anchors, now).isPresent();
    }

    /** The anchor {@code certificate} chains to (see {@link #chainsTo}), if it chains to one. */
    public static Optional<X509CertificateHolder> anchorOf(X509CertificateHolder certificate,
                                                           Collection<X509CertificateHolder> intermediates,
                                                           Collection<X509CertificateHolder> anchors, Instant now) {
        List<X509CertificateHolder> candidates = new ArrayList<>(intermediates);
        X509CertificateHolder current = certificate;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            for (X509CertificateHolder anchor : anchors) {
                if (anchor.equals(current) || (Validity.validOn(anchor, now) && issuedBy(current, anchor))) {
                    return Optional.of(anchor);
                }
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder candidate : candidates) {
                if (!candidate.equals(current) && isCa(candidate) && Validity.validOn(candidate, now)
                        && issuedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            candidates.remove(next);
            current = next;
        }
        return Optional.empty();
    }

    private static boolean issuedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        if (!CertificateInfo.sameName(certificate.getIssuer(), issuer.getSubject())) {
            return false;
        }
        try {
            return certificate.isSignatureValid(SignatureVerifiers.of(issuer));
        } catch (Exception e) {
            return false; // an issuer key we cannot use verifies nothing
        }
    }

    /** A CA certificate: basicConstraints CA=true. */
    public static boolean isCa(X509CertificateHolder certificate) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(certificate.getExtensions());
        return constraints != null && constraints.isCA();
    }
}
