package ukey.sandbox;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import ukey.cert.gm.Sm2Verifiers;

/** Signature checks of requests and certificates: SM2 with Z over the default ID, RSA and EC through the JDK. */
final class SignatureChecks {

    private SignatureChecks() {
    }

    /** The CSR is signed by its own key. */
    static boolean provesPossession(PKCS10CertificationRequest csr) {
        if (Sm2Keys.isSm2(csr.getSubjectPublicKeyInfo())) {
            return Sm2Verifiers.isSelfSigned(csr);
        }
        try {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return false;
        }
    }

    /** The certificate's signature verifies with the issuer's key. */
    static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (Sm2Keys.isSm2(issuer.getPublicKey())) {
            return Sm2Verifiers.isSignedBy(Certs.holder(certificate), Issuer.spki(issuer.getPublicKey()));
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
