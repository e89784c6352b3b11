package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ukey.cert.CertificateParseException.Problem;
import ukey.token.testing.TestCertificates;

/** Every way bytes can fail to be a certificate gets a reason a person can act on. */
class CertificateParseErrorsTest {

    private static byte[] good;

    @BeforeAll
    static void makeCertificate() {
        good = TestCertificates.builder().build().der();
    }

    private static String reason(byte[] data) {
        return assertThrows(CertificateParseException.class, () -> CertificateInfo.parse(data)).getMessage();
    }

    /** What the app words: the kind of problem, apart from the English detail. */
    private static Problem problem(byte[] data) {
        return assertThrows(CertificateParseException.class, () -> CertificateInfo.parse(data)).problem();
    }

    @Test
    void empty() {
        assertEquals("no data: the certificate is empty", reason(new byte[0]));
        assertEquals("no data: the certificate is empty", reason(null));
        assertEquals(Problem.EMPTY, problem(new byte[0]));
    }

    @Test
    void textIsNotACertificate() {
        assertEquals("not a certificate: a certificate starts with a DER SEQUENCE (0x30), this data with 0x68",
                reason("hello, world".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Problem.NOT_A_CERTIFICATE, problem("hello, world".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void randomGarbageInsideAPlausibleFrame() {
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x30;
        garbage[1] = (byte) 0x82;
        garbage[2] = 0x01;
        garbage[3] = 0x28; // 296 bytes of content: the frame fits, the inside is noise
        assertTrue(reason(garbage).startsWith("not a certificate: the DER structure is not an X.509 certificate"));
    }

    @Test
    void anotherDerStructureIsNotACertificate() {
        byte[] publicKey = TestCertificates.keyPair(TestCertificates.KeyType.EC_P256).getPublic().getEncoded();
        assertTrue(reason(publicKey).startsWith("not a certificate: the DER structure is not an X.509 certificate"),
                reason(publicKey));
        assertEquals(Problem.NOT_A_CERTIFICATE, problem(publicKey));
    }

    @Test
    void truncated() {
        assertEquals(String.format("truncated: the certificate declares %d bytes but only %d are present (10 missing)",
                good.length, good.length - 10), reason(Arrays.copyOf(good, good.length - 10)));
        assertEquals("truncated: the data ends inside the certificate's header", reason(Arrays.copyOf(good, 1)));
        assertEquals("truncated: the data ends inside the certificate's header", reason(Arrays.copyOf(good, 3)));
        assertEquals(Problem.TRUNCATED, problem(Arrays.copyOf(good, good.length - 10)));
        assertEquals(Problem.TRUNCATED, problem(Arrays.copyOf(good, 1)));
    }

    @Test
    void trailingGarbage() {
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        longer[good.length] = 1;
        assertEquals("trailing garbage: 3 byte(s) after the end of the certificate", reason(longer));

        // Some tokens store certificates in fixed-size files padded with zeros: say so.
        assertEquals("trailing garbage: 16 byte(s) after the end of the certificate (all zero: padding from the"
                + " storage)", reason(Arrays.copyOf(good, good.length + 16)));
        assertEquals(Problem.TRAILING_BYTES, problem(longer));
    }

    @Test
    void indefiniteLengthIsNotDer() {
        assertEquals("not DER: the certificate uses an indefinite length (BER)",
                reason(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x00, 0x00}));
        assertEquals(Problem.NOT_DER, problem(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x00, 0x00}));
    }

    @Test
    void impossibleLength() {
        assertEquals("not a certificate: its length field is impossibly large",
                reason(new byte[] {0x30, (byte) 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    }

    @Test
    void malformedKnownExtensionNamesThePart() {
        byte[] der = TestCertificates.builder().extension(Extension.keyUsage, true, new DERUTF8String("not bits"))
                .build().der();
        String reason = reason(der);
        assertTrue(reason.startsWith("malformed certificate: its key usage extension cannot be read"), reason);
        assertEquals(Problem.MALFORMED_PART, problem(der));
    }

    @Test
    void damagedPem() {
        byte[] pem = "-----BEGIN CERTIFICATE-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII);
        CertificateParseException e = assertThrows(CertificateParseException.class,
                () -> CertificateInfo.parsePemOrDer(pem));
        assertEquals("PEM text without a complete CERTIFICATE block", e.getMessage());
        assertEquals(Problem.PEM_DAMAGED, e.problem());
        assertEquals(Problem.PEM_NOT_DER, problem(pem));
    }
}
