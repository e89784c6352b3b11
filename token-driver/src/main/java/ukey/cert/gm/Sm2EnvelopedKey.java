package ukey.cert.gm;

import java.util.Arrays;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * GM/T 0009 SM2EnvelopedKey ::= SEQUENCE { symAlgID AlgorithmIdentifier, symEncryptedKey SM2Cipher,
 * sm2PublicKey BIT STRING, sm2EncryptedPrivateKey BIT STRING }: an SM2 key pair made by a CA's KMC, its private key
 * d encrypted with a random SM4 key in ECB mode, that SM4 key SM2-encrypted to the holder's signing public key.
 *
 * <p>Parsing is strict: DER only; symAlgID SM4-ECB (1.2.156.10197.1.104.1) or plain SM4 (…104), parameters absent
 * or NULL; the SM4 key 16 bytes; the public key 04 || X || Y on the curve; the encrypted private key 32 bytes
 * (SM4-ECB of d), 48 (with a PKCS#7 padding block) or 64 (of 32 zero bytes || d). Nothing here decrypts: the SM4 key
 * can only be opened with the signing private key, on the token.
 */
public final class Sm2EnvelopedKey {

    private static final int SM4_KEY_BYTES = 16;

    private final AlgorithmIdentifier symmetricAlgorithm;
    private final Sm2Cipher encryptedKey;
    private final byte[] publicKey;
    private final byte[] encryptedPrivateKey;

    private Sm2EnvelopedKey(AlgorithmIdentifier symmetricAlgorithm, Sm2Cipher encryptedKey, byte[] publicKey,
                            byte[] encryptedPrivateKey) {
        this.symmetricAlgorithm = symmetricAlgorithm;
        this.encryptedKey = encryptedKey;
        this.publicKey = publicKey.clone();
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
    }

    /**
     * An envelope from its parts, symAlgID SM4-ECB with NULL parameters (as emmansun/gmsm writes it).
     *
     * @param encryptedKey the SM4 key SM2-encrypted to the signing public key
     * @param publicKey the enveloped key pair's public key, 04 || X || Y
     * @param encryptedPrivateKey SM4-ECB ciphertext of d (32 bytes) or of 32 zero bytes || d (64 bytes)
     */
    public static Sm2EnvelopedKey of(Sm2Cipher encryptedKey, byte[] publicKey, byte[] encryptedPrivateKey)
            throws GmFormatException {
        return checked(new AlgorithmIdentifier(Sm2.SM4_ECB, DERNull.INSTANCE), encryptedKey, publicKey,
                encryptedPrivateKey);
    }

    public static Sm2EnvelopedKey fromDer(byte[] der) throws GmFormatException {
        return fromAsn1(Der.strict(der));
    }

    static Sm2EnvelopedKey fromAsn1(ASN1Encodable object) throws GmFormatException {
        if (!(object.toASN1Primitive() instanceof ASN1Sequence sequence) || sequence.size() != 4
                || !(sequence.getObjectAt(0).toASN1Primitive() instanceof ASN1Sequence)
                || !(sequence.getObjectAt(1).toASN1Primitive() instanceof ASN1Sequence)
                || !(sequence.getObjectAt(2) instanceof ASN1BitString publicKey)
                || !(sequence.getObjectAt(3) instanceof ASN1BitString privateKey)) {
            throw new GmFormatException(GmFormatError.NOT_AN_ENVELOPED_KEY,
                    "not SEQUENCE { AlgorithmIdentifier, SM2Cipher, BIT STRING, BIT STRING }");
        }
        AlgorithmIdentifier algorithm;
        try {
            algorithm = AlgorithmIdentifier.getInstance(sequence.getObjectAt(0));
        } catch (IllegalArgumentException e) {
            throw new GmFormatException(GmFormatError.NOT_AN_ENVELOPED_KEY, "symAlgID is not an AlgorithmIdentifier");
        }
        if (publicKey.getPadBits() != 0 || privateKey.getPadBits() != 0) {
            throw new GmFormatException(GmFormatError.NOT_AN_ENVELOPED_KEY, "a BIT STRING is not whole bytes");
        }
        return checked(algorithm, Sm2Cipher.fromAsn1(sequence.getObjectAt(1)), publicKey.getOctets(),
                privateKey.getOctets());
    }

    private static Sm2EnvelopedKey checked(AlgorithmIdentifier algorithm, Sm2Cipher encryptedKey, byte[] publicKey,
                                           byte[] encryptedPrivateKey) throws GmFormatException {
        boolean sm4 = Sm2.SM4_ECB.equals(algorithm.getAlgorithm()) || Sm2.SM4.equals(algorithm.getAlgorithm());
        ASN1Encodable parameters = algorithm.getParameters();
        if (!sm4 || parameters != null && !DERNull.INSTANCE.equals(parameters.toASN1Primitive())) {
            throw new GmFormatException(GmFormatError.UNSUPPORTED_SYMMETRIC_ALGORITHM,
                    "symAlgID " + algorithm.getAlgorithm().getId() + (parameters == null ? "" : " with parameters")
                            + "; only SM4-ECB reaches an SKF key");
        }
        if (encryptedKey.cipherText().length != SM4_KEY_BYTES) {
            throw new GmFormatException(GmFormatError.BAD_SM2_CIPHER, "the encrypted SM4 key is "
                    + encryptedKey.cipherText().length + " bytes, not 16");
        }
        Sm2.point(publicKey);
        int length = encryptedPrivateKey.length;
        if (length != 32 && length != 48 && length != 64) {
            throw new GmFormatException(GmFormatError.BAD_ENCRYPTED_PRIVATE_KEY,
                    "the encrypted private key is " + length + " bytes, not 32, 48 or 64");
        }
        return new Sm2EnvelopedKey(algorithm, encryptedKey, publicKey, encryptedPrivateKey);
    }

    public DERSequence toAsn1() {
        return new DERSequence(new ASN1Encodable[] {symmetricAlgorithm, encryptedKey.toAsn1(),
            new DERBitString(publicKey), new DERBitString(encryptedPrivateKey)});
    }

    public byte[] getEncoded() {
        return Der.encode(toAsn1());
    }

    public AlgorithmIdentifier symmetricAlgorithm() {
        return symmetricAlgorithm;
    }

    /** The SM4 key, SM2-encrypted to the signing public key. */
    public Sm2Cipher encryptedKey() {
        return encryptedKey;
    }

    /** The enveloped pair's public key, 04 || X || Y. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public SubjectPublicKeyInfo publicKeyInfo() {
        try {
            return Sm2.publicKeyInfo(publicKey);
        } catch (GmFormatException e) {
            throw new IllegalStateException("checked when made", e);
        }
    }

    /** Whether the enveloped pair's public key is this key (e.g. the encryption certificate's). */
    public boolean hasPublicKey(SubjectPublicKeyInfo key) {
        return Sm2.sameKey(publicKeyInfo(), key);
    }

    /** The SM4-ECB ciphertext as the envelope carries it: 32, 48 or 64 bytes. */
    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sm2EnvelopedKey that && Arrays.equals(getEncoded(), that.getEncoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(getEncoded());
    }
}
