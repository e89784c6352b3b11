package ukey.cert;

import java.io.IOException;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/** Short, familiar names for key and signature algorithms ("RSA-2048", "SM2", "SHA256withRSA", "SM3withSM2"). */
final class AlgorithmNames {

    /** The SM2 curve; certificates name it as the EC curve, some older ones as the key algorithm itself. */
    static final ASN1ObjectIdentifier SM2_CURVE = GMObjectIdentifiers.sm2p256v1;

    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.ofEntries(
            Map.entry(PKCSObjectIdentifiers.md5WithRSAEncryption, "MD5withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA1withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha224WithRSAEncryption, "SHA224withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA1, "SHA1withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA224, "SHA224withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA"),
            Map.entry(GMObjectIdentifiers.sm2sign_with_sm3, "SM3withSM2"),
            Map.entry(X9ObjectIdentifiers.id_dsa_with_sha1, "SHA1withDSA"),
            Map.entry(NISTObjectIdentifiers.dsa_with_sha256, "SHA256withDSA"),
            Map.entry(EdECObjectIdentifiers.id_Ed25519, "Ed25519"),
            Map.entry(EdECObjectIdentifiers.id_Ed448, "Ed448"));

    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            OIWObjectIdentifiers.idSHA1, "SHA1",
            NISTObjectIdentifiers.id_sha224, "SHA224",
            NISTObjectIdentifiers.id_sha256, "SHA256",
            NISTObjectIdentifiers.id_sha384, "SHA384",
            NISTObjectIdentifiers.id_sha512, "SHA512",
            GMObjectIdentifiers.sm3, "SM3");

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp224r1, "EC-P224",
            SECObjectIdentifiers.secp256r1, "EC-P256",
            SECObjectIdentifiers.secp384r1, "EC-P384",
            SECObjectIdentifiers.secp521r1, "EC-P521",
            SM2_CURVE, "SM2");

    private AlgorithmNames() {
    }

    /** "RSA-2048", "EC-P256", "SM2", "EC-secp256k1", "Ed25519", ... or the OID when nothing better is known. */
    static String keyAlgorithm(SubjectPublicKeyInfo key) throws IOException {
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA-" + RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return "RSASSA-PSS-" + RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return ecKeyName(algorithm.getParameters());
        }
        if (oid.equals(SM2_CURVE)) {
            return "SM2";
        }
        if (oid.equals(X9ObjectIdentifiers.id_dsa) && algorithm.getParameters() != null) {
            return "DSA-" + DSAParameter.getInstance(algorithm.getParameters()).getP().bitLength();
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return "Ed448";
        }
        if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
            return "X25519";
        }
        if (oid.equals(EdECObjectIdentifiers.id_X448)) {
            return "X448";
        }
        return oid.getId();
    }

    private static String ecKeyName(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier curve) {
            String known = CURVES.get(curve);
            if (known != null) {
                return known;
            }
            String name = ECNamedCurveTable.getName(curve);
            return "EC-" + (name != null ? name : curve.getId());
        }
        if (parameters == null || parameters.toASN1Primitive() instanceof ASN1Null) {
            return "EC"; // implicitlyCA: the curve is the issuer's
        }
        return "EC-explicit-" + X9ECParameters.getInstance(parameters).getCurve().getFieldSize();
    }

    /** "SHA256withRSA", "SHA256withECDSA", "SM3withSM2", "SHA256withRSA/PSS", ... */
    static String signatureAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String known = SIGNATURES.get(oid);
        if (known != null) {
            return known;
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            // Absent parameters mean the defaults (SHA-1).
            RSASSAPSSparams parameters = algorithm.getParameters() == null
                    ? new RSASSAPSSparams() : RSASSAPSSparams.getInstance(algorithm.getParameters());
            ASN1ObjectIdentifier digest = parameters.getHashAlgorithm().getAlgorithm();
            return DIGESTS.getOrDefault(digest, digest.getId()) + "withRSA/PSS";
        }
        // BouncyCastle knows many more; it spells them "SHA3-256WITHRSA", or gives the OID back.
        return new DefaultAlgorithmNameFinder().getAlgorithmName(oid).replace("WITH", "with");
    }
}
