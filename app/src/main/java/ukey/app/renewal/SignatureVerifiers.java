package ukey.app.renewal;

import java.io.IOException;
import java.security.cert.CertificateException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcEdDSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import ukey.app.net.BcProvider;
import ukey.cert.EcPublicKeys;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Verifiers;

/**
 * Verifiers for signatures by a certificate's key, from BouncyCastle's lightweight API for RSA, ECDSA and EdDSA and
 * ukey.cert.gm for SM2: no JCA provider is set up for them (a BouncyCastleProvider registers every algorithm it has
 * when made: hundreds of classes on a renewal's path). Other keys (DSA ...) go through the provider, made once.
 */
public final class SignatureVerifiers {

    private static final DefaultDigestAlgorithmIdentifierFinder DIGESTS = new DefaultDigestAlgorithmIdentifierFinder();

    private SignatureVerifiers() {
    }

    /** A verifier provider for signatures made by the key of {@code certificate}. */
    public static ContentVerifierProvider of(X509CertificateHolder certificate) throws OperatorCreationException {
        SubjectPublicKeyInfo key = certificate.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier type = key.getAlgorithm().getAlgorithm();
        if (Sm2.isSm2(key)) {
            try {
                return Sm2Verifiers.provider(key);
            } catch (GmFormatException e) {
                throw new OperatorCreationException("not an SM2 public key: " + e.getMessage(), e);
            }
        }
        if (type.equals(PKCSObjectIdentifiers.rsaEncryption) || type.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return new BcRSAContentVerifierProviderBuilder(DIGESTS).build(certificate);
        }
        if (type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return new FastCurves().build(certificate);
        }
        if (type.equals(EdECObjectIdentifiers.id_Ed25519) || type.equals(EdECObjectIdentifiers.id_Ed448)) {
            return new BcEdDSAContentVerifierProviderBuilder().build(certificate);
        }
        try {
            return Provider.VERIFIERS.build(certificate);
        } catch (CertificateException e) {
            throw new OperatorCreationException("cannot read the certificate's key: " + e.getMessage(), e);
        }
    }

    /** ECDSA on the curve's own arithmetic (EcPublicKeys), not on the generic curve PublicKeyFactory makes. */
    private static final class FastCurves extends BcECContentVerifierProviderBuilder {
        FastCurves() {
            super(DIGESTS);
        }

        @Override
        protected AsymmetricKeyParameter extractKeyParameters(SubjectPublicKeyInfo publicKeyInfo) throws IOException {
            return EcPublicKeys.of(publicKeyInfo);
        }
    }

    /** Made on first use only, on the client's one BouncyCastle provider. */
    private static final class Provider {
        static final JcaContentVerifierProviderBuilder VERIFIERS =
                new JcaContentVerifierProviderBuilder().setProvider(BcProvider.get());
    }
}
