package ukey.cert.gm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.testing.GmReference;
import ukey.token.testing.TestCertificates;

/**
 * GM/T 0092 CSRResponse: written as emmansun/gmsm writes it ([0] EXPLICIT envelope, [1] IMPLICIT certificates), read
 * in either tagging, and refused with a code when it is not one.
 */
class CsrResponseTest {

    @TempDir
    Path dir;

    private final KeyPair signing = GmReference.sm2KeyPair();
    private final GmReference.Envelope made = GmReference.envelope(signing, 32);
    private final X509CertificateHolder signCertificate = TestCertificates.builder().keyPair(signing).build()
            .certificate();
    private final X509CertificateHolder encryptCertificate = TestCertificates.builder()
            .publicKey(spki(made)).issuer(signCertificate, signing.getPrivate()).certificate();

    @Test
    void readsTheGmsmTaggingAndWritesItByteForByte() throws Exception {
        byte[] gmsm = der(new DERSequence(new ASN1Encodable[] {
            new DERSet(signCertificate.toASN1Structure()),
            new DERTaggedObject(true, 0, ASN1Sequence.getInstance(made.der())),
            new DERTaggedObject(false, 1, new DERSet(encryptCertificate.toASN1Structure()))}));

        CsrResponse response = CsrResponse.fromDer(gmsm);

        assertEquals(List.of(signCertificate), response.signCertificates());
        assertEquals(List.of(encryptCertificate), response.encryptCertificates());
        assertArrayEquals(made.der(), response.envelope().orElseThrow().getEncoded());
        assertEquals(encryptCertificate, response.encryptCertificateForEnvelope().orElseThrow());
        assertEquals(signCertificate, response.signCertificateFor(signCertificate.getSubjectPublicKeyInfo())
                .orElseThrow());
        assertArrayEquals(gmsm, response.getEncoded());
        assertArrayEquals(gmsm, CsrResponse.fromBase64(response.toBase64()).getEncoded());
    }

    @Test
    void readsTheOtherTaggingToo() throws Exception {
        ASN1Sequence envelope = ASN1Sequence.getInstance(made.der());
        byte[] other = der(new DERSequence(new ASN1Encodable[] {
            new DERSet(signCertificate.toASN1Structure()),
            new DERTaggedObject(false, 0, envelope),
            new DERTaggedObject(true, 1, new DERSet(encryptCertificate.toASN1Structure()))}));

        CsrResponse response = CsrResponse.fromDer(other);

        assertArrayEquals(made.der(), response.envelope().orElseThrow().getEncoded());
        assertEquals(List.of(encryptCertificate), response.encryptCertificates());
    }

    @Test
    void aSigningCertificateAloneIsAnAnswer() throws Exception {
        CsrResponse response = CsrResponse.fromDer(der(new DERSequence(new DERSet(signCertificate.toASN1Structure()))));

        assertTrue(response.envelope().isEmpty());
        assertTrue(response.encryptCertificates().isEmpty());
        assertTrue(response.encryptCertificateForEnvelope().isEmpty());
    }

    @Test
    void findsNoEncryptionCertificateForAnotherKey() throws Exception {
        CsrResponse response = CsrResponse.of(List.of(signCertificate),
                Sm2EnvelopedKey.fromDer(made.der()), List.of(signCertificate));

        assertTrue(response.encryptCertificateForEnvelope().isEmpty());
        assertFalse(response.signCertificateFor(spki(made)).isPresent());
    }

    @Test
    void opensslReadsTheStructure() throws Exception {
        CsrResponse response = CsrResponse.of(List.of(signCertificate), Sm2EnvelopedKey.fromDer(made.der()),
                List.of(encryptCertificate));
        Path file = dir.resolve("response.der");
        Files.write(file, response.getEncoded());

        String[] lines = openssl("asn1parse", "-inform", "DER", "-in", file.toString(), "-i").split("\n");

        List<String> topLevel = java.util.Arrays.stream(lines).filter(l -> l.matches(".*d=1 .*")).map(l ->
                l.replaceAll(".*(cons|prim): ", "").strip()).toList();
        assertEquals(List.of("SET", "cont [ 0 ]", "cont [ 1 ]"), topLevel);
    }

    @Test
    void refusesWhatIsNotACsrResponse() throws Exception {
        ASN1Encodable set = new DERSet(signCertificate.toASN1Structure());
        ASN1Encodable envelope = new DERTaggedObject(true, 0, ASN1Sequence.getInstance(made.der()));
        ASN1Encodable certificates = new DERTaggedObject(false, 1, new DERSet(encryptCertificate.toASN1Structure()));

        assertRefused(GmFormatError.NOT_DER, new byte[] {1, 2, 3});
        assertRefused(GmFormatError.NOT_DER, "garbage".getBytes(StandardCharsets.US_ASCII));
        assertRefused(GmFormatError.NOT_A_CSR_RESPONSE, der(new DERSequence(new DEROctetString(new byte[4]))));
        assertRefused(GmFormatError.NOT_A_CSR_RESPONSE, der(new DERSequence(new ASN1Encodable[] {set, certificates,
            envelope})));
        assertRefused(GmFormatError.NOT_A_CSR_RESPONSE, der(new DERSequence(new ASN1Encodable[] {set,
            new DERTaggedObject(true, 2, DERNull.INSTANCE)})));
        assertRefused(GmFormatError.NOT_A_CSR_RESPONSE, der(new DERSequence(new ASN1Encodable[] {set,
            new DERTaggedObject(false, 0, new DEROctetString(new byte[8]))})));
        assertRefused(GmFormatError.NO_SIGNING_CERTIFICATE, der(new DERSequence(new DERSet())));
        assertRefused(GmFormatError.BAD_CERTIFICATE, der(new DERSequence(new DERSet(new DEROctetString(new byte[3])))));
        assertRefused(GmFormatError.BAD_CERTIFICATE, der(new DERSequence(new DERSet(
                new DERSequence(DERNull.INSTANCE)))));
        assertRefused(GmFormatError.INCOMPLETE_ENCRYPTION_PAIR, der(new DERSequence(new ASN1Encodable[] {set,
            envelope})));
        assertRefused(GmFormatError.INCOMPLETE_ENCRYPTION_PAIR, der(new DERSequence(new ASN1Encodable[] {set,
            certificates})));
        assertRefused(GmFormatError.BAD_PUBLIC_KEY, der(new DERSequence(new ASN1Encodable[] {set,
            new DERTaggedObject(true, 0, Sm2EnvelopedKeyTest.replace(ASN1Sequence.getInstance(made.der()), 2,
                    x -> new org.bouncycastle.asn1.DERBitString(new byte[65]))), certificates})));
        GmFormatException notBase64 = assertThrows(GmFormatException.class, () -> CsrResponse.fromBase64("*not*"));
        assertEquals(GmFormatError.NOT_DER, notBase64.error());
    }

    private static void assertRefused(GmFormatError expected, byte[] der) {
        GmFormatException refused = assertThrows(GmFormatException.class, () -> CsrResponse.fromDer(der));
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    private static org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki(GmReference.Envelope envelope) {
        try {
            return Sm2.publicKeyInfo(envelope.publicKey().getEncoded(false));
        } catch (GmFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(ASN1Encodable object) {
        return Sm2EnvelopedKeyTest.encode(object);
    }

    static String openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
