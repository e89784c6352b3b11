package ukey.sandbox;

import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The key algorithms a CA certifies (the directory's `algorithms`): an SM2 CA certifies SM2 keys only, each
 * renewal with a KMC encryption pair; any other CA RSA and EC keys.
 *
 * @param sm2 whether the issuing CA's key is SM2
 */
record CertifiedAlgorithms(boolean sm2) {

    static final List<String> CLASSIC = List.of("RSA-2048", "RSA-3072", "RSA-4096", "EC-P256", "EC-P384");
    static final List<String> SM2 = List.of("SM2");

    static CertifiedAlgorithms of(CaKeys ca) {
        return new CertifiedAlgorithms(Sm2Keys.isSm2(ca.issuing().getPublicKey()));
    }

    List<String> names() {
        return sm2 ? SM2 : CLASSIC;
    }

    boolean certifies(SubjectPublicKeyInfo key) {
        String algorithm = Certs.keyAlgorithm(key);
        return algorithm != null && names().contains(algorithm);
    }
}
