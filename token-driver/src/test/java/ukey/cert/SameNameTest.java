package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukey.token.testing.TestCertificates.StringType.BMP;
import static ukey.token.testing.TestCertificates.StringType.PRINTABLE;
import static ukey.token.testing.TestCertificates.StringType.UTF8;
import static ukey.token.testing.TestCertificates.name;

import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

/** Names compare by value (RFC 5280 7.1 with RFC 4518 preparation), never by DER bytes. */
class SameNameTest {

    private static boolean same(X500Name a, X500Name b) {
        return CertificateInfo.sameName(a, b) && CertificateInfo.sameName(b, a);
    }

    private static byte[] der(X500Name name) throws Exception {
        return name.getEncoded();
    }

    @Test
    void chineseNameInUtf8StringAndBmpStringIsTheSameName() throws Exception {
        X500Name utf8 = name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三");
        X500Name bmp = name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三");
        assertFalse(Arrays.equals(der(utf8), der(bmp)), "the encodings differ");
        assertTrue(same(utf8, bmp));
    }

    @Test
    void asciiNameInEveryStringType() throws Exception {
        X500Name printable = name(PRINTABLE, "C=CN", "O=Example Tendering Co", "CN=Zhang San");
        X500Name utf8 = name(UTF8, "C=CN", "O=Example Tendering Co", "CN=Zhang San");
        X500Name bmp = name(BMP, "C=CN", "O=Example Tendering Co", "CN=Zhang San");
        assertFalse(Arrays.equals(der(printable), der(utf8)));
        assertTrue(same(printable, utf8));
        assertTrue(same(printable, bmp));
        assertTrue(same(utf8, bmp));
    }

    @Test
    void caseAndInsignificantSpacesDoNotMatter() {
        X500Name original = name(PRINTABLE, "C=CN", "O=Example Tendering Co", "CN=Zhang San");
        assertTrue(same(original, name(UTF8, "C=cn", "O=EXAMPLE TENDERING CO", "CN=zhang san")));
        assertTrue(same(original, name(UTF8, "C=CN", "O=  Example   Tendering Co ", "CN=Zhang\tSan")));
    }

    @Test
    void fullWidthFormsEqualTheirNormalForms() {
        // Chinese company names are written with full-width or ASCII brackets; NFKC makes them one name.
        assertTrue(same(name(UTF8, "O=示例（北京）有限公司"), name(BMP, "O=示例(北京)有限公司")));
        assertTrue(same(name(UTF8, "CN=ＡＢＣ１２３"), name(PRINTABLE, "CN=abc123")));
    }

    @Test
    void differentValuesOrderOrShapeAreDifferentNames() {
        X500Name name = name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三");
        assertFalse(same(name, name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=李四")));
        assertFalse(same(name, name(UTF8, "C=CN", "O=示例招标代理有限公司")));
        assertFalse(same(name, name(UTF8, "C=CN", "OU=示例招标代理有限公司", "CN=张三")), "type matters");
        assertFalse(same(name, name(UTF8, "C=CN", "O=示例招标代理有限公司", "CN=张三", "CN=张三")));
        assertFalse(same(name, name(UTF8, "CN=张三", "O=示例招标代理有限公司", "C=CN")),
                "reversed order is another name (BouncyCastle's X500Name.equals would accept it)");
        assertFalse(same(name(UTF8, "CN=张 三"), name(UTF8, "CN=张三")), "inner spaces are significant");
    }

    @Test
    void multiValuedRdnIsASet() {
        X500Name ab = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                .addMultiValuedRDN(new AttributeTypeAndValue[] {
                        pair(BCStyle.CN, new DERUTF8String("张三")),
                        pair(BCStyle.SERIALNUMBER, new DERPrintableString("42"))})
                .build();
        X500Name ba = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                .addMultiValuedRDN(new AttributeTypeAndValue[] {
                        pair(BCStyle.SERIALNUMBER, new DERUTF8String("42")), pair(BCStyle.CN, new DERUTF8String("张三"))})
                .build();
        X500Name other = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                .addMultiValuedRDN(new AttributeTypeAndValue[] {
                        pair(BCStyle.SERIALNUMBER, new DERUTF8String("43")), pair(BCStyle.CN, new DERUTF8String("张三"))})
                .build();
        assertTrue(same(ab, ba));
        assertFalse(same(ab, other));
    }

    @Test
    void nonStringValuesCompareByEncoding() {
        ASN1ObjectIdentifier type = new ASN1ObjectIdentifier("1.2.3.4");
        X500Name one = new X500NameBuilder().addRDN(type, new DEROctetString(new byte[] {1, 2})).build();
        X500Name same = new X500NameBuilder().addRDN(type, new DEROctetString(new byte[] {1, 2})).build();
        X500Name other = new X500NameBuilder().addRDN(type, new DEROctetString(new byte[] {1, 3})).build();
        X500Name text = new X500NameBuilder().addRDN(type, new DERUTF8String("\u0001\u0002")).build();
        assertTrue(same(one, same));
        assertFalse(same(one, other));
        assertFalse(same(one, text));
        assertNotEquals(one, text);
    }

    private static AttributeTypeAndValue pair(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new AttributeTypeAndValue(type, value);
    }
}
