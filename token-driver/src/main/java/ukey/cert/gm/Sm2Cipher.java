package ukey.cert.gm;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * GM/T 0009 SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (32),
 * CipherText OCTET STRING }: an SM2 ciphertext C1 (the point), C3 (the SM3 hash) and C2. The same values as the raw
 * form C1 || C3 || C2 (04 || X || Y || HASH || C2), which BouncyCastle's SM2Engine writes in its C1C3C2 mode.
 */
public final class Sm2Cipher {

    private final BigInteger x;
    private final BigInteger y;
    private final byte[] hash;
    private final byte[] cipherText;

    private Sm2Cipher(BigInteger x, BigInteger y, byte[] hash, byte[] cipherText) {
        this.x = x;
        this.y = y;
        this.hash = hash.clone();
        this.cipherText = cipherText.clone();
    }

    /** Checks the values: C1 a point on the curve, HASH 32 bytes, a ciphertext of at least one byte. */
    public static Sm2Cipher of(BigInteger x, BigInteger y, byte[] hash, byte[] cipherText) throws GmFormatException {
        if (x.signum() < 0 || y.signum() < 0 || x.bitLength() > 256 || y.bitLength() > 256) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "C1's coordinates are not 256-bit values");
        }
        try {
            Sm2.point(uncompressed(x, y));
        } catch (GmFormatException e) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "C1 is not a point on the SM2 curve", e);
        }
        if (hash.length != 32) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "HASH must be 32 bytes, not " + hash.length);
        }
        if (cipherText.length == 0) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "the ciphertext is empty");
        }
        return new Sm2Cipher(x, y, hash, cipherText);
    }

    /** From C1 || C3 || C2 with C1 uncompressed (04 || X || Y), as BouncyCastle's SM2Engine (C1C3C2) writes it. */
    public static Sm2Cipher fromC1C3C2(byte[] raw) throws GmFormatException {
        int c1 = 1 + 2 * Sm2.FIELD_BYTES;
        if (raw.length <= c1 + 32 || raw[0] != 0x04) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "not 04 || X || Y || HASH || C2");
        }
        return of(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, c1)),
                Arrays.copyOfRange(raw, c1, c1 + 32), Arrays.copyOfRange(raw, c1 + 32, raw.length));
    }

    /** Parses the DER of an SM2Cipher strictly. */
    public static Sm2Cipher fromDer(byte[] der) throws GmFormatException {
        try {
            return fromAsn1(Der.strict(der));
        } catch (GmFormatException e) {
            throw e.error() == GmFormatError.NOT_DER
                    ? new GmFormatException(GmFormatError.BAD_SM2_CIPHER, e.getMessage(), e) : e;
        }
    }

    static Sm2Cipher fromAsn1(ASN1Encodable object) throws GmFormatException {
        if (!(object.toASN1Primitive() instanceof ASN1Sequence sequence) || sequence.size() != 4
                || !(sequence.getObjectAt(0) instanceof ASN1Integer x)
                || !(sequence.getObjectAt(1) instanceof ASN1Integer y)
                || !(sequence.getObjectAt(2) instanceof ASN1OctetString hash)
                || !(sequence.getObjectAt(3) instanceof ASN1OctetString cipherText)) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER,
                    "not SEQUENCE { INTEGER, INTEGER, OCTET STRING, OCTET STRING }");
        }
        return of(x.getValue(), y.getValue(), hash.getOctets(), cipherText.getOctets());
    }

    public DERSequence toAsn1() {
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(x), new ASN1Integer(y), new DEROctetString(hash),
            new DEROctetString(cipherText)});
    }

    public byte[] getEncoded() {
        return Der.encode(toAsn1());
    }

    /** C1 || C3 || C2 with C1 as 04 || X || Y: what BouncyCastle's SM2Engine in C1C3C2 mode decrypts. */
    public byte[] toC1C3C2() {
        byte[] c1 = uncompressed(x, y);
        byte[] raw = Arrays.copyOf(c1, c1.length + hash.length + cipherText.length);
        System.arraycopy(hash, 0, raw, c1.length, hash.length);
        System.arraycopy(cipherText, 0, raw, c1.length + hash.length, cipherText.length);
        return raw;
    }

    public BigInteger x() {
        return x;
    }

    public BigInteger y() {
        return y;
    }

    /** C3 = SM3(x2 || M || y2), 32 bytes. */
    public byte[] hash() {
        return hash.clone();
    }

    /** C2, as long as the plaintext. */
    public byte[] cipherText() {
        return cipherText.clone();
    }

    private static byte[] uncompressed(BigInteger x, BigInteger y) {
        byte[] point = new byte[1 + 2 * Sm2.FIELD_BYTES];
        point[0] = 0x04;
        BigIntegers.asUnsignedByteArray(x, point, 1, Sm2.FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(y, point, 1 + Sm2.FIELD_BYTES, Sm2.FIELD_BYTES);
        return point;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sm2Cipher that && Arrays.equals(getEncoded(), that.getEncoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(getEncoded());
    }
}
