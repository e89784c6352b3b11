package ukey.token.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * A reference for the GM formats made from BouncyCastle's primitives only (never the code under test): a KMC that
 * envelopes a fresh SM2 key pair to a signing public key (GM/T 0009 SM2EnvelopedKey DER), and a token that opens an
 * SKF ENVELOPEDKEYBLOB with the signing private key in each private-key layout, as softskf and a real key would.
 */
public final class GmReference {

    public static final X9ECParameters CURVE = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    public static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private GmReference() {
    }

    public static KeyPair sm2KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", TestCertificates.BC);
            generator.initialize(new ECGenParameterSpec("sm2p256v1"), RANDOM);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a KMC made: the key pair it enveloped and the envelope's DER. */
    public record Envelope(BigInteger d, ECPoint publicKey, byte[] der) {
    }

    /** Envelopes a fresh key pair: SM4-ECB over d (32 bytes) or over 32 zero bytes || d (64), key to signingKey. */
    public static Envelope envelope(KeyPair signingKey, int encryptedPrivateKeyBytes) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, DOMAIN.getN().subtract(BigInteger.ONE), RANDOM);
        return envelope(signingKey, d, encryptedPrivateKeyBytes);
    }

    public static Envelope envelope(KeyPair signingKey, BigInteger d, int encryptedPrivateKeyBytes) {
        byte[] sm4Key = new byte[16];
        RANDOM.nextBytes(sm4Key);
        byte[] plain = new byte[encryptedPrivateKeyBytes];
        BigIntegers.asUnsignedByteArray(d, plain, encryptedPrivateKeyBytes - 32, 32);
        if (encryptedPrivateKeyBytes == 48) { // d then a PKCS#7 padding block
            plain = Arrays.copyOf(BigIntegers.asUnsignedByteArray(32, d), 48);
            Arrays.fill(plain, 32, 48, (byte) 16);
        }
        byte[] c1c3c2 = sm2Encrypt(publicParameters(signingKey), sm4Key);
        ECPoint publicKey = DOMAIN.getG().multiply(d).normalize();
        ASN1Encodable[] cipher = {
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c1c3c2, 1, 33))),
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c1c3c2, 33, 65))),
            new DEROctetString(Arrays.copyOfRange(c1c3c2, 65, 97)),
            new DEROctetString(Arrays.copyOfRange(c1c3c2, 97, c1c3c2.length))};
        ASN1Encodable[] fields = {
            new AlgorithmIdentifier(GMObjectIdentifiers.sms4_ecb, DERNull.INSTANCE),
            new DERSequence(cipher),
            new DERBitString(publicKey.getEncoded(false)),
            new DERBitString(sm4(true, sm4Key, plain))};
        try {
            return new Envelope(d, publicKey, new DERSequence(fields).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens an ENVELOPEDKEYBLOB as an SKF key would: the SM4 key from the cipher blob with the signing private key,
     * then d from cbEncryptedPriKey in the given layout ("right", "left", "full64"); checks d·G equals PubKey.
     */
    public static BigInteger openBlob(byte[] blob, KeyPair signingKey, String layout)
            throws InvalidCipherTextException {
        ByteBuffer header = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.length != 388 || header.getInt(0) != 1 || header.getInt(4) != 0x401 || header.getInt(8) != 256
                || header.getInt(76) != 256 || header.getInt(208 + 160) != 16) {
            throw new IllegalArgumentException("not an ENVELOPEDKEYBLOB with a 16-byte SM4 key");
        }
        byte[] c1c3c2 = new byte[1 + 64 + 32 + 16];
        c1c3c2[0] = 0x04;
        System.arraycopy(blob, 208 + 32, c1c3c2, 1, 32);
        System.arraycopy(blob, 208 + 64 + 32, c1c3c2, 33, 32);
        System.arraycopy(blob, 208 + 128, c1c3c2, 65, 32);
        System.arraycopy(blob, 208 + 164, c1c3c2, 97, 16);
        byte[] sm4Key = sm2Decrypt(privateParameters(signingKey), c1c3c2);
        byte[] field = Arrays.copyOfRange(blob, 12, 76);
        byte[] d = switch (layout) {
            case "right" -> sm4(false, sm4Key, Arrays.copyOfRange(field, 32, 64));
            case "left" -> sm4(false, sm4Key, Arrays.copyOfRange(field, 0, 32));
            case "full64" -> Arrays.copyOfRange(sm4(false, sm4Key, field), 32, 64);
            default -> throw new IllegalArgumentException(layout);
        };
        BigInteger value = new BigInteger(1, d);
        ECPoint blobKey = DOMAIN.getCurve().createPoint(
                new BigInteger(1, Arrays.copyOfRange(blob, 76 + 4 + 32, 76 + 68)),
                new BigInteger(1, Arrays.copyOfRange(blob, 76 + 68 + 32, 76 + 132)));
        if (!DOMAIN.getG().multiply(value).normalize().equals(blobKey.normalize())) {
            throw new IllegalArgumentException("d·G is not the blob's public key");
        }
        return value;
    }

    /** Opens a GM/T 0009 envelope DER with the signing private key; checks d·G against sm2PublicKey. */
    public static BigInteger openEnvelope(byte[] der, KeyPair signingKey) throws Exception {
        org.bouncycastle.asn1.ASN1Sequence envelope = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        org.bouncycastle.asn1.ASN1Sequence cipher = org.bouncycastle.asn1.ASN1Sequence.getInstance(
                envelope.getObjectAt(1));
        byte[] c1c3c2 = new byte[1 + 64 + 32 + 16];
        c1c3c2[0] = 0x04;
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(cipher.getObjectAt(0)).getValue(), c1c3c2, 1, 32);
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(cipher.getObjectAt(1)).getValue(), c1c3c2, 33, 32);
        System.arraycopy(DEROctetString.getInstance(cipher.getObjectAt(2)).getOctets(), 0, c1c3c2, 65, 32);
        System.arraycopy(DEROctetString.getInstance(cipher.getObjectAt(3)).getOctets(), 0, c1c3c2, 97, 16);
        byte[] sm4Key = sm2Decrypt(privateParameters(signingKey), c1c3c2);
        byte[] encrypted = DERBitString.getInstance(envelope.getObjectAt(3)).getOctets();
        byte[] plain = sm4(false, sm4Key, encrypted);
        BigInteger d = new BigInteger(1, encrypted.length == 48 ? Arrays.copyOf(plain, 32)
                : Arrays.copyOfRange(plain, plain.length - 32, plain.length));
        byte[] publicKey = DERBitString.getInstance(envelope.getObjectAt(2)).getOctets();
        if (!Arrays.equals(DOMAIN.getG().multiply(d).normalize().getEncoded(false), publicKey)) {
            throw new IllegalArgumentException("d·G is not the envelope's public key");
        }
        return d;
    }

    /** A raw SM2 signature (r || s, 64 bytes) of a 32-byte digest e, as SKF_ECCSignData makes it. */
    public static byte[] signDigest(KeyPair key, byte[] e) {
        BigInteger n = DOMAIN.getN();
        BigInteger d = privateParameters(key).getD();
        BigInteger eValue = new BigInteger(1, e);
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
            BigInteger x1 = DOMAIN.getG().multiply(k).normalize().getAffineXCoord().toBigInteger();
            BigInteger r = eValue.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = d.add(BigInteger.ONE).modInverse(n).multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                byte[] rs = new byte[64];
                BigIntegers.asUnsignedByteArray(r, rs, 0, 32);
                BigIntegers.asUnsignedByteArray(s, rs, 32, 32);
                return rs;
            }
        }
    }

    public static byte[] sm2Encrypt(ECPublicKeyParameters key, byte[] plain) {
        try {
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(true, new ParametersWithRandom(key, RANDOM));
            return engine.processBlock(plain, 0, plain.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sm2Decrypt(ECPrivateKeyParameters key, byte[] c1c3c2) throws InvalidCipherTextException {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, key);
        return engine.processBlock(c1c3c2, 0, c1c3c2.length);
    }

    public static byte[] sm4(boolean encrypt, byte[] key, byte[] data) {
        SM4Engine engine = new SM4Engine();
        engine.init(encrypt, new KeyParameter(key));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += 16) {
            engine.processBlock(data, i, out, i);
        }
        return out;
    }

    public static ECPublicKeyParameters publicParameters(KeyPair key) {
        try {
            return (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key.getPublic());
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ECPrivateKeyParameters privateParameters(KeyPair key) {
        try {
            return (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key.getPrivate());
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
