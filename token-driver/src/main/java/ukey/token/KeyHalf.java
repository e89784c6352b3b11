package ukey.token;

import java.util.Locale;
import java.util.Optional;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;

/**
 * One half of an {@link Identity}: the signing or the encryption key pair and its certificate.
 *
 * @param usage         what the half is for
 * @param certificate   the certificate's bytes as stored, when there is a certificate
 * @param info          the parsed certificate, when the bytes parse
 * @param problem       why the bytes do not parse, when they do not (a fact, never a sentence)
 * @param hasPrivateKey the private key is on the token (for SKF: the container exports its public key; for
 *                      PKCS#11: as {@link TokenCertificate#hasPrivateKey()})
 */
public record KeyHalf(Usage usage, Optional<byte[]> certificate, Optional<CertificateInfo> info,
                      Optional<CertificateProblem> problem, boolean hasPrivateKey) {

    /** Signing (the key made on the token) or encryption (the key pair the CA's KMC made). */
    public enum Usage {
        SIGN, ENCRYPT;

        /** "sign" or "encrypt", as written in JSON. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why stored certificate bytes are unusable: the parser's reason, and its English detail for logs only.
     */
    public record CertificateProblem(CertificateParseException.Problem reason, String detail) {
    }

    /** A half whose certificate bytes are parsed here: readable, or with the parse problem. */
    public static KeyHalf of(Usage usage, byte[] certificate, boolean hasPrivateKey) {
        if (certificate == null) {
            return new KeyHalf(usage, Optional.empty(), Optional.empty(), Optional.empty(), hasPrivateKey);
        }
        try {
            return new KeyHalf(usage, Optional.of(certificate.clone()),
                    Optional.of(CertificateInfo.parse(certificate)), Optional.empty(), hasPrivateKey);
        } catch (CertificateParseException e) {
            return new KeyHalf(usage, Optional.of(certificate.clone()), Optional.empty(),
                    Optional.of(new CertificateProblem(e.problem(), e.getMessage())), hasPrivateKey);
        } catch (RuntimeException e) {
            return new KeyHalf(usage, Optional.of(certificate.clone()), Optional.empty(),
                    Optional.of(new CertificateProblem(CertificateParseException.Problem.NOT_A_CERTIFICATE,
                            e.toString())),
                    hasPrivateKey);
        }
    }

    /** A certificate is stored, parsed or not. */
    public boolean hasCertificate() {
        return certificate.isPresent();
    }

    /** The stored certificate parses. */
    public boolean readable() {
        return info.isPresent();
    }
}
