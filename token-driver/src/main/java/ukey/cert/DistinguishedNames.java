package ukey.cert;

import java.io.IOException;
import java.nio.charset.Charset;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Reads, shows and compares X.500 names by their values, whatever string type the CA encoded them in. */
final class DistinguishedNames {

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private DistinguishedNames() {
    }

    /**
     * The name as people read it: most specific part first (RFC 4514 order), ", " between parts, " + " inside a
     * multi-valued part, e.g. "CN=张三, O=示例招标代理有限公司, C=CN".
     */
    static String format(X500Name name) {
        RDN[] rdns = name.getRDNs();
        List<String> parts = new ArrayList<>(rdns.length);
        for (int i = rdns.length - 1; i >= 0; i--) {
            List<String> pairs = new ArrayList<>();
            for (AttributeTypeAndValue pair : rdns[i].getTypesAndValues()) {
                pairs.add(attributeName(pair.getType()) + "=" + formatValue(pair.getValue()));
            }
            parts.add(String.join(" + ", pairs));
        }
        return String.join(", ", parts);
    }

    /** The short name (CN, O, OU, C, E, SERIALNUMBER...) or, for an attribute BouncyCastle does not know, its OID. */
    static String attributeName(ASN1ObjectIdentifier type) {
        String name = BCStyle.INSTANCE.oidToDisplayName(type);
        return name != null ? name : type.getId();
    }

    /** The value of the most specific (last in DER order) attribute of this type, or null. */
    static String lastValue(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs();
        for (int i = rdns.length - 1; i >= 0; i--) {
            AttributeTypeAndValue[] pairs = rdns[i].getTypesAndValues();
            for (int j = pairs.length - 1; j >= 0; j--) {
                if (pairs[j].getType().equals(type)) {
                    return text(pairs[j].getValue());
                }
            }
        }
        return null;
    }

    /**
     * Equal by value as RFC 5280 section 7.1 asks: same RDNs in the same order, each RDN the same set of
     * attributes, string values compared after RFC 4518 preparation (case folded, NFKC, insignificant spaces
     * dropped), so UTF8String, PrintableString and BMPString encodings of one name are equal.
     */
    static boolean sameName(X500Name a, X500Name b) {
        RDN[] left = a.getRDNs();
        RDN[] right = b.getRDNs();
        if (left.length != right.length) {
            return false;
        }
        for (int i = 0; i < left.length; i++) {
            if (!sameRdn(left[i], right[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRdn(RDN a, RDN b) {
        AttributeTypeAndValue[] left = a.getTypesAndValues();
        AttributeTypeAndValue[] right = b.getTypesAndValues();
        if (left.length != right.length) {
            return false;
        }
        // A multi-valued RDN is a set: match each pair with a distinct pair of the other side.
        boolean[] used = new boolean[right.length];
        next:
        for (AttributeTypeAndValue pair : left) {
            for (int j = 0; j < right.length; j++) {
                if (!used[j] && sameAttribute(pair, right[j])) {
                    used[j] = true;
                    continue next;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean sameAttribute(AttributeTypeAndValue a, AttributeTypeAndValue b) {
        if (!a.getType().equals(b.getType())) {
            return false;
        }
        String left = text(a.getValue());
        String right = text(b.getValue());
        if (left != null && right != null) {
            return prepare(left).equals(prepare(right));
        }
        // Values that are not strings can only be compared as encoded.
        return left == null && right == null
                && a.getValue().toASN1Primitive().equals(b.getValue().toASN1Primitive());
    }

    /** The value as text when it is a character string, else null. */
    static String text(ASN1Encodable value) {
        if (value instanceof ASN1UniversalString universal) {
            // BouncyCastle shows UniversalString as hex; it is UCS-4, big-endian.
            return new String(universal.getOctets(), UTF_32BE);
        }
        if (value instanceof ASN1String string && !(value instanceof ASN1BitString)) {
            return string.getString();
        }
        return null;
    }

    private static String formatValue(ASN1Encodable value) {
        String text = text(value);
        if (text == null) {
            try {
                return "#" + HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            } catch (IOException e) {
                throw new IllegalStateException("cannot re-encode a parsed value", e);
            }
        }
        return escape(text);
    }

    /** RFC 4514 escaping, so that a comma inside an organisation's name cannot be read as a separator. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special = switch (c) {
                case ',', '+', '"', '\\', '<', '>', ';' -> true;
                case '#' -> i == 0;
                case ' ' -> i == 0 || i == value.length() - 1;
                default -> false;
            };
            if (special) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 4518 string preparation for caseIgnoreMatch, in the parts that matter for names CAs issue. */
    static String prepare(String value) {
        StringBuilder mapped = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (mapsToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(mapsToSpace(cp) ? ' ' : cp);
        });
        String folded = mapped.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        String normalized = Normalizer.normalize(folded, Normalizer.Form.NFKC);
        return normalized.trim().replaceAll(" {2,}", " ");
    }

    private static boolean mapsToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFFC || cp == 0x200B
                || cp <= 0x08 || (cp >= 0x0E && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x84)
                || (cp >= 0x86 && cp <= 0x9F);
    }

    private static boolean mapsToSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }
}
