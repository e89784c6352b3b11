package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.BMP;
import static ukey.token.testing.TestCertificates.StringType.PRINTABLE;
import static ukey.token.testing.TestCertificates.StringType.UTF8;
import static ukey.token.testing.TestCertificates.name;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.Validity;

class CertificateInfoTest {

    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2026-01-01T00:00:00Z");

    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void makeKeys() {
        // Key generation is the slow part: one RSA and one EC key serve most tests.
        rsa = TestCertificates.keyPair(KeyType.RSA_2048);
        ec = TestCertificates.keyPair(KeyType.EC_P256);
    }

    private static TestCertificates.Builder ecCertificate() {
        return TestCertificates.builder().keyPair(ec).validity(NOT_BEFORE, NOT_AFTER);
    }

    @Test
    void rsa2048CertificateAgreesWithTheJdk() throws Exception {
        Issued issued = TestCertificates.builder().keyPair(rsa).validity(NOT_BEFORE, NOT_AFTER)
                .subject(name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三")).build();
        CertificateInfo info = CertificateInfo.parse(issued.der());

        assertEquals("RSA-2048", info.keyAlgorithm());
        assertEquals("SHA256withRSA", info.signatureAlgorithm());
        assertEquals("CN=张三, O=示例招标代理有限公司, C=CN", info.subject());
        assertEquals(info.subject(), info.issuer());
        assertEquals("张三", info.owner());

        // The JDK parses RSA certificates: an independent reading of the same bytes.
        X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issued.der()));
        assertEquals(jdk.getSerialNumber(), info.serial());
        assertEquals(jdk.getNotBefore().toInstant(), info.notBefore());
        assertEquals(jdk.getNotAfter().toInstant(), info.notAfter());
        assertEquals(NOT_BEFORE, info.notBefore());
        assertEquals(NOT_AFTER, info.notAfter());
        assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(jdk.getEncoded())), info.sha256());
        assertEquals(hex(MessageDigest.getInstance("SHA-1").digest(jdk.getEncoded())), info.sha1());
        assertEquals(jdk.getSigAlgName(), info.signatureAlgorithm());
    }

    @Test
    void rsa3072() throws Exception {
        Issued issued = TestCertificates.builder().keyType(KeyType.RSA_3072).build();
        assertEquals("RSA-3072", CertificateInfo.parse(issued.der()).keyAlgorithm());
    }

    @Test
    void ecP256AndP384() throws Exception {
        CertificateInfo p256 = CertificateInfo.parse(ecCertificate().build().der());
        assertEquals("EC-P256", p256.keyAlgorithm());
        assertEquals("SHA256withECDSA", p256.signatureAlgorithm());

        CertificateInfo p384 = CertificateInfo.parse(TestCertificates.builder().keyType(KeyType.EC_P384).build().der());
        assertEquals("EC-P384", p384.keyAlgorithm());
        assertEquals("SHA384withECDSA", p384.signatureAlgorithm());
    }

    @Test
    void otherNamedCurveIsShownByItsName() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", TestCertificates.BC);
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        Issued issued = TestCertificates.builder().keyPair(generator.generateKeyPair()).build();
        assertEquals("EC-secp256k1", CertificateInfo.parse(issued.der()).keyAlgorithm());
    }

    @Test
    void sm2CertificateIsParsedAndItsSignatureIsReal() throws Exception {
        Issued ca = TestCertificates.builder().keyType(KeyType.SM2).subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
        Issued user = TestCertificates.builder().keyType(KeyType.SM2).issuer(ca)
                .subject(name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三")).build();
        CertificateInfo info = CertificateInfo.parse(user.der());

        assertEquals("SM2", info.keyAlgorithm());
        assertEquals("SM3withSM2", info.signatureAlgorithm());
        assertEquals("CN=张三, O=示例招标代理有限公司, C=CN", info.subject());
        assertEquals("O=测试CA, C=CN", info.issuer());
        assertEquals("1.2.156.10197.1.301", info.publicKey().getAlgorithm().getParameters().toString());
        assertTrue(user.certificate().isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(TestCertificates.BC).build(ca.certificate())), "SM3withSM2 signature verifies");
    }

    @Test
    void ed25519() throws Exception {
        CertificateInfo info = CertificateInfo.parse(TestCertificates.builder().keyType(KeyType.ED25519).build().der());
        assertEquals("Ed25519", info.keyAlgorithm());
        assertEquals("Ed25519", info.signatureAlgorithm());
    }

    @Test
    void chineseNamesReadTheSameInUtf8StringAndBmpString() throws Exception {
        for (TestCertificates.StringType type : List.of(UTF8, BMP)) {
            Issued issued = ecCertificate().subject(name(type, "C=CN", "O=示例招标代理有限公司", "CN=张三")).build();
            CertificateInfo info = CertificateInfo.parse(issued.der());
            assertEquals("CN=张三, O=示例招标代理有限公司, C=CN", info.subject(), type.toString());
            assertEquals("张三", info.owner(), type.toString());
            // The test means something only if the encodings really differ.
            ASN1Encodable cn = info.subjectName().getRDNs(BCStyle.CN)[0].getFirst().getValue();
            Class<?> expected = type == UTF8 ? DERUTF8String.class : DERBMPString.class;
            assertInstanceOf(expected, cn);
        }
    }

    @Test
    void printableStringNames() throws Exception {
        Issued issued = ecCertificate().subject(name(PRINTABLE, "C=CN", "O=Example Tendering Co", "CN=Zhang San"))
                .build();
        CertificateInfo info = CertificateInfo.parse(issued.der());
        assertEquals("CN=Zhang San, O=Example Tendering Co, C=CN", info.subject());
        assertInstanceOf(DERPrintableString.class, info.subjectName().getRDNs(BCStyle.O)[0].getFirst().getValue());
    }

    @Test
    void specialCharactersAreEscapedAsRfc4514Asks() throws Exception {
        Issued issued = ecCertificate().subject(name(UTF8, "C=CN", "O=示例, 有限公司+分部", "CN=#1 ")).build();
        assertEquals("CN=\\#1\\ , O=示例\\, 有限公司\\+分部, C=CN", CertificateInfo.parse(issued.der()).subject());
    }

    @Test
    void ownerFallsBackToOrganisationThenToTheWholeSubject() throws Exception {
        CertificateInfo organisationOnly = CertificateInfo.parse(
                ecCertificate().subject(name(UTF8, "C=CN", "O=示例招标代理有限公司", "OU=投标部")).build().der());
        assertEquals("示例招标代理有限公司", organisationOnly.owner());

        CertificateInfo neither = CertificateInfo.parse(
                ecCertificate().subject(name(UTF8, "C=CN", "L=北京", "OU=投标部")).build().der());
        assertEquals("OU=投标部, L=北京, C=CN", neither.owner());
    }

    @Test
    void serialHexHasNoSignByteAndKeepsWholeBytes() throws Exception {
        assertEquals("80", serialHexOf(BigInteger.valueOf(0x80))); // DER stores 00 80
        assertEquals("01", serialHexOf(BigInteger.ONE));
        assertEquals("0102", serialHexOf(BigInteger.valueOf(0x0102)));
        BigInteger big = new BigInteger("ffeeddccbbaa99887766554433221100ff", 16);
        assertEquals("ffeeddccbbaa99887766554433221100ff", serialHexOf(big));
        assertEquals(big, CertificateInfo.parse(ecCertificate().serial(big).build().der()).serial());
    }

    private static String serialHexOf(BigInteger serial) throws Exception {
        return CertificateInfo.parse(ecCertificate().serial(serial).build().der()).serialHex();
    }

    @Test
    void statusAtEveryBoundary() throws Exception {
        CertificateInfo info = CertificateInfo.parse(ecCertificate().build().der());
        Instant windowStart = NOT_AFTER.minusSeconds(30L * 86400);

        assertEquals(CertificateStatus.NOT_YET_VALID, info.status(NOT_BEFORE.minusSeconds(1), 30));
        assertEquals(CertificateStatus.NOT_YET_VALID, info.status(NOT_BEFORE.minusNanos(1), 30));
        assertEquals(CertificateStatus.VALID, info.status(NOT_BEFORE, 30));
        assertEquals(CertificateStatus.VALID, info.status(windowStart.minusSeconds(1), 30));
        assertEquals(CertificateStatus.EXPIRING, info.status(windowStart, 30));
        assertEquals(CertificateStatus.EXPIRING, info.status(NOT_AFTER.minusSeconds(1), 30));
        assertEquals(CertificateStatus.EXPIRING, info.status(NOT_AFTER, 30)); // notAfter itself is still valid
        assertEquals(CertificateStatus.EXPIRED, info.status(NOT_AFTER.plusNanos(1), 30));
        assertEquals(CertificateStatus.EXPIRED, info.status(NOT_AFTER.plusSeconds(1), 30));

        assertEquals(CertificateStatus.VALID, info.status(NOT_AFTER.minusSeconds(1), 0));
        assertEquals(CertificateStatus.EXPIRING, info.status(NOT_AFTER, 0));
        // A window longer than the whole validity: expiring from the first second.
        assertEquals(CertificateStatus.EXPIRING, info.status(NOT_BEFORE, 400));
        assertThrows(IllegalArgumentException.class, () -> info.status(NOT_BEFORE, -1));
    }

    @Test
    void daysLeftIsWholeDaysRoundedDown() throws Exception {
        CertificateInfo info = CertificateInfo.parse(ecCertificate().build().der());
        long day = 86400;
        assertEquals(365, info.daysLeft(NOT_BEFORE));
        assertEquals(1, info.daysLeft(NOT_AFTER.minusSeconds(day)));
        assertEquals(0, info.daysLeft(NOT_AFTER.minusSeconds(day).plusNanos(1)));
        assertEquals(0, info.daysLeft(NOT_AFTER.minusNanos(1)));
        assertEquals(0, info.daysLeft(NOT_AFTER));
        assertEquals(-1, info.daysLeft(NOT_AFTER.plusNanos(1)));
        assertEquals(-1, info.daysLeft(NOT_AFTER.plusSeconds(day)));
        assertEquals(-2, info.daysLeft(NOT_AFTER.plusSeconds(day).plusNanos(1)));
    }

    @Test
    void datesFrom2050OnAreGeneralizedTime() throws Exception {
        Instant late = Instant.parse("2051-06-30T12:34:56Z");
        CertificateInfo info = CertificateInfo.parse(ecCertificate().validity(NOT_BEFORE, late).build().der());
        assertEquals(late, info.notAfter());
    }

    @Test
    void keyUsageNamesAndWhetherTheKeyDecrypts() throws Exception {
        CertificateInfo signing = CertificateInfo.parse(
                ecCertificate().keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build().der());
        assertEquals(List.of("digitalSignature", "nonRepudiation"), signing.keyUsage());
        assertFalse(signing.canDecrypt());

        CertificateInfo encryption = CertificateInfo.parse(TestCertificates.builder().keyPair(rsa)
                .keyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment).build().der());
        assertEquals(List.of("keyEncipherment", "dataEncipherment"), encryption.keyUsage());
        assertTrue(encryption.canDecrypt());

        assertTrue(CertificateInfo.parse(ecCertificate().keyUsage(KeyUsage.keyAgreement).build().der()).canDecrypt());

        CertificateInfo unrestricted = CertificateInfo.parse(ecCertificate().build().der());
        assertFalse(unrestricted.hasKeyUsage());
        assertEquals(List.of(), unrestricted.keyUsage());
        assertTrue(unrestricted.canDecrypt(), "no key usage extension allows every use, decryption included");

        int all = KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment
                | KeyUsage.dataEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign | KeyUsage.cRLSign
                | KeyUsage.encipherOnly | KeyUsage.decipherOnly;
        assertEquals(List.of("digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
                        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"),
                CertificateInfo.parse(ecCertificate().keyUsage(all).build().der()).keyUsage());
    }

    @Test
    void extendedKeyUsageByNameOrOid() throws Exception {
        Issued issued = ecCertificate().extendedKeyUsage(KeyPurposeId.id_kp_clientAuth,
                KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.2.3.4")),
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.2"))).build();
        assertEquals(List.of("clientAuth", "emailProtection", "1.2.3.4", "smartcardLogon"),
                CertificateInfo.parse(issued.der()).extendedKeyUsage());
        assertEquals(List.of(), CertificateInfo.parse(ecCertificate().build().der()).extendedKeyUsage());
    }

    @Test
    void keyIdentifiersLinkACertificateToItsIssuer() throws Exception {
        Issued ca = TestCertificates.builder().keyPair(rsa).subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
        CertificateInfo caInfo = ca.info();
        CertificateInfo user = CertificateInfo.parse(ecCertificate().issuer(ca).build().der());

        // RFC 5280 method 1: SHA-1 of the public key's bits, computed here independently.
        byte[] expected = MessageDigest.getInstance("SHA-1")
                .digest(caInfo.publicKey().getPublicKeyData().getBytes());
        assertArrayEquals(expected, caInfo.subjectKeyId().orElseThrow());
        assertArrayEquals(expected, user.authorityKeyId().orElseThrow());
        assertNotEquals(hex(user.subjectKeyId().orElseThrow()), hex(expected));
    }

    @Test
    void fingerprintsAreOverTheExactBytes() throws Exception {
        byte[] der = ecCertificate().build().der();
        CertificateInfo info = CertificateInfo.parse(der);
        assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(der)), info.sha256());
        assertEquals(64, info.sha256().length());
        assertEquals(40, info.sha1().length());
        assertEquals(info.sha256().toLowerCase(), info.sha256());

        byte[] copy = info.encoded();
        assertArrayEquals(der, copy);
        copy[10] ^= 1;
        assertArrayEquals(der, info.encoded(), "encoded() hands out a copy");
        der[10] ^= 1;
        assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(info.encoded())), info.sha256(),
                "parse() kept its own copy");
    }

    @Test
    void pemIsReadByParsePemOrDerAndExplainedByParse() throws Exception {
        Issued issued = ecCertificate().build();
        byte[] pem = issued.pem().getBytes(StandardCharsets.US_ASCII);
        assertEquals(issued.info(), CertificateInfo.parsePemOrDer(pem));
        assertEquals(issued.info(), CertificateInfo.parsePemOrDer(issued.der()));
        CertificateParseException e = assertThrows(CertificateParseException.class, () -> CertificateInfo.parse(pem));
        assertTrue(e.getMessage().startsWith("PEM text, not DER"), e.getMessage());
    }

    @Test
    void issueCertifiesAKeyThatLivesElsewhere() throws Exception {
        Issued ca = TestCertificates.builder().keyType(KeyType.SM2).subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
        KeyPair tokenKey = TestCertificates.keyPair(KeyType.SM2);
        var publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(tokenKey.getPublic().getEncoded());

        var certificate = TestCertificates.issue(publicKey, name(UTF8, "C=CN", "CN=张三"),
                new Validity(NOT_BEFORE, NOT_AFTER), ca.certificate(), ca.privateKey());
        CertificateInfo info = CertificateInfo.parse(certificate.getEncoded());
        assertEquals(publicKey, info.publicKey());
        assertTrue(CertificateInfo.sameName(ca.subject(), info.issuerName()));
        assertEquals("SM3withSM2", info.signatureAlgorithm());
        assertTrue(certificate.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(TestCertificates.BC).build(ca.certificate())));
        // The BC provider turns it into a JCA certificate as well, for code that needs one.
        X509Certificate jca = new JcaX509CertificateConverter().setProvider(TestCertificates.BC)
                .getCertificate(certificate);
        assertEquals(info.serial(), jca.getSerialNumber());
    }

    @Test
    void equalityIsByBytes() throws Exception {
        Issued issued = ecCertificate().build();
        assertEquals(issued.info(), CertificateInfo.parse(issued.der()));
        assertEquals(issued.info().hashCode(), CertificateInfo.parse(issued.der()).hashCode());
        assertNotEquals(issued.info(), ecCertificate().build().info());
        assertTrue(issued.info().toString().contains("测试用户"));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
