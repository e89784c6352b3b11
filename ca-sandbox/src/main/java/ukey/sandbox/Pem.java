package ukey.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import ukey.cert.gm.Sm2;

/** PEM in and out: certificates, private keys (PKCS#8 or traditional), public keys and CSRs. */
public final class Pem {

    private Pem() {
    }

    /** PEM of a certificate, CSR, public key, or private key (as PKCS#8 "PRIVATE KEY"). */
    public static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String encode(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(c -> pem.append(encode(c)));
        return pem.toString();
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                certificates.add(toX509(holder));
            }
        }
        return certificates;
    }

    public static X509Certificate certificate(String pem) {
        List<X509Certificate> all = certificates(pem);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return all.getFirst();
    }

    public static PrivateKey privateKey(String pem) {
        for (Object object : objects(pem)) {
            try {
                if (object instanceof PEMKeyPair pair) {
                    return converter(pair.getPublicKeyInfo()).getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    boolean sm2 = GMObjectIdentifiers.sm2p256v1.equals(info.getPrivateKeyAlgorithm().getParameters());
                    return (sm2 ? new JcaPEMKeyConverter().setProvider(Sm2Keys.BC) : new JcaPEMKeyConverter())
                            .getPrivateKey(info);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
            }
            if (object != null && object.getClass().getSimpleName().contains("Encrypted")) {
                throw new IllegalArgumentException(
                        "encrypted private keys are not supported; decrypt it first (openssl pkey -in KEY -out PLAIN)");
            }
        }
        throw new IllegalArgumentException("no PEM private key found");
    }

    /** The public key of a PEM public key, certificate, CSR or key pair. */
    public static SubjectPublicKeyInfo publicKey(String pem) {
        for (Object object : objects(pem)) {
            switch (object) {
                case SubjectPublicKeyInfo spki -> {
                    return spki;
                }
                case X509CertificateHolder holder -> {
                    return holder.getSubjectPublicKeyInfo();
                }
                case PKCS10CertificationRequest csr -> {
                    return csr.getSubjectPublicKeyInfo();
                }
                case PEMKeyPair pair -> {
                    return pair.getPublicKeyInfo();
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("no PEM public key found");
    }

    public static PKCS10CertificationRequest csr(String pem) {
        for (Object object : objects(pem)) {
            if (object instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        }
        throw new IllegalArgumentException("no PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----) found");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** SM2 keys through BouncyCastle (the JDK knows no SM2), RSA and EC through the JDK. */
    private static JcaPEMKeyConverter converter(SubjectPublicKeyInfo key) {
        return key != null && Sm2Keys.isSm2(key) ? new JcaPEMKeyConverter().setProvider(Sm2Keys.BC)
                : new JcaPEMKeyConverter();
    }

    /** SM2 certificates through BouncyCastle (the JDK cannot parse them), the others through the JDK. */
    static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            if (Sm2Keys.isSm2(holder.getSubjectPublicKeyInfo())
                    || Sm2.SM3_WITH_SM2.equals(holder.getSignatureAlgorithm().getAlgorithm())) {
                converter.setProvider(Sm2Keys.BC);
            }
            return converter.getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
        }
    }

    private static List<Object> objects(String pem) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
        }
        return objects;
    }
}
