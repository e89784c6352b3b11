package ukey.app.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import ukey.token.testing.TestCertificates;

/**
 * TLS for test servers on 127.0.0.1 (the JDK's HttpsServer): a test CA of their own, a server certificate from it
 * for the address, and the PEM file a client is told to trust.
 */
public final class TestTls {

    private TestTls() {
    }

    /** A CA for TLS server certificates. */
    public static TestCertificates.Issued ca(String commonName) throws Exception {
        return TestCertificates.builder().ca()
                .subject(TestCertificates.name(TestCertificates.StringType.UTF8, "CN=" + commonName)).build();
    }

    /** The server side of TLS with a certificate for 127.0.0.1 that {@code ca} issued. */
    public static SSLContext serverContext(TestCertificates.Issued ca) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair serverKey = generator.generateKeyPair(); // the JDK's own key class, for its TLS server
        TestCertificates.Issued tls = TestCertificates.builder().keyPair(serverKey).issuer(ca)
                .subject(TestCertificates.name(TestCertificates.StringType.UTF8, "CN=127.0.0.1"))
                .extension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                .build();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", serverKey.getPrivate(), new char[0], new Certificate[] {
                converter.getCertificate(tls.certificate()), converter.getCertificate(ca.certificate())});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** The CA's certificate as a PEM file: what a client is told to trust. */
    public static Path trustFile(TestCertificates.Issued ca, Path file) throws Exception {
        return Files.writeString(file, ca.pem());
    }
}
