package ukey.sandbox;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

/** Issues end-entity certificates with the issuing CA's key, and the hostile look-alikes of fault tests. */
final class Issuer {

    private static final Map<String, Integer> KEY_USAGES = Map.of(
            "digitalsignature", KeyUsage.digitalSignature,
            "nonrepudiation", KeyUsage.nonRepudiation,
            "keyencipherment", KeyUsage.keyEncipherment,
            "dataencipherment", KeyUsage.dataEncipherment,
            "keyagreement", KeyUsage.keyAgreement);

    private final CaKeys ca;

    Issuer(CaKeys ca) {
        this.ca = ca;
    }

    /** What a certificate answer carries: the certificate (PEM) and the chain above it. */
    record Answer(String certificatePem, List<X509Certificate> chain) {
        /** The certificate's DER; for a garbage answer, the random bytes in its armour. */
        byte[] certificateDer() {
            return Base64.getMimeDecoder().decode(certificatePem
                    .replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").strip());
        }
    }

    /**
     * The key usage names a new certificate gets ("digitalSignature,keyEncipherment"); empty = the default of a
     * single-certificate key: sign, non-repudiation, and keyEncipherment (RSA) or keyAgreement (EC).
     */
    static Extension keyUsage(List<String> names, SubjectPublicKeyInfo key) {
        int bits = 0;
        if (names.isEmpty()) {
            boolean rsa = key.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
            bits = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            if (!Sm2Keys.isSm2(key)) { // an SM2 signing certificate signs; its encryption twin does the rest
                bits |= rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
            }
        }
        for (String name : names) {
            Integer bit = KEY_USAGES.get(name.trim().toLowerCase(Locale.ROOT));
            if (bit == null) {
                throw new IllegalArgumentException("unknown key usage " + name + "; use digitalSignature, "
                        + "nonRepudiation, keyEncipherment, dataEncipherment or keyAgreement");
            }
            bits |= bit;
        }
        try {
            return new Extension(Extension.keyUsage, true, new KeyUsage(bits).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Extension clientAuth() {
        try {
            return new Extension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key usage and extended key usage of a certificate, for its renewal to keep. */
    static List<Extension> usages(X509Certificate certificate) {
        X509CertificateHolder holder = Certs.holder(certificate);
        List<Extension> usages = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : List.of(Extension.keyUsage, Extension.extendedKeyUsage)) {
            Extension extension = holder.getExtension(oid);
            if (extension != null) {
                usages.add(extension);
            }
        }
        return usages;
    }

    X509Certificate issue(SubjectPublicKeyInfo key, X500Name subject, Instant notBefore, Instant notAfter,
                          List<Extension> usages) {
        return issue(key, subject, notBefore, notAfter, usages, ca.issuing(), ca.issuingKey);
    }

    private static X509Certificate issue(SubjectPublicKeyInfo key, X500Name subject, Instant notBefore,
                                         Instant notAfter, List<Extension> usages,
                                         X509Certificate issuer, PrivateKey issuerKey) {
        return issue(key, subject, notBefore, notAfter, usages, issuer, issuerKey, false,
                CaKeys.signatureAlgorithm(issuer.getPublicKey()));
    }

    /** @param isCa basicConstraints CA=true (only hostile answers ask for it) */
    static X509Certificate issue(SubjectPublicKeyInfo key, X500Name subject, Instant notBefore, Instant notAfter,
                                 List<Extension> usages, X509Certificate issuer, PrivateKey issuerKey, boolean isCa,
                                 String signatureAlgorithm) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
        X509CertificateHolder issuerHolder = Certs.holder(issuer);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerHolder.getSubject(),
                    CaKeys.randomSerial(), Date.from(notBefore), Date.from(notAfter), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new AuthorityKeyIdentifier(keyIdentifier(issuerHolder)));
            for (Extension usage : usages) {
                builder.addExtension(usage);
            }
            return CaKeys.sign(builder, issuerKey, issuer.getPublicKey(), signatureAlgorithm);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's subjectKeyIdentifier, or the RFC 5280 method 1 value when it has none. */
    private static byte[] keyIdentifier(X509CertificateHolder issuer) {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
        if (ski != null) {
            return ski.getKeyIdentifier();
        }
        return new BcX509ExtensionUtils().createSubjectKeyIdentifier(issuer.getSubjectPublicKeyInfo())
                .getKeyIdentifier();
    }

    /** The answer for a renewal's real certificate, or the hostile one the settings ask for. */
    Answer answer(X509Certificate real, HostileCertificate mode) {
        X509CertificateHolder holder = Certs.holder(real);
        SubjectPublicKeyInfo key = holder.getSubjectPublicKeyInfo();
        X500Name subject = holder.getSubject();
        Instant notBefore = real.getNotBefore().toInstant();
        Instant notAfter = real.getNotAfter().toInstant();
        List<Extension> usages = usages(real);
        X509Certificate certificate = switch (mode) {
            case NONE -> real;
            case OTHER_KEY -> issue(SubjectPublicKeyInfo.getInstance(CaKeys.ecKey().getPublic().getEncoded()),
                    subject, notBefore, notAfter, usages);
            case OTHER_SUBJECT -> issue(key, new X500Name("CN=李四,O=UKey Sandbox Hostile,C=CN"),
                    notBefore, notAfter, usages);
            case EXPIRED -> issue(key, subject, Instant.now().minus(Duration.ofDays(400)),
                    Instant.now().minus(Duration.ofDays(35)), usages);
            case UNTRUSTED_CA, GARBAGE -> null;
            case OVERSIZED, CA_TRUE, KEY_CERT_SIGN_ONLY, SERVER_AUTH_ONLY, SHA1 ->
                    HostileForms.issue(ca, real, mode);
            case LONG_CHAIN, HUGE_ANSWER -> real;
        };
        if (mode == HostileCertificate.LONG_CHAIN) {
            List<X509Certificate> chain = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                chain.addAll(ca.issuingChain);
            }
            return new Answer(Pem.encode(certificate), chain);
        }
        if (mode == HostileCertificate.GARBAGE) {
            byte[] garbage = new byte[512];
            new SecureRandom().nextBytes(garbage);
            return new Answer("-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString(garbage)
                    + "\n-----END CERTIFICATE-----\n", ca.issuingChain);
        }
        if (mode == HostileCertificate.UNTRUSTED_CA) {
            try {
                KeyPair impostorKey = CaKeys.ecKey();
                X509Certificate impostor = CaKeys.selfSignedCa(Certs.holder(ca.issuing()).getSubject(), impostorKey,
                        Duration.ofDays(3650));
                certificate = issue(key, subject, notBefore, notAfter, usages, impostor, impostorKey.getPrivate());
                return new Answer(Pem.encode(certificate), List.of(impostor));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Answer(Pem.encode(certificate), ca.issuingChain);
    }

    static SubjectPublicKeyInfo spki(PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded());
    }
}
