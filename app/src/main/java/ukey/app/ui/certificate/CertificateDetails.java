package ukey.app.ui.certificate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.util.ASN1Dump;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

import ukey.app.ui.common.I18n;

/**
 * 详细信息: every field and extension of a certificate, read with BouncyCastle (RSA, EC and SM2 alike).
 * Extensions the client knows are spelled out; the others are shown as their ASN.1 structure.
 */
public final class CertificateDetails {

    private static final DefaultAlgorithmNameFinder ALGORITHMS = new DefaultAlgorithmNameFinder();
    private static final Map<ASN1ObjectIdentifier, String> EXTENSION_NAMES = Map.ofEntries(
            Map.entry(Extension.subjectKeyIdentifier, "Subject Key Identifier"),
            Map.entry(Extension.authorityKeyIdentifier, "Authority Key Identifier"),
            Map.entry(Extension.keyUsage, "Key Usage"),
            Map.entry(Extension.extendedKeyUsage, "Extended Key Usage"),
            Map.entry(Extension.basicConstraints, "Basic Constraints"),
            Map.entry(Extension.subjectAlternativeName, "Subject Alternative Name"),
            Map.entry(Extension.issuerAlternativeName, "Issuer Alternative Name"),
            Map.entry(Extension.cRLDistributionPoints, "CRL Distribution Points"),
            Map.entry(Extension.authorityInfoAccess, "Authority Information Access"),
            Map.entry(Extension.certificatePolicies, "Certificate Policies"),
            Map.entry(Extension.subjectDirectoryAttributes, "Subject Directory Attributes"));

    private CertificateDetails() {
    }

    public static List<Field> of(X509CertificateHolder certificate, I18n i18n) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(i18n.tr("certificate.field.version"), "V" + certificate.getVersionNumber()));
        fields.add(new Field(i18n.tr("certificate.field.serial"), hex(certificate.getSerialNumber())));
        fields.add(new Field(i18n.tr("certificate.field.signatureAlgorithm"),
                algorithm(certificate.getSignatureAlgorithm())));
        fields.add(new Field(i18n.tr("certificate.field.issuer"), certificate.getIssuer().toString()));
        fields.add(new Field(i18n.tr("certificate.field.notBefore"),
                certificate.getNotBefore().toInstant().toString()));
        fields.add(new Field(i18n.tr("certificate.field.notAfter"),
                certificate.getNotAfter().toInstant().toString()));
        fields.add(new Field(i18n.tr("certificate.field.subject"), certificate.getSubject().toString()));
        SubjectPublicKeyInfo key = certificate.getSubjectPublicKeyInfo();
        fields.add(new Field(i18n.tr("certificate.field.publicKey"), publicKey(key)));
        fields.add(new Field(i18n.tr("certificate.field.publicKeyValue"),
                HexFormat.ofDelimiter(" ").formatHex(key.getPublicKeyData().getBytes())));
        if (certificate.getExtensions() != null) {
            for (ASN1ObjectIdentifier oid : certificate.getExtensions().getExtensionOIDs()) {
                Extension extension = certificate.getExtension(oid);
                String name = EXTENSION_NAMES.getOrDefault(oid, oid.getId());
                if (extension.isCritical()) {
                    name = i18n.format("certificate.field.critical", name);
                }
                fields.add(new Field(name, extension(extension)));
            }
        }
        fields.add(new Field(i18n.tr("certificate.field.signature"),
                HexFormat.ofDelimiter(" ").formatHex(certificate.getSignature())));
        return fields;
    }

    static String algorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String name = ALGORITHMS.getAlgorithmName(oid);
        return name.equals(oid.getId()) ? name : name + " (" + oid.getId() + ")";
    }

    /** "RSA 2048", "EC secp256r1", "EC sm2p256v1 (SM2)". */
    static String publicKey(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPublicKey rsa = RSAPublicKey.getInstance(key.parsePublicKey());
                return "RSA " + rsa.getModulus().bitLength();
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)
                    && key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
                String name = ECNamedCurveTable.getName(curve);
                if (name == null) {
                    name = GMNamedCurves.getName(curve);
                }
                boolean sm2 = "sm2p256v1".equals(name);
                return "EC " + (name == null ? curve.getId() : name) + (sm2 ? " (SM2)" : "");
            }
        } catch (java.io.IOException e) {
            // fall through to the algorithm's name
        }
        return algorithm(key.getAlgorithm());
    }

    static String extension(Extension extension) {
        ASN1ObjectIdentifier oid = extension.getExtnId();
        try {
            if (oid.equals(Extension.keyUsage)) {
                return keyUsage(KeyUsage.getInstance(extension.getParsedValue()));
            }
            if (oid.equals(Extension.extendedKeyUsage)) {
                List<String> purposes = new ArrayList<>();
                for (KeyPurposeId purpose : ExtendedKeyUsage.getInstance(extension.getParsedValue()).getUsages()) {
                    purposes.add(purposeName(purpose));
                }
                return String.join(", ", purposes);
            }
            if (oid.equals(Extension.basicConstraints)) {
                BasicConstraints constraints = BasicConstraints.getInstance(extension.getParsedValue());
                return constraints.isCA() ? "CA" + (constraints.getPathLenConstraint() == null ? ""
                        : ", pathLen=" + constraints.getPathLenConstraint()) : "End entity";
            }
            if (oid.equals(Extension.subjectAlternativeName) || oid.equals(Extension.issuerAlternativeName)) {
                List<String> names = new ArrayList<>();
                for (GeneralName name : GeneralNames.getInstance(extension.getParsedValue()).getNames()) {
                    names.add(name.getName().toString());
                }
                return String.join(", ", names);
            }
            if (oid.equals(Extension.subjectKeyIdentifier) || oid.equals(Extension.authorityKeyIdentifier)) {
                return ASN1Dump.dumpAsString(extension.getParsedValue(), true).strip();
            }
        } catch (IllegalArgumentException e) {
            // malformed: show the structure below
        }
        ASN1Primitive value = extension.getParsedValue().toASN1Primitive();
        return ASN1Dump.dumpAsString(value, true).strip();
    }

    private static String keyUsage(KeyUsage usage) {
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        int[] bits = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
            KeyUsage.encipherOnly, KeyUsage.decipherOnly};
        List<String> set = new ArrayList<>();
        for (int i = 0; i < bits.length; i++) {
            if (usage.hasUsages(bits[i])) {
                set.add(names[i]);
            }
        }
        return String.join(", ", set);
    }

    private static String purposeName(KeyPurposeId purpose) {
        Map<KeyPurposeId, String> names = Map.of(
                KeyPurposeId.id_kp_clientAuth, "clientAuth", KeyPurposeId.id_kp_serverAuth, "serverAuth",
                KeyPurposeId.id_kp_emailProtection, "emailProtection", KeyPurposeId.id_kp_codeSigning, "codeSigning",
                KeyPurposeId.id_kp_timeStamping, "timeStamping", KeyPurposeId.id_kp_OCSPSigning, "OCSPSigning");
        return names.getOrDefault(purpose, purpose.toOID().getId());
    }

    private static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
