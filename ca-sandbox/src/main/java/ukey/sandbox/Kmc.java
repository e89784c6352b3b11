package ukey.sandbox;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.BigIntegers;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Cipher;
import ukey.cert.gm.Sm2EnvelopedKey;

/**
 * The key-management centre of the SM2 CA (GM/T 0034 §12.2): for every SM2 renewal a fresh encryption key pair, its
 * certificate (same subject as the signing certificate, key usage keyEncipherment, dataEncipherment and keyAgreement),
 * and its private key enveloped (GM/T 0009) to the NEW signing public key of the CSR. The private key is not kept.
 */
final class Kmc {

    private static final X9ECParameters CURVE = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X500Name HOSTILE_SUBJECT = new X500Name("CN=李四,O=UKey Sandbox Hostile,C=CN");

    private final Issuer issuer;

    Kmc(Issuer issuer) {
        this.issuer = issuer;
    }

    /** The encryption half of a dual-certificate renewal: its certificate and the envelope DER. */
    record EncryptionPair(X509Certificate certificate, byte[] envelope) {
    }

    /**
     * A new encryption pair for the holder of signingKey. privateKeyBytes 32 (SM4-ECB of d, the standard's) or 64
     * (of 32 zero bytes || d, for SKF libraries that want GmSSL v2's full 64-byte field).
     */
    EncryptionPair issue(SubjectPublicKeyInfo signingKey, X500Name subject, Instant notBefore, Instant notAfter,
                         HostileEnvelope hostile, int privateKeyBytes) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, CURVE.getN().subtract(BigInteger.ONE), RANDOM);
        byte[] publicKey = CURVE.getG().multiply(d).normalize().getEncoded(false);
        SubjectPublicKeyInfo encryptionKey = spki(publicKey);
        SubjectPublicKeyInfo certified = hostile == HostileEnvelope.CERTIFICATE_MISMATCH ? freshKey() : encryptionKey;
        X500Name certifiedSubject = hostile == HostileEnvelope.OTHER_SUBJECT ? HOSTILE_SUBJECT : subject;
        X509Certificate certificate = issuer.issue(certified, certifiedSubject, notBefore, notAfter, List.of(usage()));
        if (hostile == HostileEnvelope.GARBAGE) {
            byte[] garbage = new byte[96];
            RANDOM.nextBytes(garbage);
            return new EncryptionPair(certificate, der(new DERSequence(new DEROctetString(garbage))));
        }
        SubjectPublicKeyInfo recipient = hostile == HostileEnvelope.OTHER_KEY ? freshKey() : signingKey;
        return new EncryptionPair(certificate, envelope(recipient, d, publicKey, privateKeyBytes));
    }

    private static byte[] envelope(SubjectPublicKeyInfo recipient, BigInteger d, byte[] publicKey,
                                   int privateKeyBytes) {
        byte[] sm4Key = new byte[16];
        RANDOM.nextBytes(sm4Key);
        byte[] plain = new byte[privateKeyBytes];
        BigIntegers.asUnsignedByteArray(d, plain, privateKeyBytes - 32, 32);
        try {
            SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
            sm2.init(true, new ParametersWithRandom((ECPublicKeyParameters) PublicKeyFactory.createKey(recipient),
                    RANDOM));
            byte[] encryptedKey = sm2.processBlock(sm4Key, 0, sm4Key.length);
            return Sm2EnvelopedKey.of(Sm2Cipher.fromC1C3C2(encryptedKey), publicKey, sm4Ecb(sm4Key, plain))
                    .getEncoded();
        } catch (IOException | InvalidCipherTextException | GmFormatException e) {
            throw new IllegalStateException("cannot envelope the encryption key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * GM/T 0092 CSRResponse as base64 DER: SEQUENCE { SET { signing certificate }, [0] EXPLICIT envelope, [1]
     * IMPLICIT SET { encryption certificate } } (emmansun/gmsm's tagging). A signing "certificate" that is not one
     * (a hostile garbage answer) goes in as an OCTET STRING.
     */
    static String csrResponse(byte[] signingCertificate, EncryptionPair pair) {
        ASN1Encodable signing;
        try {
            signing = Certificate.getInstance(ASN1Primitive.fromByteArray(signingCertificate));
        } catch (IOException | RuntimeException garbage) {
            signing = new DEROctetString(signingCertificate);
        }
        ASN1Encodable[] fields = {
            new DERSet(signing),
            new DERTaggedObject(true, 0, primitive(pair.envelope())),
            new DERTaggedObject(false, 1, new DERSet(Certificate.getInstance(Certs.der(pair.certificate()))))};
        return Base64.getEncoder().encodeToString(der(new DERSequence(fields)));
    }

    private static Extension usage() {
        try {
            return new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment
                    | KeyUsage.dataEncipherment | KeyUsage.keyAgreement).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SubjectPublicKeyInfo freshKey() {
        return Issuer.spki(Sm2Keys.keyPair().getPublic());
    }

    private static SubjectPublicKeyInfo spki(byte[] point) {
        try {
            return Sm2.publicKeyInfo(point);
        } catch (GmFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sm4Ecb(byte[] key, byte[] plain) {
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(key));
        byte[] out = new byte[plain.length];
        for (int i = 0; i < plain.length; i += 16) {
            engine.processBlock(plain, i, out, i);
        }
        return out;
    }

    private static ASN1Primitive primitive(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
