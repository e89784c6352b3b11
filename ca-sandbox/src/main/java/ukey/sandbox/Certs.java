package ukey.sandbox;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

import ukey.cert.gm.Sm2;

/** Certificate identifiers and fingerprints as the API writes them. */
public final class Certs {

    private Certs() {
    }

    /**
     * certId = base64url(authorityKeyIdentifier.keyIdentifier) "." base64url(serial), no padding, the serial as the
     * content octets of its DER INTEGER (two's complement, so a leading 0x00 when the top bit is set).
     */
    public static String certId(X509Certificate certificate) {
        X509CertificateHolder holder = holder(certificate);
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(holder.getExtensions());
        if (aki == null || aki.getKeyIdentifierObject() == null) {
            throw new IllegalArgumentException("certificate " + serialHex(certificate.getSerialNumber())
                    + " has no authority key identifier, so it has no certId");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(aki.getKeyIdentifierOctets()) + "."
                + b64.encodeToString(certificate.getSerialNumber().toByteArray());
    }

    /** Serial as upper-case hex without leading zeros, as `order --serial` takes it. */
    public static String serialHex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    /** Parses what people paste: any case, colons or spaces, leading zeros, an optional 0x. */
    public static String normalizeSerial(String hex) {
        String digits = hex.trim().replaceFirst("^(0x|0X)", "").replaceAll("[:\\s]", "");
        return serialHex(new BigInteger(digits, 16));
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(X509Certificate certificate) {
        return sha256(der(certificate));
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo: how the CA tells keys apart. */
    public static String keySha256(SubjectPublicKeyInfo key) {
        try {
            return sha256(key.getEncoded("DER"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean hasAuthorityKeyId(X509Certificate certificate) {
        return holder(certificate).getExtension(Extension.authorityKeyIdentifier) != null;
    }

    /**
     * The API's name of a public key's algorithm ("RSA-2048", "EC-P256", "SM2"), or null for one no CA here takes.
     */
    public static String keyAlgorithm(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (Sm2.isSm2(key)) {
            return "SM2";
        }
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                int bits = RSAPublicKey.getInstance(key.parsePublicKey())
                        .getModulus().bitLength();
                return bits == 2048 || bits == 3072 || bits == 4096 ? "RSA-" + bits : null;
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                Object curve = key.getAlgorithm().getParameters();
                if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                    return "EC-P256";
                }
                if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                    return "EC-P384";
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** A readable name of what keyAlgorithm refused, for the error detail. */
    static String describeKey(SubjectPublicKeyInfo key) {
        Object parameters = key.getAlgorithm().getParameters();
        return key.getAlgorithm().getAlgorithm().getId() + (parameters instanceof ASN1ObjectIdentifier curve
                ? " curve " + curve.getId() : "");
    }

    /** The subject's CN (else the whole subject), as an SMS or a seal names the holder. */
    static String commonName(String subject) {
        X500Name name = new X500Name(subject);
        return name.getRDNs(BCStyle.CN).length > 0
                ? IETFUtils.valueToString(name.getRDNs(BCStyle.CN)[0].getFirst().getValue()) : subject;
    }

    static final ASN1ObjectIdentifier SHA256 = NISTObjectIdentifiers.id_sha256;
}
