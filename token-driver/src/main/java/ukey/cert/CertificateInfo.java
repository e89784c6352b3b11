package ukey.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.CertificateParseException.Problem;

/**
 * A parsed X.509 certificate (RSA, EC or SM2), parsed with BouncyCastle: the JDK cannot parse SM2 certificates.
 * Everything is read when parsing, so once {@link #parse} succeeds no accessor throws. Immutable.
 */
public final class CertificateInfo {

    /**
     * One line of the certificate-details dialog, as facts: which part of the certificate it is, the OID when it
     * is an extension, whether that extension is critical, and the value as text. The app names the part.
     */
    public record Detail(CertificatePart part, Optional<String> oid, boolean critical, String value) {
    }

    private static final Pattern PEM = Pattern.compile("-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----"
            + "([A-Za-z0-9+/=\\s]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----");

    private final byte[] der;
    private final X509CertificateHolder holder;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String keyAlgorithm;
    private final String signatureAlgorithm;
    private final List<String> keyUsage;
    private final boolean keyUsagePresent;
    private final List<String> extendedKeyUsage;
    private final byte[] subjectKeyId;
    private final byte[] authorityKeyId;

    private CertificateInfo(byte[] der, X509CertificateHolder holder) throws CertificateParseException {
        this.der = der;
        this.holder = holder;
        notBefore = read("validity (notBefore)", () -> Validity.notBefore(holder));
        notAfter = read("validity (notAfter)", () -> Validity.notAfter(holder));
        keyAlgorithm = read("public key", () -> AlgorithmNames.keyAlgorithm(holder.getSubjectPublicKeyInfo()));
        signatureAlgorithm = read("signature algorithm",
                () -> AlgorithmNames.signatureAlgorithm(holder.getSignatureAlgorithm()));
        Extensions extensions = holder.getExtensions();
        KeyUsage usage = read("key usage extension", () -> KeyUsage.fromExtensions(extensions));
        keyUsagePresent = usage != null;
        keyUsage = usage == null ? List.of() : Usages.keyUsage(usage);
        ExtendedKeyUsage purposes = read("extended key usage extension",
                () -> ExtendedKeyUsage.fromExtensions(extensions));
        extendedKeyUsage = purposes == null ? List.of() : Usages.extendedKeyUsage(purposes);
        SubjectKeyIdentifier ski = read("subject key identifier extension",
                () -> SubjectKeyIdentifier.fromExtensions(extensions));
        subjectKeyId = ski == null ? null : ski.getKeyIdentifier();
        AuthorityKeyIdentifier aki = read("authority key identifier extension",
                () -> AuthorityKeyIdentifier.fromExtensions(extensions));
        authorityKeyId = aki == null ? null : aki.getKeyIdentifierOctets();
    }

    /**
     * Parses one DER-encoded certificate, and nothing else: the bytes must hold exactly one certificate.
     *
     * @throws CertificateParseException with a reason in plain words: empty, PEM text instead of DER, not a
     *                                   certificate, truncated, trailing bytes after the certificate, malformed part
     */
    public static CertificateInfo parse(byte[] der) throws CertificateParseException {
        if (der == null || der.length == 0) {
            throw new CertificateParseException(Problem.EMPTY, "no data: the certificate is empty");
        }
        byte[] copy = der.clone();
        checkFrame(copy);
        Certificate certificate;
        try {
            certificate = Certificate.getInstance(ASN1Primitive.fromByteArray(copy));
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException(Problem.NOT_A_CERTIFICATE,
                    "not a certificate: the DER structure is not an X.509 certificate ("
                    + e.getMessage() + ")", e);
        }
        return new CertificateInfo(copy, new X509CertificateHolder(certificate));
    }

    /** Parses the first certificate of PEM text ("-----BEGIN CERTIFICATE-----"), or DER bytes as {@link #parse}. */
    public static CertificateInfo parsePemOrDer(byte[] data) throws CertificateParseException {
        if (data != null && looksLikePem(data)) {
            Matcher pem = PEM.matcher(new String(data, StandardCharsets.US_ASCII));
            if (!pem.find()) {
                throw new CertificateParseException(Problem.PEM_DAMAGED,
                        "PEM text without a complete CERTIFICATE block");
            }
            try {
                return parse(Base64.getMimeDecoder().decode(pem.group(1)));
            } catch (IllegalArgumentException e) {
                throw new CertificateParseException(Problem.PEM_DAMAGED,
                        "PEM text whose Base64 is damaged: " + e.getMessage(), e);
            }
        }
        return parse(data);
    }

    /** Checks the outer SEQUENCE header against the length of the data, to tell truncation from trailing bytes. */
    private static void checkFrame(byte[] der) throws CertificateParseException {
        if (looksLikePem(der)) {
            throw new CertificateParseException(Problem.PEM_NOT_DER,
                    "PEM text, not DER: decode the Base64 between the BEGIN and END lines first");
        }
        if ((der[0] & 0xff) != 0x30) {
            throw new CertificateParseException(Problem.NOT_A_CERTIFICATE, String.format(
                    "not a certificate: a certificate starts with a DER SEQUENCE (0x30), this data with 0x%02x",
                    der[0] & 0xff));
        }
        if (der.length < 2) {
            throw new CertificateParseException(Problem.TRUNCATED,
                    "truncated: the data ends inside the certificate's header");
        }
        int first = der[1] & 0xff;
        long contentLength;
        int headerLength;
        if (first < 0x80) {
            contentLength = first;
            headerLength = 2;
        } else if (first == 0x80) {
            throw new CertificateParseException(Problem.NOT_DER,
                    "not DER: the certificate uses an indefinite length (BER)");
        } else {
            int lengthBytes = first & 0x7f;
            if (lengthBytes > 4) {
                throw new CertificateParseException(Problem.NOT_A_CERTIFICATE,
                        "not a certificate: its length field is impossibly large");
            }
            headerLength = 2 + lengthBytes;
            if (der.length < headerLength) {
                throw new CertificateParseException(Problem.TRUNCATED,
                        "truncated: the data ends inside the certificate's header");
            }
            contentLength = 0;
            for (int i = 2; i < headerLength; i++) {
                contentLength = (contentLength << 8) | (der[i] & 0xff);
            }
        }
        long expected = headerLength + contentLength;
        if (expected > der.length) {
            throw new CertificateParseException(Problem.TRUNCATED, String.format(
                    "truncated: the certificate declares %d bytes but only %d are present (%d missing)",
                    expected, der.length, expected - der.length));
        }
        if (expected < der.length) {
            int extra = (int) (der.length - expected);
            boolean zeros = true;
            for (int i = (int) expected; i < der.length; i++) {
                zeros &= der[i] == 0;
            }
            throw new CertificateParseException(Problem.TRAILING_BYTES, String.format(
                    "trailing garbage: %d byte(s) after the end of the certificate%s", extra,
                    zeros ? " (all zero: padding from the storage)" : ""));
        }
    }

    private static boolean looksLikePem(byte[] data) {
        String start = new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
        return start.startsWith("-----BEGIN");
    }

    private interface PartReader<T> {
        T read() throws IOException;
    }

    /** Reads one part eagerly; a malformed part fails the parse with the part's name. */
    private static <T> T read(String part, PartReader<T> reader) throws CertificateParseException {
        try {
            return reader.read();
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException(Problem.MALFORMED_PART,
                    "malformed certificate: its " + part + " cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * True when the two names are equal by value (RFC 5280 section 7.1), never by DER bytes: CAs re-encode names
     * (UTF8String, PrintableString, BMPString; case and spacing). A renewed certificate's subject is checked so.
     */
    public static boolean sameName(X500Name a, X500Name b) {
        return DistinguishedNames.sameName(a, b);
    }

    public X509CertificateHolder holder() {
        return holder;
    }

    /** The DER bytes exactly as given to {@link #parse} (hashes are over these). */
    public byte[] encoded() {
        return der.clone();
    }

    /** Who the certificate is for: the subject's CN; when there is none its O; else the whole subject. */
    public String owner() {
        X500Name subject = subjectName();
        String cn = DistinguishedNames.lastValue(subject, BCStyle.CN);
        if (cn != null && !cn.isBlank()) {
            return cn;
        }
        String organisation = DistinguishedNames.lastValue(subject, BCStyle.O);
        if (organisation != null && !organisation.isBlank()) {
            return organisation;
        }
        return subject();
    }

    /** The subject as people read it, most specific first: "CN=张三, O=示例招标代理有限公司, C=CN". */
    public String subject() {
        return DistinguishedNames.format(subjectName());
    }

    /** The issuer, formatted as {@link #subject()}. */
    public String issuer() {
        return DistinguishedNames.format(issuerName());
    }

    public X500Name subjectName() {
        return holder.getSubject();
    }

    public X500Name issuerName() {
        return holder.getIssuer();
    }

    public BigInteger serial() {
        return holder.getSerialNumber();
    }

    /** The serial number as lowercase hex of its bytes, without separators and without a leading sign byte. */
    public String serialHex() {
        byte[] bytes = serial().toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return HexFormat.of().formatHex(bytes, start, bytes.length);
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    /**
     * Where the certificate stands at {@code now}. Validity includes both notBefore and notAfter (RFC 5280);
     * EXPIRING once notAfter is at most {@code renewalWindowDays} whole days (of 24 hours) away.
     */
    public CertificateStatus status(Instant now, int renewalWindowDays) {
        if (renewalWindowDays < 0) {
            throw new IllegalArgumentException("renewal window must not be negative: " + renewalWindowDays);
        }
        if (now.isBefore(notBefore)) {
            return CertificateStatus.NOT_YET_VALID;
        }
        if (now.isAfter(notAfter)) {
            return CertificateStatus.EXPIRED;
        }
        if (Duration.between(now, notAfter).compareTo(Duration.ofDays(renewalWindowDays)) <= 0) {
            return CertificateStatus.EXPIRING;
        }
        return CertificateStatus.VALID;
    }

    /** Whole days (of 24 hours) from {@code now} until notAfter, rounded down; negative once expired. */
    public long daysLeft(Instant now) {
        // Duration's seconds are already floored (its nanos are never negative), so floorDiv floors the whole.
        return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), Duration.ofDays(1).getSeconds());
    }

    /** "RSA-2048", "RSA-3072", "EC-P256", "EC-P384", "SM2", "EC-&lt;curve name&gt;", "Ed25519", or the OID. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** "SHA256withRSA", "SHA256withECDSA", "SM3withSM2", ... or the OID. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public SubjectPublicKeyInfo publicKey() {
        return holder.getSubjectPublicKeyInfo();
    }

    /** SHA-256 of the DER, lowercase hex: the certificate's fingerprint. */
    public String sha256() {
        return Fingerprints.sha256(der);
    }

    /** SHA-1 of the DER, lowercase hex (Windows still shows this "thumbprint"). */
    public String sha1() {
        return Fingerprints.sha1(der);
    }

    /** Key usage names in RFC 5280 order; empty when the certificate has no key usage extension. */
    public List<String> keyUsage() {
        return keyUsage;
    }

    /** Whether the certificate has a key usage extension at all (without one, every usage is allowed). */
    public boolean hasKeyUsage() {
        return keyUsagePresent;
    }

    /** Extended key usages by name (serverAuth, clientAuth, emailProtection, ...); unknown ones by OID. */
    public List<String> extendedKeyUsage() {
        return extendedKeyUsage;
    }

    /**
     * True when the key may decrypt or agree keys (keyEncipherment, dataEncipherment or keyAgreement), or when no
     * key usage restricts it. Such keys must never be destroyed after renewal: documents sealed to them must open.
     */
    public boolean canDecrypt() {
        return !keyUsagePresent || keyUsage.stream().anyMatch(Usages.DECRYPTING::contains);
    }

    public Optional<byte[]> subjectKeyId() {
        return Optional.ofNullable(subjectKeyId).map(byte[]::clone);
    }

    /** The key identifier of the authority key identifier extension, when it has one. */
    public Optional<byte[]> authorityKeyId() {
        return Optional.ofNullable(authorityKeyId).map(byte[]::clone);
    }

    /** Every field and extension as facts, in certificate order, for the certificate-details dialog. */
    public List<Detail> details() {
        return CertificateDetails.of(this);
    }


    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateInfo that && Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "Certificate[" + owner() + ", serial " + serialHex() + ", " + notBefore + " .. " + notAfter + "]";
    }
}
