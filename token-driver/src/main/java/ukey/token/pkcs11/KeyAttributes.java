package ukey.token.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import ukey.token.TokenError;
import ukey.token.TokenException;

/** Key facts decoded from the attribute values a token returns: the public key they spell, the key type. */
final class KeyAttributes {

    private KeyAttributes() {
    }

    /** The attributes {@link #publicKey} reads, RSA or EC; a fresh array each time, as callers may not share one. */
    static long[] publicKeyTypes() {
        return new long[] {Ck.CKA_KEY_TYPE, Ck.CKA_MODULUS, Ck.CKA_PUBLIC_EXPONENT, Ck.CKA_EC_PARAMS, Ck.CKA_EC_POINT};
    }

    static SubjectPublicKeyInfo publicKey(Map<Long, byte[]> values) throws TokenException {
        try {
            if (values.containsKey(Ck.CKA_MODULUS) && values.containsKey(Ck.CKA_PUBLIC_EXPONENT)) {
                return rsaPublicKey(values);
            }
            if (values.containsKey(Ck.CKA_EC_PARAMS) && values.containsKey(Ck.CKA_EC_POINT)) {
                ASN1Encodable params = ASN1Primitive.fromByteArray(values.get(Ck.CKA_EC_PARAMS));
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params),
                        ecPoint(values.get(Ck.CKA_EC_POINT)));
            }
        } catch (IOException | RuntimeException e) {
            throw new TokenException(TokenError.OTHER, null, "public key attributes do not decode", null, e);
        }
        throw new TokenException(TokenError.NOT_SUPPORTED, null, "public key of unknown type", null, null);
    }

    /** From CKA_MODULUS and CKA_PUBLIC_EXPONENT, which an RSA private key shows as well as its public half. */
    static SubjectPublicKeyInfo rsaPublicKey(Map<Long, byte[]> values) throws IOException {
        return new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(new BigInteger(1, values.get(Ck.CKA_MODULUS)),
                        new BigInteger(1, values.get(Ck.CKA_PUBLIC_EXPONENT))));
    }

    /** CKA_KEY_TYPE as a number, or -1 when the token did not give it. */
    static long keyType(Map<Long, byte[]> values) {
        byte[] type = values.get(Ck.CKA_KEY_TYPE);
        return type == null ? -1 : nativeUlong(type);
    }

    /** CKA_EC_POINT is a DER OCTET STRING holding the point; some tokens give the bare point. */
    private static byte[] ecPoint(byte[] value) {
        try {
            byte[] inner = ASN1OctetString.getInstance(value).getOctets();
            if (inner.length % 2 == 1 && inner[0] == 0x04) {
                return inner;
            }
        } catch (RuntimeException notDer) {
            // fall through: the bare point
        }
        return value;
    }

    /** A CK_ULONG attribute value in the host's byte order: little-endian on x86-64 and arm64. */
    private static long nativeUlong(byte[] value) {
        long result = 0;
        for (int i = value.length - 1; i >= 0; i--) {
            result = (result << 8) | (value[i] & 0xff);
        }
        return result;
    }
}
