package ukey.cert.gm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

import ukey.token.testing.GmReference;

/** The GM/T 0009 envelope is read strictly: each malformation is refused with the code the app words. */
class Sm2EnvelopedKeyTest {

    private final KeyPair signing = GmReference.sm2KeyPair();
    private final GmReference.Envelope made = GmReference.envelope(signing, 32);

    @Test
    void readsAndWritesTheReferenceEnvelopeByteForByte() throws Exception {
        Sm2EnvelopedKey envelope = Sm2EnvelopedKey.fromDer(made.der());

        assertArrayEquals(made.der(), envelope.getEncoded());
        assertEquals(Sm2.SM4_ECB, envelope.symmetricAlgorithm().getAlgorithm());
        assertArrayEquals(made.publicKey().getEncoded(false), envelope.publicKey());
        assertEquals(16, envelope.encryptedKey().cipherText().length);
        assertEquals(32, envelope.encryptedPrivateKey().length);
        assertTrue(envelope.hasPublicKey(Sm2.publicKeyInfo(made.publicKey().getEncoded(false))));
        assertTrue(envelope.hasPublicKey(new SubjectPublicKeyInfo(envelope.publicKeyInfo().getAlgorithm(),
                made.publicKey().getEncoded(true))), "a compressed encoding of the same point is the same key");
        assertFalse(envelope.hasPublicKey(SubjectPublicKeyInfo.getInstance(signing.getPublic().getEncoded())));
    }

    @Test
    void madeFromPartsItOpensWithTheReference() throws Exception {
        Sm2EnvelopedKey parsed = Sm2EnvelopedKey.fromDer(made.der());
        Sm2EnvelopedKey rebuilt = Sm2EnvelopedKey.of(Sm2Cipher.fromC1C3C2(parsed.encryptedKey().toC1C3C2()),
                parsed.publicKey(), parsed.encryptedPrivateKey());

        assertEquals(parsed, rebuilt);
        assertEquals(made.d(), GmReference.openEnvelope(rebuilt.getEncoded(), signing));
    }

    @Test
    void plainSm4AndAbsentParametersAreAccepted() throws Exception {
        assertEquals(Sm2.SM4, Sm2EnvelopedKey.fromDer(with(0, x -> new AlgorithmIdentifier(Sm2.SM4)))
                .symmetricAlgorithm().getAlgorithm());
        Sm2EnvelopedKey.fromDer(with(0, x -> new AlgorithmIdentifier(Sm2.SM4_ECB)));
    }

    @Test
    void refusesWhatIsNotDer() {
        byte[] trailing = Arrays.copyOf(made.der(), made.der().length + 1);
        assertRefused(GmFormatError.NOT_DER, trailing);
        assertRefused(GmFormatError.NOT_DER, Arrays.copyOf(made.der(), made.der().length - 1));
        assertRefused(GmFormatError.NOT_DER, new byte[0]);
        byte[] indefinite = made.der().clone();
        indefinite[1] = (byte) 0x80; // the outer SEQUENCE's length made indefinite: BER
        assertRefused(GmFormatError.NOT_DER, indefinite);
    }

    @Test
    void refusesOtherShapes() {
        ASN1Sequence sequence = ASN1Sequence.getInstance(made.der());
        assertRefused(GmFormatError.NOT_AN_ENVELOPED_KEY, encode(new DERSequence(new ASN1Encodable[] {
            sequence.getObjectAt(0), sequence.getObjectAt(1), sequence.getObjectAt(2)})));
        assertRefused(GmFormatError.NOT_AN_ENVELOPED_KEY, with(3, x -> new DEROctetString(new byte[32])));
        assertRefused(GmFormatError.NOT_AN_ENVELOPED_KEY, with(2, x -> new DERBitString(
                DERBitString.getInstance(x).getOctets(), 1)));
    }

    @Test
    void refusesAnotherSymmetricAlgorithm() {
        assertRefused(GmFormatError.UNSUPPORTED_SYMMETRIC_ALGORITHM,
                with(0, x -> new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes128_ECB)));
        assertRefused(GmFormatError.UNSUPPORTED_SYMMETRIC_ALGORITHM,
                with(0, x -> new AlgorithmIdentifier(Sm2.SM4_ECB, new DEROctetString(new byte[16]))));
    }

    @Test
    void refusesABadSm2Cipher() {
        assertRefused(GmFormatError.BAD_SM2_CIPHER, withCipher(2, x -> new DEROctetString(new byte[31])));
        assertRefused(GmFormatError.BAD_SM2_CIPHER, withCipher(3, x -> new DEROctetString(new byte[15])));
        assertRefused(GmFormatError.BAD_SM2_CIPHER, withCipher(1, x ->
                new ASN1Integer(ASN1Integer.getInstance(x).getValue().add(BigInteger.ONE))));
        assertRefused(GmFormatError.BAD_SM2_CIPHER, withCipher(0, x -> new ASN1Integer(-1)));
        assertRefused(GmFormatError.BAD_SM2_CIPHER, withCipher(3, x -> new ASN1Integer(7)));
    }

    @Test
    void refusesABadPublicKey() {
        byte[] point = made.publicKey().getEncoded(false);
        assertRefused(GmFormatError.BAD_PUBLIC_KEY, with(2, x -> new DERBitString(made.publicKey().getEncoded(true))));
        assertRefused(GmFormatError.BAD_PUBLIC_KEY, with(2, x -> new DERBitString(Arrays.copyOf(point, 64))));
        byte[] offCurve = point.clone();
        offCurve[64] ^= 1;
        assertRefused(GmFormatError.BAD_PUBLIC_KEY, with(2, x -> new DERBitString(offCurve)));
    }

    @Test
    void refusesAPrivateKeyCiphertextOfAnotherLength() {
        for (int length : new int[] {0, 16, 31, 33, 80}) {
            assertRefused(GmFormatError.BAD_ENCRYPTED_PRIVATE_KEY, with(3, x -> new DERBitString(new byte[length])));
        }
    }

    private static void assertRefused(GmFormatError expected, byte[] der) {
        GmFormatException refused = assertThrows(GmFormatException.class, () -> Sm2EnvelopedKey.fromDer(der));
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    private byte[] with(int index, UnaryOperator<ASN1Encodable> change) {
        return encode(replace(ASN1Sequence.getInstance(made.der()), index, change));
    }

    private byte[] withCipher(int index, UnaryOperator<ASN1Encodable> change) {
        return with(1, cipher -> replace(ASN1Sequence.getInstance(cipher), index, change));
    }

    static DERSequence replace(ASN1Sequence sequence, int index, UnaryOperator<ASN1Encodable> change) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (int i = 0; i < sequence.size(); i++) {
            fields.add(i == index ? change.apply(sequence.getObjectAt(i)) : sequence.getObjectAt(i));
        }
        return new DERSequence(fields);
    }

    static byte[] encode(ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
