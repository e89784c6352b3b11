package ukey.cert.gm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 facts every caller needs the same way: the curve, SM2 public keys as SubjectPublicKeyInfo (id-ecPublicKey
 * with curve 1.2.156.10197.1.301), the signature algorithm SM3withSM2 (1.2.156.10197.1.501, with or without NULL
 * parameters), Z and e = SM3(Z || M) with the default ID "1234567812345678", and the two forms of a signature
 * (DER {r, s} and 64 bytes r || s).
 */
public final class Sm2 {

    /** The ID of GM/T 0009 that every CA and SKF library uses unless told otherwise. */
    public static final String DEFAULT_ID = "1234567812345678";
    public static final ASN1ObjectIdentifier CURVE = GMObjectIdentifiers.sm2p256v1;
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = GMObjectIdentifiers.sm2sign_with_sm3;
    public static final ASN1ObjectIdentifier SM3 = GMObjectIdentifiers.sm3;
    /** SM4 in ECB mode, the symmetric algorithm of GM/T 0009's SM2EnvelopedKey. */
    public static final ASN1ObjectIdentifier SM4_ECB = GMObjectIdentifiers.sms4_ecb;
    /** SM4 without a mode; GM/T 0009 envelopes from some CAs name it so, meaning ECB. */
    public static final ASN1ObjectIdentifier SM4 = GMObjectIdentifiers.sm_scheme.branch("104");

    static final X9ECParameters PARAMETERS = GMNamedCurves.getByOID(CURVE);
    static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMETERS);
    static final int FIELD_BYTES = 32;

    private Sm2() {
    }

    /** SM3withSM2 as OpenSSL and BouncyCastle write it: no parameters. */
    public static AlgorithmIdentifier signatureAlgorithm() {
        return new AlgorithmIdentifier(SM3_WITH_SM2);
    }

    /** Whether this is SM3withSM2 with absent or NULL parameters (some CAs write NULL). */
    public static boolean isSignatureAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1Encodable parameters = algorithm.getParameters();
        return SM3_WITH_SM2.equals(algorithm.getAlgorithm())
                && (parameters == null || DERNull.INSTANCE.equals(parameters.toASN1Primitive()));
    }

    /** Whether a public key is SM2: id-ecPublicKey with the SM2 curve, or (older certificates) the curve OID itself. */
    public static boolean isSm2(SubjectPublicKeyInfo key) {
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        return CURVE.equals(algorithm.getAlgorithm())
                || X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && algorithm.getParameters() != null && CURVE.equals(algorithm.getParameters().toASN1Primitive());
    }

    /** The SubjectPublicKeyInfo of an SM2 point given as 04 || X || Y (65 bytes). */
    public static SubjectPublicKeyInfo publicKeyInfo(byte[] uncompressedPoint) throws GmFormatException {
        ECPoint point = point(uncompressedPoint);
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, CURVE),
                point.getEncoded(false));
    }

    /** The point of an SM2 public key as 04 || X || Y (65 bytes), whether the key carried it compressed or not. */
    public static byte[] uncompressedPoint(SubjectPublicKeyInfo key) throws GmFormatException {
        if (!isSm2(key)) {
            throw new GmFormatException(GmFormatError.BAD_PUBLIC_KEY,
                    "not an SM2 key: " + key.getAlgorithm().getAlgorithm().getId());
        }
        try {
            ECPoint point = DOMAIN.getCurve().decodePoint(key.getPublicKeyData().getOctets());
            return DOMAIN.validatePublicPoint(point).getEncoded(false);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new GmFormatException(GmFormatError.BAD_PUBLIC_KEY, "the key is not a point on the SM2 curve", e);
        }
    }

    /** Whether two SM2 keys are the same point (their encodings may differ: compressed, curve named otherwise). */
    public static boolean sameKey(SubjectPublicKeyInfo a, SubjectPublicKeyInfo b) {
        try {
            return Arrays.equals(uncompressedPoint(a), uncompressedPoint(b));
        } catch (GmFormatException e) {
            return false;
        }
    }

    /** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) with the default ID. */
    public static byte[] z(SubjectPublicKeyInfo key) throws GmFormatException {
        return z(key, DEFAULT_ID.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] z(SubjectPublicKeyInfo key, byte[] id) throws GmFormatException {
        if (id.length > 8191) {
            throw new IllegalArgumentException("an SM2 ID is at most 8191 bytes");
        }
        ECPoint point = point(uncompressedPoint(key));
        SM3Digest sm3 = new SM3Digest();
        int bits = id.length * 8;
        sm3.update((byte) (bits >> 8));
        sm3.update((byte) bits);
        sm3.update(id, 0, id.length);
        for (BigInteger value : new BigInteger[] {PARAMETERS.getCurve().getA().toBigInteger(),
                PARAMETERS.getCurve().getB().toBigInteger(), PARAMETERS.getG().getAffineXCoord().toBigInteger(),
                PARAMETERS.getG().getAffineYCoord().toBigInteger(), point.getAffineXCoord().toBigInteger(),
                point.getAffineYCoord().toBigInteger()}) {
            byte[] bytes = BigIntegers.asUnsignedByteArray(FIELD_BYTES, value);
            sm3.update(bytes, 0, bytes.length);
        }
        byte[] z = new byte[32];
        sm3.doFinal(z, 0);
        return z;
    }

    /** e = SM3(Z || message) with the default ID: the 32 bytes an SKF key signs (SKF_ECCSignData). */
    public static byte[] digest(SubjectPublicKeyInfo key, byte[] message) throws GmFormatException {
        return digest(key, DEFAULT_ID.getBytes(StandardCharsets.US_ASCII), message);
    }

    public static byte[] digest(SubjectPublicKeyInfo key, byte[] id, byte[] message) throws GmFormatException {
        byte[] z = z(key, id);
        SM3Digest sm3 = new SM3Digest();
        sm3.update(z, 0, z.length);
        sm3.update(message, 0, message.length);
        byte[] e = new byte[32];
        sm3.doFinal(e, 0);
        return e;
    }

    /** Verifies a DER {r, s} SM3withSM2 signature over a message with the default ID. */
    public static boolean verify(SubjectPublicKeyInfo key, byte[] message, byte[] derSignature) {
        try {
            SM2Signer signer = new SM2Signer();
            signer.init(false, new ParametersWithID(new ECPublicKeyParameters(point(uncompressedPoint(key)), DOMAIN),
                    DEFAULT_ID.getBytes(StandardCharsets.US_ASCII)));
            signer.update(message, 0, message.length);
            return signer.verifySignature(derSignature);
        } catch (GmFormatException | IllegalArgumentException e) {
            return false;
        }
    }

    /** DER SEQUENCE { r, s } from 64 bytes r || s (an SKF ECCSIGNATUREBLOB's values without their padding). */
    public static byte[] derSignature(byte[] rs) throws GmFormatException {
        if (rs.length != 2 * FIELD_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_SIGNATURE_ENCODING,
                    "r || s must be 64 bytes, not " + rs.length);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, FIELD_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, FIELD_BYTES, 2 * FIELD_BYTES));
        checkSignatureValues(r, s);
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 64 bytes r || s from a DER SEQUENCE { r, s }. */
    public static byte[] rawSignature(byte[] derSignature) throws GmFormatException {
        ASN1Sequence sequence;
        try {
            sequence = ASN1Sequence.getInstance(Der.strict(derSignature));
        } catch (GmFormatException | IllegalArgumentException e) {
            throw new GmFormatException(GmFormatError.BAD_SIGNATURE_ENCODING, "not a DER SEQUENCE { r, s }", e);
        }
        if (sequence.size() != 2 || !(sequence.getObjectAt(0) instanceof ASN1Integer r)
                || !(sequence.getObjectAt(1) instanceof ASN1Integer s)) {
            throw new GmFormatException(GmFormatError.BAD_SIGNATURE_ENCODING, "not SEQUENCE { INTEGER, INTEGER }");
        }
        checkSignatureValues(r.getValue(), s.getValue());
        byte[] rs = new byte[2 * FIELD_BYTES];
        BigIntegers.asUnsignedByteArray(r.getValue(), rs, 0, FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(s.getValue(), rs, FIELD_BYTES, FIELD_BYTES);
        return rs;
    }

    private static void checkSignatureValues(BigInteger r, BigInteger s) throws GmFormatException {
        BigInteger n = DOMAIN.getN();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            throw new GmFormatException(GmFormatError.BAD_SIGNATURE_ENCODING, "r and s must lie in [1, n-1]");
        }
    }

    /** A point on the SM2 curve from 04 || X || Y; refuses compressed forms, infinity and points off the curve. */
    static ECPoint point(byte[] uncompressed) throws GmFormatException {
        if (uncompressed.length != 1 + 2 * FIELD_BYTES || uncompressed[0] != 0x04) {
            throw new GmFormatException(GmFormatError.BAD_PUBLIC_KEY,
                    "an SM2 public key is 04 || X || Y (65 bytes), not " + uncompressed.length + " bytes");
        }
        try {
            return DOMAIN.validatePublicPoint(DOMAIN.getCurve().decodePoint(uncompressed));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new GmFormatException(GmFormatError.BAD_PUBLIC_KEY, "the point is not on the SM2 curve", e);
        }
    }
}
