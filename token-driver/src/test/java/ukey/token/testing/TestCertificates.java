package ukey.token.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;

/**
 * Real keys and certificates made with BouncyCastle, for the tests of every module (shipped in the test-jar):
 * RSA, EC P-256/P-384, SM2 (SM3withSM2), Chinese names as UTF8String or BMPString, chosen validity and usages,
 * self-signed or issued by a test CA. {@link #issue} certifies a public key that lives elsewhere (on a token).
 *
 * <pre>{@code
 * Issued ca = TestCertificates.builder().keyType(KeyType.SM2).subject(name(UTF8, "C=CN", "O=测试CA")).ca().build();
 * Issued user = TestCertificates.builder().keyType(KeyType.SM2).issuer(ca)
 *         .subject(name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三"))
 *         .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build();
 * }</pre>
 */
public final class TestCertificates {

    /** One provider instance, passed explicitly: nothing is registered in the JVM's global provider list. */
    public static final Provider BC = new BouncyCastleProvider();

    private static final SecureRandom RANDOM = new SecureRandom();

    public enum KeyType { RSA_2048, RSA_3072, EC_P256, EC_P384, SM2, ED25519 }

    /** How the string values of a name are encoded (C, SERIALNUMBER stay PrintableString, E stays IA5String). */
    public enum StringType { UTF8, BMP, PRINTABLE }

    /** A validity period, whole seconds (certificates carry no fractions). */
    public record Validity(Instant notBefore, Instant notAfter) {
        public Validity {
            notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
            notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
            if (notAfter.isBefore(notBefore)) {
                throw new IllegalArgumentException("notAfter before notBefore");
            }
        }

        public static Validity days(Instant from, int days) {
            return new Validity(from, from.plus(Duration.ofDays(days)));
        }
    }

    /** A certificate with its key pair. */
    public record Issued(X509CertificateHolder certificate, KeyPair keyPair) {

        public byte[] der() {
            return encode(certificate);
        }

        public String pem() {
            return TestCertificates.pem(certificate);
        }

        public PrivateKey privateKey() {
            return keyPair.getPrivate();
        }

        public X500Name subject() {
            return certificate.getSubject();
        }

        public CertificateInfo info() {
            try {
                return CertificateInfo.parse(der());
            } catch (CertificateParseException e) {
                throw new IllegalStateException("a certificate we made does not parse", e);
            }
        }
    }

    private TestCertificates() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator;
            switch (type) {
                case RSA_2048, RSA_3072 -> {
                    generator = KeyPairGenerator.getInstance("RSA", BC);
                    generator.initialize(type == KeyType.RSA_2048 ? 2048 : 3072, RANDOM);
                }
                case EC_P256, EC_P384, SM2 -> {
                    generator = KeyPairGenerator.getInstance("EC", BC);
                    String curve = switch (type) {
                        case EC_P256 -> "secp256r1";
                        case EC_P384 -> "secp384r1";
                        default -> "sm2p256v1";
                    };
                    generator.initialize(new ECGenParameterSpec(curve), RANDOM);
                }
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519", BC);
                default -> throw new IllegalArgumentException(type.toString());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle cannot make a " + type + " key", e);
        }
    }

    /**
     * A name from "KEY=value" parts in DER order, most general first as CAs write them:
     * {@code name(BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三")}.
     */
    public static X500Name name(StringType type, String... attributes) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (String attribute : attributes) {
            int equals = attribute.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected KEY=value: " + attribute);
            }
            ASN1ObjectIdentifier oid = BCStyle.INSTANCE.attrNameToOID(attribute.substring(0, equals).trim());
            builder.addRDN(oid, encodeValue(oid, attribute.substring(equals + 1), type));
        }
        return builder.build();
    }

    private static ASN1Encodable encodeValue(ASN1ObjectIdentifier oid, String value, StringType type) {
        if (oid.equals(BCStyle.C) || oid.equals(BCStyle.SERIALNUMBER) || oid.equals(BCStyle.DN_QUALIFIER)) {
            return new DERPrintableString(value, true);
        }
        if (oid.equals(BCStyle.EmailAddress) || oid.equals(BCStyle.DC)) {
            return new DERIA5String(value, true);
        }
        return switch (type) {
            case UTF8 -> new DERUTF8String(value);
            case BMP -> new DERBMPString(value);
            case PRINTABLE -> new DERPrintableString(value, true); // refuses what PrintableString cannot hold
        };
    }

    /**
     * Certifies a public key that lives elsewhere (a token key): an end-entity certificate for digital signature
     * and non-repudiation, issued and signed by the given CA.
     */
    public static X509CertificateHolder issue(SubjectPublicKeyInfo publicKey, X500Name subject, Validity validity,
                                              X509CertificateHolder issuerCert, PrivateKey issuerKey) {
        return builder().publicKey(publicKey).subject(subject).validity(validity).issuer(issuerCert, issuerKey)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).certificate();
    }

    public static String pem(X509CertificateHolder certificate) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(encode(certificate));
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] encode(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The usual signature algorithm for a signer's public key: SM3withSM2 for SM2, SHA384 for P-384, ... */
    public static String signatureAlgorithmFor(SubjectPublicKeyInfo signerKey) {
        ASN1ObjectIdentifier algorithm = signerKey.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable curve = signerKey.getAlgorithm().getParameters();
            if (GMObjectIdentifiers.sm2p256v1.equals(curve)) {
                return "SM3withSM2";
            }
            return SECObjectIdentifiers.secp384r1.equals(curve) ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (algorithm.getId().equals("1.3.101.112")) {
            return "Ed25519";
        }
        return "SHA256withRSA";
    }

    /** Builds one certificate. Defaults: EC P-256 key, a Chinese UTF8String subject, valid from yesterday on. */
    public static final class Builder {
        private KeyType keyType = KeyType.EC_P256;
        private KeyPair keyPair;
        private SubjectPublicKeyInfo publicKey;
        private X500Name subject = name(StringType.UTF8, "C=CN", "O=UKey 测试单位", "CN=测试用户");
        private Validity validity = Validity.days(Instant.now().minus(Duration.ofDays(1)), 366);
        private Integer keyUsage;
        private final List<KeyPurposeId> purposes = new ArrayList<>();
        private boolean ca;
        private X509CertificateHolder issuerCert;
        private PrivateKey issuerKey;
        private BigInteger serial;
        private String signatureAlgorithm;
        private final List<Extension> extensions = new ArrayList<>();

        private Builder() {
        }

        public Builder keyType(KeyType type) {
            this.keyType = Objects.requireNonNull(type);
            return this;
        }

        /** Use this key pair instead of making one (saves time when a test makes many certificates). */
        public Builder keyPair(KeyPair pair) {
            this.keyPair = Objects.requireNonNull(pair);
            return this;
        }

        /** Certify only this public key; then only {@link #certificate()} can be called, there is no key pair. */
        public Builder publicKey(SubjectPublicKeyInfo key) {
            this.publicKey = Objects.requireNonNull(key);
            return this;
        }

        public Builder subject(X500Name name) {
            this.subject = Objects.requireNonNull(name);
            return this;
        }

        public Builder validity(Validity period) {
            this.validity = Objects.requireNonNull(period);
            return this;
        }

        public Builder validity(Instant notBefore, Instant notAfter) {
            return validity(new Validity(notBefore, notAfter));
        }

        /** Key usage bits of BouncyCastle's {@link KeyUsage}, e.g. {@code digitalSignature | nonRepudiation}. */
        public Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public Builder extendedKeyUsage(KeyPurposeId... usages) {
            purposes.addAll(List.of(usages));
            return this;
        }

        /** A CA certificate: basic constraints CA=true and, unless set, key usage keyCertSign | cRLSign. */
        public Builder ca() {
            this.ca = true;
            return this;
        }

        public Builder issuer(Issued issuer) {
            return issuer(issuer.certificate(), issuer.privateKey());
        }

        public Builder issuer(X509CertificateHolder certificate, PrivateKey key) {
            this.issuerCert = Objects.requireNonNull(certificate);
            this.issuerKey = Objects.requireNonNull(key);
            return this;
        }

        public Builder serial(BigInteger number) {
            this.serial = Objects.requireNonNull(number);
            return this;
        }

        /** Overrides the signature algorithm chosen from the signer's key (a JCA name such as "SHA1withRSA"). */
        public Builder signatureAlgorithm(String jcaName) {
            this.signatureAlgorithm = Objects.requireNonNull(jcaName);
            return this;
        }

        /** Any further extension (SAN, CRL distribution points, a private OID...). */
        public Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            try {
                extensions.add(new Extension(oid, critical, value.toASN1Primitive().getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Makes the key pair (unless given) and the certificate. */
        public Issued build() {
            if (publicKey != null) {
                throw new IllegalStateException("only a public key was given: call certificate()");
            }
            if (keyPair == null) {
                keyPair = TestCertificates.keyPair(keyType);
            }
            return new Issued(certificate(), keyPair);
        }

        /** Makes the certificate only. */
        public X509CertificateHolder certificate() {
            SubjectPublicKeyInfo subjectKey = publicKey;
            if (subjectKey == null) {
                if (keyPair == null) {
                    keyPair = TestCertificates.keyPair(keyType);
                }
                subjectKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
            }
            boolean selfSigned = issuerCert == null;
            if (selfSigned && keyPair == null) {
                throw new IllegalStateException("a self-signed certificate needs the key pair, not only a public key");
            }
            X500Name issuerName = selfSigned ? subject : issuerCert.getSubject();
            PrivateKey signingKey = selfSigned ? keyPair.getPrivate() : issuerKey;
            SubjectPublicKeyInfo signerKey = selfSigned ? subjectKey : issuerCert.getSubjectPublicKeyInfo();
            BigInteger number = serial != null ? serial : new BigInteger(63, RANDOM).add(BigInteger.ONE);

            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, number,
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, subjectKey);
            try {
                BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                }
                Integer usage = keyUsage != null ? keyUsage : ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : null;
                if (usage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                }
                if (!purposes.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
                }
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(subjectKey));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(signerKey));
                for (Extension extension : extensions) {
                    builder.addExtension(extension);
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm : signatureAlgorithmFor(signerKey);
                ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signingKey);
                return builder.build(signer);
            } catch (CertIOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot make the test certificate", e);
            }
        }
    }
}
