package ukey.cert.gm;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Verifies SM3withSM2 signatures of certificates, CSRs and anything BouncyCastle checks through a
 * {@link ContentVerifierProvider}: Z with the default ID, the algorithm with or without NULL parameters.
 */
public final class Sm2Verifiers {

    private Sm2Verifiers() {
    }

    /** A provider for signatures made by this SM2 key; other algorithms are refused. */
    public static ContentVerifierProvider provider(SubjectPublicKeyInfo key) throws GmFormatException {
        Sm2.uncompressedPoint(key);
        return new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return false;
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return null;
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                if (!Sm2.isSignatureAlgorithm(algorithm)) {
                    throw new OperatorCreationException("not SM3withSM2: " + algorithm.getAlgorithm().getId());
                }
                return verifier(key, algorithm);
            }
        };
    }

    /** Whether the certificate's signature verifies with the issuer's SM2 key (not a chain check: no dates, no CA). */
    public static boolean isSignedBy(X509CertificateHolder certificate, SubjectPublicKeyInfo issuerKey) {
        try {
            return certificate.isSignatureValid(provider(issuerKey));
        } catch (GmFormatException | CertException | RuntimeException e) {
            return false;
        }
    }

    /** Proof of possession: the CSR is SM2, signed SM3withSM2 by its own key. */
    public static boolean isSelfSigned(PKCS10CertificationRequest csr) {
        try {
            return Sm2.isSm2(csr.getSubjectPublicKeyInfo())
                    && csr.isSignatureValid(provider(csr.getSubjectPublicKeyInfo()));
        } catch (GmFormatException | PKCSException | RuntimeException e) {
            return false;
        }
    }

    private static ContentVerifier verifier(SubjectPublicKeyInfo key, AlgorithmIdentifier algorithm) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        return new ContentVerifier() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return message;
            }

            @Override
            public boolean verify(byte[] signature) {
                return Sm2.verify(key, message.toByteArray(), signature);
            }
        };
    }
}
