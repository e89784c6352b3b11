package ukey.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.UserNotice;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateInfo.Detail;

/**
 * Every field and extension of a certificate as facts for the certificate-details dialog: which part it is and
 * its value as text (the app names the parts); known extensions are decoded, others shown in hex.
 */
final class CertificateDetails {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Extensions decoded to readable text, by OID, with the part each one is. */
    private static final Map<ASN1ObjectIdentifier, Decoder> DECODERS = Map.ofEntries(
            Map.entry(Extension.basicConstraints, new Decoder(CertificatePart.BASIC_CONSTRAINTS,
                    CertificateDetails::basicConstraints)),
            Map.entry(Extension.keyUsage, new Decoder(CertificatePart.KEY_USAGE,
                    value -> String.join(", ", Usages.keyUsage(KeyUsage.getInstance(value))))),
            Map.entry(Extension.extendedKeyUsage, new Decoder(CertificatePart.EXTENDED_KEY_USAGE,
                    value -> String.join(", ", Usages.extendedKeyUsage(ExtendedKeyUsage.getInstance(value))))),
            Map.entry(Extension.subjectKeyIdentifier, new Decoder(CertificatePart.SUBJECT_KEY_IDENTIFIER,
                    value -> spacedHex(SubjectKeyIdentifier.getInstance(value).getKeyIdentifier()))),
            Map.entry(Extension.authorityKeyIdentifier, new Decoder(CertificatePart.AUTHORITY_KEY_IDENTIFIER,
                    CertificateDetails::authorityKeyIdentifier)),
            Map.entry(Extension.subjectAlternativeName, new Decoder(CertificatePart.SUBJECT_ALTERNATIVE_NAME,
                    value -> generalNames(GeneralNames.getInstance(value), "\n"))),
            Map.entry(Extension.issuerAlternativeName, new Decoder(CertificatePart.ISSUER_ALTERNATIVE_NAME,
                    value -> generalNames(GeneralNames.getInstance(value), "\n"))),
            Map.entry(Extension.cRLDistributionPoints, new Decoder(CertificatePart.CRL_DISTRIBUTION_POINTS,
                    CertificateDetails::distributionPoints)),
            Map.entry(Extension.freshestCRL, new Decoder(CertificatePart.FRESHEST_CRL, CertificateDetails::distributionPoints)),
            Map.entry(Extension.authorityInfoAccess, new Decoder(CertificatePart.AUTHORITY_INFORMATION_ACCESS,
                    CertificateDetails::authorityInformationAccess)),
            Map.entry(Extension.certificatePolicies, new Decoder(CertificatePart.CERTIFICATE_POLICIES,
                    CertificateDetails::certificatePolicies)));

    /** Extensions known by name only: their value is shown in hex. */
    private static final Map<ASN1ObjectIdentifier, CertificatePart> NAMES = Map.of(
            Extension.nameConstraints, CertificatePart.NAME_CONSTRAINTS,
            Extension.policyConstraints, CertificatePart.POLICY_CONSTRAINTS,
            Extension.policyMappings, CertificatePart.POLICY_MAPPINGS,
            Extension.inhibitAnyPolicy, CertificatePart.INHIBIT_ANY_POLICY,
            Extension.subjectDirectoryAttributes, CertificatePart.SUBJECT_DIRECTORY_ATTRIBUTES,
            Extension.subjectInfoAccess, CertificatePart.SUBJECT_INFORMATION_ACCESS,
            new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), CertificatePart.SIGNED_CERTIFICATE_TIMESTAMPS,
            new ASN1ObjectIdentifier("2.16.840.1.113730.1.1"), CertificatePart.NETSCAPE_CERTIFICATE_TYPE);

    private record Decoder(CertificatePart part, Function<ASN1Encodable, String> decode) {
    }

    private CertificateDetails() {
    }

    static List<Detail> of(CertificateInfo info) {
        X509CertificateHolder holder = info.holder();
        List<Detail> fields = new ArrayList<>();
        fields.add(field(CertificatePart.VERSION, "V" + holder.getVersionNumber()));
        fields.add(field(CertificatePart.SERIAL_NUMBER, info.serialHex()));
        fields.add(field(CertificatePart.SIGNATURE_ALGORITHM,
                info.signatureAlgorithm() + " (" + holder.getSignatureAlgorithm().getAlgorithm().getId() + ")"));
        fields.add(field(CertificatePart.ISSUER, info.issuer()));
        fields.add(field(CertificatePart.VALID_FROM, time(info.notBefore())));
        fields.add(field(CertificatePart.VALID_TO, time(info.notAfter())));
        fields.add(field(CertificatePart.SUBJECT, info.subject()));
        fields.add(field(CertificatePart.PUBLIC_KEY_ALGORITHM, info.keyAlgorithm()
                + " (" + info.publicKey().getAlgorithm().getAlgorithm().getId() + ")"));
        fields.add(field(CertificatePart.PUBLIC_KEY, spacedHex(info.publicKey().getPublicKeyData().getBytes())));
        var tbs = holder.toASN1Structure().getTBSCertificate();
        if (tbs.getIssuerUniqueId() != null) {
            fields.add(field(CertificatePart.ISSUER_UNIQUE_ID, spacedHex(tbs.getIssuerUniqueId().getBytes())));
        }
        if (tbs.getSubjectUniqueId() != null) {
            fields.add(field(CertificatePart.SUBJECT_UNIQUE_ID, spacedHex(tbs.getSubjectUniqueId().getBytes())));
        }
        if (holder.hasExtensions()) {
            for (ASN1ObjectIdentifier oid : holder.getExtensions().getExtensionOIDs()) {
                fields.add(extension(holder.getExtension(oid)));
            }
        }
        fields.add(field(CertificatePart.SIGNATURE, spacedHex(holder.getSignature())));
        fields.add(field(CertificatePart.SHA256_FINGERPRINT, info.sha256()));
        fields.add(field(CertificatePart.SHA1_FINGERPRINT, info.sha1()));
        return List.copyOf(fields);
    }

    private static Detail field(CertificatePart part, String value) {
        return new Detail(part, Optional.empty(), false, value);
    }

    private static Detail extension(Extension extension) {
        ASN1ObjectIdentifier oid = extension.getExtnId();
        Optional<String> id = Optional.of(oid.getId());
        Decoder decoder = DECODERS.get(oid);
        if (decoder != null) {
            return new Detail(decoder.part(), id, extension.isCritical(), decode(decoder, extension));
        }
        CertificatePart part = NAMES.getOrDefault(oid, CertificatePart.EXTENSION);
        return new Detail(part, id, extension.isCritical(), unknownValue(extension));
    }

    /** A known extension whose value does not decode is shown raw rather than hiding the rest of the dialog. */
    private static String decode(Decoder decoder, Extension extension) {
        try {
            return decoder.decode().apply(extension.getParsedValue());
        } catch (RuntimeException e) {
            return "(malformed) " + spacedHex(extension.getExtnValue().getOctets());
        }
    }

    /** Hex of the value; when the value is a single string (CAs put ID numbers so), the text too. */
    private static String unknownValue(Extension extension) {
        byte[] octets = extension.getExtnValue().getOctets();
        String hex = spacedHex(octets);
        try {
            String text = DistinguishedNames.text(ASN1Primitive.fromByteArray(octets));
            if (text != null) {
                return text + "\n" + hex;
            }
        } catch (IOException | RuntimeException notDer) {
            // not DER: hex alone says all we know
        }
        return hex;
    }

    private static String basicConstraints(ASN1Encodable value) {
        BasicConstraints constraints = BasicConstraints.getInstance(value);
        if (!constraints.isCA()) {
            return "CA: no";
        }
        BigInteger pathLength = constraints.getPathLenConstraint();
        return "CA: yes, path length: " + (pathLength == null ? "unlimited" : pathLength.toString());
    }

    private static String authorityKeyIdentifier(ASN1Encodable value) {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(value);
        List<String> parts = new ArrayList<>();
        if (aki.getKeyIdentifierOctets() != null) {
            parts.add("key ID: " + spacedHex(aki.getKeyIdentifierOctets()));
        }
        if (aki.getAuthorityCertIssuer() != null) {
            parts.add("issuer: " + generalNames(aki.getAuthorityCertIssuer(), "; "));
        }
        if (aki.getAuthorityCertSerialNumber() != null) {
            parts.add("serial: " + aki.getAuthorityCertSerialNumber().toString(16));
        }
        return String.join("\n", parts);
    }

    private static String distributionPoints(ASN1Encodable value) {
        List<String> lines = new ArrayList<>();
        for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                lines.add(generalNames(GeneralNames.getInstance(name.getName()), "\n"));
            } else if (name != null) {
                RDN relative = RDN.getInstance(name.getName());
                lines.add("relative to CRL issuer: " + DistinguishedNames.format(new X500Name(new RDN[] {relative})));
            }
            if (point.getReasons() != null) {
                lines.add("reasons: " + reasons(point.getReasons()));
            }
            if (point.getCRLIssuer() != null) {
                lines.add("CRL issuer: " + generalNames(point.getCRLIssuer(), "; "));
            }
        }
        return String.join("\n", lines);
    }

    private static String reasons(ReasonFlags flags) {
        String[] names = {"unused", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
                "cessationOfOperation", "certificateHold", "privilegeWithdrawn", "aACompromise"};
        List<String> set = new ArrayList<>();
        byte[] bits = flags.getBytes();
        for (int i = 0; i < names.length; i++) {
            if (i / 8 < bits.length && (bits[i / 8] & (0x80 >> (i % 8))) != 0) {
                set.add(names[i]);
            }
        }
        return String.join(", ", set);
    }

    private static String authorityInformationAccess(ASN1Encodable value) {
        List<String> lines = new ArrayList<>();
        for (AccessDescription access : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
            ASN1ObjectIdentifier method = access.getAccessMethod();
            String label = method.equals(AccessDescription.id_ad_ocsp) ? "OCSP"
                    : method.equals(AccessDescription.id_ad_caIssuers) ? "CA issuers" : method.getId();
            lines.add(label + ": " + generalName(access.getAccessLocation()));
        }
        return String.join("\n", lines);
    }

    private static String certificatePolicies(ASN1Encodable value) {
        List<String> lines = new ArrayList<>();
        for (PolicyInformation policy : CertificatePolicies.getInstance(value).getPolicyInformation()) {
            String id = policy.getPolicyIdentifier().getId();
            lines.add("policy: " + (id.equals("2.5.29.32.0") ? "anyPolicy" : id));
            if (policy.getPolicyQualifiers() == null) {
                continue;
            }
            for (ASN1Encodable element : policy.getPolicyQualifiers()) {
                PolicyQualifierInfo qualifier = PolicyQualifierInfo.getInstance(element);
                if (qualifier.getPolicyQualifierId().equals(PolicyQualifierId.id_qt_cps)) {
                    lines.add("  CPS: " + DistinguishedNames.text(qualifier.getQualifier()));
                } else if (qualifier.getPolicyQualifierId().equals(PolicyQualifierId.id_qt_unotice)) {
                    lines.add("  user notice: " + userNotice(UserNotice.getInstance(qualifier.getQualifier())));
                } else {
                    lines.add("  " + qualifier.getPolicyQualifierId().getId());
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String userNotice(UserNotice notice) {
        List<String> parts = new ArrayList<>();
        if (notice.getExplicitText() != null) {
            parts.add(notice.getExplicitText().getString());
        }
        if (notice.getNoticeRef() != null) {
            List<String> numbers = new ArrayList<>();
            for (ASN1Integer number : notice.getNoticeRef().getNoticeNumbers()) {
                numbers.add(number.getValue().toString());
            }
            parts.add("(" + notice.getNoticeRef().getOrganization().getString() + " " + String.join(", ", numbers)
                    + ")");
        }
        return String.join(" ", parts);
    }

    private static String generalNames(GeneralNames names, String separator) {
        List<String> parts = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            parts.add(generalName(name));
        }
        return String.join(separator, parts);
    }

    private static String generalName(GeneralName name) {
        ASN1Encodable value = name.getName();
        return switch (name.getTagNo()) {
            case GeneralName.rfc822Name -> "email: " + DistinguishedNames.text(value);
            case GeneralName.dNSName -> "DNS: " + DistinguishedNames.text(value);
            case GeneralName.uniformResourceIdentifier -> "URI: " + DistinguishedNames.text(value);
            case GeneralName.iPAddress -> "IP: " + ipAddress(ASN1OctetString.getInstance(value).getOctets());
            case GeneralName.directoryName -> "DirName: " + DistinguishedNames.format(X500Name.getInstance(value));
            case GeneralName.registeredID -> "RID: " + ASN1ObjectIdentifier.getInstance(value).getId();
            case GeneralName.otherName -> otherName(OtherName.getInstance(value));
            default -> "[" + name.getTagNo() + "] " + spacedHex(encoded(value));
        };
    }

    private static String otherName(OtherName name) {
        ASN1Encodable value = name.getValue();
        if (value instanceof ASN1TaggedObject tagged) {
            value = tagged.getBaseObject();
        }
        String text = DistinguishedNames.text(value);
        String id = name.getTypeID().getId();
        String label = id.equals("1.3.6.1.4.1.311.20.2.3") ? "UPN" : id;
        return "otherName: " + label + "=" + (text != null ? text : spacedHex(encoded(value)));
    }

    private static String ipAddress(byte[] address) {
        if (address.length == 4 || address.length == 16) {
            try {
                return InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return spacedHex(address); // address + mask, as name constraints carry them
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-encode a parsed value", e);
        }
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** "0a 1b 2c" — easier to read and to compare by eye than one long run of digits. */
    private static String spacedHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
