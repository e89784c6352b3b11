package ukey.token.sm2;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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
 * SM2 signatures as a token makes them (GM/T 0003, GM/T 0009): the token signs a 32-byte digest e that the client
 * computed, e = SM3(Z ‖ M) with Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) and the default ID
 * "1234567812345678"; the signature travels as DER SEQUENCE { r INTEGER, s INTEGER }. Z mistakes are the commonest
 * SM2 interop bug, so {@link #verify} checks with BouncyCastle's own SM2Signer, which computes Z by itself.
 */
public final class Sm2 {

    /** The ID every CA and GM/T 0009 use unless told otherwise. */
    public static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    /** SM3withSM2, 1.2.156.10197.1.501. */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = GMObjectIdentifiers.sm2sign_with_sm3;

    private static final X9ECParameters CURVE = GMNamedCurves.getByName("sm2p256v1");
    public static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

    private Sm2() {
    }

    /** Z for a public key and an ID (at most 8191 bytes: ENTL is the ID's length in bits, 16 bits wide). */
    public static byte[] z(ECPoint publicKey, byte[] id) {
        SM3Digest sm3 = new SM3Digest();
        int bits = id.length * 8;
        sm3.update((byte) (bits >> 8));
        sm3.update((byte) bits);
        sm3.update(id, 0, id.length);
        ECPoint key = publicKey.normalize();
        for (BigInteger value : new BigInteger[] {CURVE.getCurve().getA().toBigInteger(),
                CURVE.getCurve().getB().toBigInteger(), CURVE.getG().getAffineXCoord().toBigInteger(),
                CURVE.getG().getAffineYCoord().toBigInteger(), key.getAffineXCoord().toBigInteger(),
                key.getAffineYCoord().toBigInteger()}) {
            byte[] field = BigIntegers.asUnsignedByteArray(32, value);
            sm3.update(field, 0, field.length);
        }
        return finish(sm3);
    }

    /** e = SM3(Z ‖ M) with the default ID: what SKF_ECCSignData signs. */
    public static byte[] digest(ECPoint publicKey, byte[] message) {
        SM3Digest sm3 = new SM3Digest();
        byte[] z = z(publicKey, DEFAULT_ID);
        sm3.update(z, 0, z.length);
        sm3.update(message, 0, message.length);
        return finish(sm3);
    }

    private static byte[] finish(SM3Digest sm3) {
        byte[] out = new byte[sm3.getDigestSize()];
        sm3.doFinal(out, 0);
        return out;
    }

    /** DER SEQUENCE { r, s }. */
    public static byte[] der(BigInteger r, BigInteger s) {
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new ASN1Integer(r));
        vector.add(new ASN1Integer(s));
        try {
            return new DERSequence(vector).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies a DER signature over a message with the default ID, by BouncyCastle's SM2Signer. */
    public static boolean verify(ECPoint publicKey, byte[] message, byte[] derSignature) {
        SM2Signer verifier = new SM2Signer();
        verifier.init(false, new ParametersWithID(new ECPublicKeyParameters(publicKey, DOMAIN), DEFAULT_ID));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(derSignature);
    }

    /** The SubjectPublicKeyInfo of an SM2 key: id-ecPublicKey on the curve 1.2.156.10197.1.301. */
    public static SubjectPublicKeyInfo publicKeyInfo(ECPoint publicKey) {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                GMObjectIdentifiers.sm2p256v1), publicKey.getEncoded(false));
    }

    /** The point of an SM2 SubjectPublicKeyInfo; IllegalArgumentException when it is not an SM2 key. */
    public static ECPoint point(SubjectPublicKeyInfo info) {
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        boolean sm2 = GMObjectIdentifiers.sm2p256v1.equals(algorithm.getParameters())
                || GMObjectIdentifiers.sm2p256v1.equals(algorithm.getAlgorithm());
        if (!sm2) {
            throw new IllegalArgumentException("not an SM2 public key: " + algorithm.getAlgorithm());
        }
        return CURVE.getCurve().decodePoint(info.getPublicKeyData().getBytes());
    }

    /** True when the key is an SM2 key (by its curve). */
    public static boolean isSm2(SubjectPublicKeyInfo info) {
        try {
            point(info);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A point from its affine coordinates; IllegalArgumentException when it is not on the curve. */
    public static ECPoint point(BigInteger x, BigInteger y) {
        return CURVE.getCurve().validatePoint(x, y);
    }
}
