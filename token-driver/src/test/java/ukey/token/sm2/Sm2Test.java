package ukey.token.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

import ukey.token.TokenError;
import ukey.token.TokenException;

class Sm2Test {

    private static final byte[] MESSAGE = "招标文件 tender 2026".getBytes(StandardCharsets.UTF_8);

    @Test
    void aDigestSignedRawVerifiesWithBouncyCastlesOwnZ() {
        RawSm2 key = new RawSm2();
        byte[] der = SkfBlobs.derSignature(key.sign(Sm2.digest(key.publicKey, MESSAGE)));
        assertTrue(Sm2.verify(key.publicKey, MESSAGE, der), "our e = SM3(Z || M) is BouncyCastle's");
        assertFalse(Sm2.verify(key.publicKey, "another".getBytes(StandardCharsets.UTF_8), der));
    }

    @Test
    void zIsTheStandardsExampleShape() {
        // GM/T 0003.5 example: the default ID gives ENTL 0x0080; Z is 32 bytes and changes with the ID
        RawSm2 key = new RawSm2();
        byte[] z = Sm2.z(key.publicKey, Sm2.DEFAULT_ID);
        assertEquals(32, z.length);
        assertFalse(Arrays.equals(z, Sm2.z(key.publicKey, new byte[0])), "an empty ID (OpenSSL's default) differs");
    }

    @Test
    void bouncyCastlesSignatureChecksAgainstOurDigest() {
        RawSm2 key = new RawSm2();
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ECPrivateKeyParameters(key.d, Sm2.DOMAIN), Sm2.DEFAULT_ID));
        signer.update(MESSAGE, 0, MESSAGE.length);
        byte[] der;
        try {
            der = signer.generateSignature();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
        // GM/T 0003.2 verification with our e: R = (e + x1) mod n where (x1, y1) = sG + tP, t = r + s
        BigInteger n = Sm2.DOMAIN.getN();
        BigInteger t = r.add(s).mod(n);
        BigInteger x1 = Sm2.DOMAIN.getG().multiply(s).add(key.publicKey.multiply(t)).normalize()
                .getAffineXCoord().toBigInteger();
        assertEquals(r, new BigInteger(1, Sm2.digest(key.publicKey, MESSAGE)).add(x1).mod(n));
    }

    @Test
    void signatureBlobsAreRightAlignedAndBecomeDer() {
        BigInteger r = new BigInteger("00ff", 16);
        BigInteger s = BigInteger.ONE.shiftLeft(255);
        byte[] blob = SkfBlobs.signature(r, s);
        assertEquals(128, blob.length);
        assertEquals((byte) 0xff, blob[63]);
        assertTrue(Arrays.equals(new byte[32], Arrays.copyOf(blob, 32)), "32 zero bytes first");
        assertEquals((byte) 0x80, blob[96]);
        assertArrayEquals(Sm2.der(r, s), SkfBlobs.derSignature(blob));
        // DER: a positive INTEGER whose top bit is set gets a leading zero
        assertEquals("3027020200ff022100" + "80" + "00".repeat(31),
                HexFormat.of().formatHex(SkfBlobs.derSignature(blob)));
    }

    @Test
    void aVendorsLeftAlignedSignatureIsReadToo() {
        RawSm2 key = new RawSm2();
        byte[] right = key.sign(Sm2.digest(key.publicKey, MESSAGE));
        byte[] left = new byte[128];
        System.arraycopy(right, 32, left, 0, 32);
        System.arraycopy(right, 96, left, 64, 32);
        assertArrayEquals(SkfBlobs.derSignature(right), SkfBlobs.derSignature(left));
    }

    @Test
    void publicKeyBlobsRoundTrip() {
        RawSm2 key = new RawSm2();
        byte[] blob = SkfBlobs.publicKey(key.publicKey);
        assertEquals(132, blob.length);
        assertEquals(256, blob[0] & 0xff | (blob[1] & 0xff) << 8, "BitLen, little-endian");
        assertEquals(key.publicKey.normalize(), SkfBlobs.publicKey(blob).normalize());
        blob[100] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> SkfBlobs.publicKey(blob), "off the curve");
    }

    @Test
    void theContentSignerSignsACsrThatBouncyCastleAccepts() throws Exception {
        RawSm2 key = new RawSm2();
        Sm2ContentSigner signer = new Sm2ContentSigner(key.publicKey, key::sign);
        PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(new X500Name("CN=张三,C=CN"),
                Sm2.publicKeyInfo(key.publicKey)).build(signer);
        assertEquals("1.2.156.10197.1.501", csr.getSignatureAlgorithm().getAlgorithm().getId());
        assertEquals(null, csr.getSignatureAlgorithm().getParameters(), "no NULL parameters, as OpenSSL writes");
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(new BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo())));
    }

    @Test
    void aSignatureThatDoesNotVerifyFailsTheSigner() throws Exception {
        RawSm2 key = new RawSm2();
        RawSm2 other = new RawSm2();
        Sm2ContentSigner signer = new Sm2ContentSigner(key.publicKey, other::sign);
        TokenException e = assertThrows(TokenException.class, () -> signer.sign(MESSAGE));
        assertEquals(TokenError.DEVICE_ERROR, e.error());
        signer.getOutputStream().write(1);
        assertThrows(RuntimeOperatorException.class, signer::getSignature);
    }
}
