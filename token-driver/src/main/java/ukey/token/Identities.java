package ukey.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ukey.cert.CertificateInfo;

/**
 * How PKCS#11 certificates become identities. PKCS#11 has no containers: each certificate object is one
 * identity with one half, named by its CKA_ID (hex) and its label. The half is ENCRYPT when the certificate's key
 * usage allows encryption or key agreement (keyEncipherment, dataEncipherment, keyAgreement) and neither signing
 * usage (digitalSignature, nonRepudiation); otherwise SIGN, also when the certificate has no key usage or does
 * not parse. Two certificates sharing one CKA_ID stay two identities with the same id, as they are two
 * certificate objects today.
 */
public final class Identities {

    private static final List<String> SIGNING = List.of("digitalSignature", "nonRepudiation");
    private static final List<String> ENCRYPTING = List.of("keyEncipherment", "dataEncipherment", "keyAgreement");

    private Identities() {
    }

    public static List<Identity> fromPkcs11(List<TokenCertificate> certificates) {
        List<Identity> identities = new ArrayList<>();
        for (TokenCertificate certificate : certificates) {
            KeyHalf.Usage usage = usage(certificate.info());
            KeyHalf half = KeyHalf.of(usage, certificate.value(), certificate.hasPrivateKey());
            String algorithm = certificate.info().map(Identities::algorithm).orElse("");
            identities.add(new Identity(certificate.idHex(), certificate.label(), Backend.PKCS11, Optional.empty(),
                    usage == KeyHalf.Usage.SIGN ? Optional.of(half) : Optional.empty(),
                    usage == KeyHalf.Usage.ENCRYPT ? Optional.of(half) : Optional.empty(), algorithm));
        }
        return List.copyOf(identities);
    }

    /** Which half a certificate's key usage makes it. */
    public static KeyHalf.Usage usage(Optional<CertificateInfo> info) {
        if (info.isEmpty() || !info.get().hasKeyUsage()) {
            return KeyHalf.Usage.SIGN;
        }
        List<String> usages = info.get().keyUsage();
        boolean signs = usages.stream().anyMatch(SIGNING::contains);
        boolean encrypts = usages.stream().anyMatch(ENCRYPTING::contains);
        return encrypts && !signs ? KeyHalf.Usage.ENCRYPT : KeyHalf.Usage.SIGN;
    }

    private static String algorithm(CertificateInfo info) {
        String name = info.keyAlgorithm();
        return name.startsWith("SM2") ? "SM2" : name.startsWith("RSA") ? "RSA" : name.startsWith("EC") ? "EC" : "";
    }
}
