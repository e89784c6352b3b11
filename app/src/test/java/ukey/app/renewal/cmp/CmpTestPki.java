package ukey.app.renewal.cmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.token.KeySpec;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.StringType;

/**
 * The CA side of the CMP tests, made with BouncyCastle and written where {@code openssl cmp} reads it: a CA
 * (ca.crt), the CMP server's signing certificate issued by it (srv.crt, srv.key), and the certificates the mock
 * returns. Plus a SoftHSM token holding a user's key pair and the CA's certificate for it.
 */
final class CmpTestPki {

    static final X500Name HOLDER = TestCertificates.name(StringType.UTF8, "C=CN", "O=UKey 测试单位", "CN=张三");
    static final String CERT_LABEL = "签名证书";

    final Path directory;
    final String caName;
    final Issued ca;
    final Issued web;
    Issued server;

    private CmpTestPki(Path directory, String caName, Issued ca, Issued web) {
        this.directory = directory;
        this.caName = caName;
        this.ca = ca;
        this.web = web;
    }

    /** Who signs the mock's answers (srv.crt). */
    enum Signer {
        /** the CA's CMP RA certificate: extended key usage id-kp-cmcRA, issued by the CA (RFC 9483 3.5) */
        RA,
        /** another customer's ordinary certificate from the same CA: it must never speak for the CA */
        CUSTOMER,
        /** an RA certificate under another root (web.crt), as a public web root added for TLS would allow */
        FOREIGN_RA
    }

    static final KeyPurposeId CMC_RA = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.28"));

    static CmpTestPki create(Path directory, String caName) throws IOException {
        Issued ca = TestCertificates.builder().subject(new X500Name("CN=" + caName + ", O=UKey Test, C=CN")).ca()
                .build();
        Issued web = TestCertificates.builder().subject(new X500Name("CN=Public Web Root, O=Web Trust, C=US")).ca()
                .build();
        Files.writeString(directory.resolve("ca.crt"), ca.pem(), StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("web.crt"), web.pem(), StandardCharsets.US_ASCII);
        CmpTestPki pki = new CmpTestPki(directory, caName, ca, web);
        pki.signer(Signer.RA);
        return pki;
    }

    /** Makes srv.crt and srv.key, with which the mock started next signs its answers. */
    Issued signer(Signer signer) throws IOException {
        X500Name cmp = new X500Name("CN=" + caName + " CMP, O=UKey Test, C=CN");
        server = switch (signer) {
            case RA -> TestCertificates.builder().subject(cmp).issuer(ca).keyUsage(KeyUsage.digitalSignature)
                    .extendedKeyUsage(CMC_RA).build();
            case CUSTOMER -> TestCertificates.builder().subject(new X500Name("CN=李四, O=另一家公司, C=CN"))
                    .issuer(ca).keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                    .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).build();
            case FOREIGN_RA -> TestCertificates.builder().subject(cmp).issuer(web).keyUsage(KeyUsage.digitalSignature)
                    .extendedKeyUsage(CMC_RA).build();
        };
        Files.writeString(directory.resolve("srv.crt"), server.pem(), StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("srv.key"), pkcs8(server.privateKey()), StandardCharsets.US_ASCII);
        return server;
    }

    Path caPem() {
        return directory.resolve("ca.crt");
    }

    /**
     * Writes the certificate the mock will return: OpenSSL 3.0's mock checks the request's oldCertID against it,
     * so it carries the old certificate's issuer and serial, with the given key, valid for a year from now.
     */
    Path response(String file, SubjectPublicKeyInfo key, X509CertificateHolder old) throws IOException {
        X509CertificateHolder certificate = TestCertificates.builder().publicKey(key).subject(old.getSubject())
                .serial(old.getSerialNumber()).issuer(ca).keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                .certificate();
        Path path = directory.resolve(file);
        Files.writeString(path, TestCertificates.pem(certificate), StandardCharsets.US_ASCII);
        return path;
    }

    /** A new SoftHSM token with an EC P-256 key pair made on it and this CA's certificate for that key. */
    UserToken userToken() throws Exception {
        SoftHsm softHsm = SoftHsm.get();
        String label = softHsm.createToken("cmp");
        Token token = softHsm.token(label);
        try (ObjectSession session = ObjectSession.of(token.login(SoftHsm.USER_PIN.toCharArray()))) {
            ObjectSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, CERT_LABEL);
            // like a customer's certificate when its renewal comes: issued a year ago, 20 days left
            X509CertificateHolder certificate = TestCertificates.builder().publicKey(key.publicKey()).subject(HOLDER)
                    .validity(TestCertificates.Validity.days(java.time.Instant.now()
                            .minus(java.time.Duration.ofDays(345)), 365))
                    .issuer(ca).keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).certificate();
            session.writeCertificate(key.id(), CERT_LABEL, certificate);
            return new UserToken(label, token, key.id(), certificate);
        }
    }

    record UserToken(String label, Token token, byte[] keyId, X509CertificateHolder certificate) {
    }

    private static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
