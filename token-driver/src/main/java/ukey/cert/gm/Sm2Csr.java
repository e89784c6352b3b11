package ukey.cert.gm;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** PKCS#10 requests for SM2 keys: id-ecPublicKey with the SM2 curve, signed SM3withSM2 (Z with the default ID). */
public final class Sm2Csr {

    private Sm2Csr() {
    }

    /**
     * A CSR for the SM2 key, signed by signer: an {@link Sm2ContentSigner} over a token key, or any SM3withSM2
     * ContentSigner (BouncyCastle's JcaContentSignerBuilder("SM3withSM2") with its provider uses the default ID).
     * The signature is checked before it is returned, so a signer with a wrong Z or another key is caught here.
     */
    public static PKCS10CertificationRequest build(X500Name subject, SubjectPublicKeyInfo key, ContentSigner signer)
            throws GmFormatException {
        byte[] point = Sm2.uncompressedPoint(key);
        if (!Sm2.isSignatureAlgorithm(signer.getAlgorithmIdentifier())) {
            throw new IllegalArgumentException("an SM2 CSR is signed SM3withSM2, not "
                    + signer.getAlgorithmIdentifier().getAlgorithm().getId());
        }
        PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(subject,
                Sm2.publicKeyInfo(point)).build(signer);
        if (!Sm2Verifiers.isSelfSigned(csr)) {
            throw new IllegalStateException("the CSR's signature does not verify with its key and the default ID");
        }
        return csr;
    }
}
