package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.UTF8;
import static ukey.token.testing.TestCertificates.name;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DisplayText;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.UserNotice;
import org.junit.jupiter.api.Test;

import ukey.cert.CertificateInfo.Detail;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;

class CertificateDetailsTest {

    private static final ASN1ObjectIdentifier ID_NUMBER = new ASN1ObjectIdentifier("1.2.156.10260.4.1.1");
    private static final ASN1ObjectIdentifier PRIVATE_BINARY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");

    /** The details by part ("KEY_USAGE"; another extension by its OID), a critical one marked " (critical)". */
    private static Map<String, String> byName(List<Detail> fields) {
        Map<String, String> map = new LinkedHashMap<>();
        fields.forEach(field -> map.put((field.part() == CertificatePart.EXTENSION ? field.oid().orElseThrow()
                : field.part().name()) + (field.critical() ? " (critical)" : ""), field.value()));
        assertEquals(fields.size(), map.size(), "field names are unique: " + fields);
        return map;
    }

    @Test
    void everyFieldAndEveryExtensionIsListedReadably() throws Exception {
        Issued ca = TestCertificates.builder().subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
        Issued user = TestCertificates.builder().issuer(ca)
                .subject(name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三"))
                .validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
                .extension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "ukey.example.cn"),
                        new GeneralName(GeneralName.rfc822Name, "zhangsan@example.cn"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(name(UTF8, "C=CN", "CN=张三")),
                        new GeneralName(GeneralName.otherName, new OtherName(
                                new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERUTF8String("zs@corp")))}))
                .extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                GeneralName.uniformResourceIdentifier, "http://crl.example.cn/ca.crl"))), null, null)}))
                .extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription[] {
                                new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(
                                        GeneralName.uniformResourceIdentifier, "http://ocsp.example.cn")),
                                new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(
                                        GeneralName.uniformResourceIdentifier, "http://ca.example.cn/ca.cer"))}))
                .extension(Extension.certificatePolicies, false, new CertificatePolicies(new PolicyInformation(
                        new ASN1ObjectIdentifier("1.2.156.112559.1.1.1"), new DERSequence(new PolicyQualifierInfo[] {
                                new PolicyQualifierInfo("http://www.example.cn/cps"),
                                new PolicyQualifierInfo(org.bouncycastle.asn1.x509.PolicyQualifierId.id_qt_unotice,
                                        new UserNotice(null, new DisplayText("仅用于电子招投标")))}))))
                .extension(ID_NUMBER, false, new DERPrintableString("110101199001011234"))
                .extension(PRIVATE_BINARY, true, new org.bouncycastle.asn1.DEROctetString(new byte[] {1, 2, 3}))
                .build();
        CertificateInfo info = user.info();
        Map<String, String> fields = byName(info.details());

        assertEquals("V3", fields.get("VERSION"));
        assertEquals(info.serialHex(), fields.get("SERIAL_NUMBER"));
        assertEquals("SHA256withECDSA (1.2.840.10045.4.3.2)", fields.get("SIGNATURE_ALGORITHM"));
        assertEquals("O=测试CA, C=CN", fields.get("ISSUER"));
        assertEquals("CN=张三, O=示例招标代理有限公司, C=CN", fields.get("SUBJECT"));
        assertEquals("2025-01-01 00:00:00 UTC", fields.get("VALID_FROM"));
        assertEquals("2026-01-01 00:00:00 UTC", fields.get("VALID_TO"));
        assertEquals("EC-P256 (1.2.840.10045.2.1)", fields.get("PUBLIC_KEY_ALGORITHM"));
        assertEquals(spaced(info.publicKey().getPublicKeyData().getBytes()), fields.get("PUBLIC_KEY"));

        assertEquals("digitalSignature, nonRepudiation", fields.get("KEY_USAGE (critical)"));
        assertEquals("clientAuth", fields.get("EXTENDED_KEY_USAGE"));
        assertEquals(spaced(info.subjectKeyId().orElseThrow()), fields.get("SUBJECT_KEY_IDENTIFIER"));
        assertEquals("key ID: " + spaced(ca.info().subjectKeyId().orElseThrow()),
                fields.get("AUTHORITY_KEY_IDENTIFIER"));
        assertEquals("""
                DNS: ukey.example.cn
                email: zhangsan@example.cn
                IP: 127.0.0.1
                DirName: CN=张三, C=CN
                otherName: UPN=zs@corp""", fields.get("SUBJECT_ALTERNATIVE_NAME"));
        assertEquals("URI: http://crl.example.cn/ca.crl", fields.get("CRL_DISTRIBUTION_POINTS"));
        assertEquals("OCSP: URI: http://ocsp.example.cn\nCA issuers: URI: http://ca.example.cn/ca.cer",
                fields.get("AUTHORITY_INFORMATION_ACCESS"));
        assertEquals("""
                policy: 1.2.156.112559.1.1.1
                  CPS: http://www.example.cn/cps
                  user notice: 仅用于电子招投标""", fields.get("CERTIFICATE_POLICIES"));
        // Unknown extensions: OID and hex, with the text when the value is a string (ID numbers are put so).
        assertEquals("110101199001011234\n13 12 31 31 30 31 30 31 31 39 39 30 30 31 30 31 31 32 33 34",
                fields.get("1.2.156.10260.4.1.1"));
        assertEquals("04 03 01 02 03", fields.get("1.3.6.1.4.1.99999.1 (critical)"));

        assertEquals(spaced(user.certificate().getSignature()), fields.get("SIGNATURE"));
        assertEquals(info.sha256(), fields.get("SHA256_FINGERPRINT"));
        assertEquals(info.sha1(), fields.get("SHA1_FINGERPRINT"));

        // Nothing is left out: the nine fixed fields, one per extension, the signature and two fingerprints.
        int extensions = user.certificate().getExtensions().getExtensionOIDs().length;
        assertEquals(9 + extensions + 3, fields.size());
    }

    @Test
    void caCertificateShowsBasicConstraints() {
        Issued ca = TestCertificates.builder().ca().build();
        Map<String, String> fields = byName(ca.info().details());
        assertEquals("CA: yes, path length: unlimited", fields.get("BASIC_CONSTRAINTS (critical)"));
        assertEquals("keyCertSign, cRLSign", fields.get("KEY_USAGE (critical)"));
    }

    @Test
    void malformedKnownExtensionIsShownRawInsteadOfFailing() throws Exception {
        // An AIA that is an IA5String: parse() does not read AIA, the dialog must still show everything.
        Issued issued = TestCertificates.builder()
                .extension(Extension.authorityInfoAccess, false, new DERIA5String("http://nope")).build();
        Map<String, String> fields = byName(issued.info().details());
        assertTrue(fields.get("AUTHORITY_INFORMATION_ACCESS").startsWith("(malformed) 16 0b 68 74 74 70"),
                fields.get("AUTHORITY_INFORMATION_ACCESS"));
    }

    private static String spaced(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
