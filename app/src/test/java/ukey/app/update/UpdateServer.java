package ukey.app.update;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import ukey.token.testing.TestCertificates;

/**
 * Where the update document lives, for tests: real HTTPS on 127.0.0.1 (the JDK's HttpsServer) with a server
 * certificate from a test CA of its own, which {@link #trustFile} holds. Serves whatever {@link #serve} was given at
 * {@link #url()}, and counts the requests.
 */
public final class UpdateServer implements AutoCloseable {

    private final HttpsServer server;
    private final Path trustFile;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "";

    public UpdateServer(Path folder) throws Exception {
        TestCertificates.Issued ca = TestCertificates.builder().ca()
                .subject(TestCertificates.name(TestCertificates.StringType.UTF8, "CN=UKey update test CA")).build();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair serverKey = generator.generateKeyPair(); // the JDK's own key class, for its TLS server
        TestCertificates.Issued tls = TestCertificates.builder().keyPair(serverKey).issuer(ca)
                .subject(TestCertificates.name(TestCertificates.StringType.UTF8, "CN=127.0.0.1"))
                .extension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                .build();
        trustFile = Files.writeString(folder.resolve("update-ca.pem"), ca.pem());

        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", serverKey.getPrivate(), new char[0], new Certificate[] {
                converter.getCertificate(tls.certificate()), converter.getCertificate(ca.certificate())});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext tlsContext = SSLContext.getInstance("TLS");
        tlsContext.init(factory.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tlsContext));
        server.createContext("/latest.json", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Answers with this status and body from now on. */
    public UpdateServer serve(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** A document naming this version and {@link #page} of it, on this server's host, as its page. */
    public UpdateServer latest(String version) {
        return serve(200, "{\"version\":\"" + version + "\",\"url\":\"" + page(version) + "\"}");
    }

    /** Where this server's documents say a version can be had: on the document's own host. */
    public URI page(String version) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/ukey/" + version);
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/latest.json");
    }

    /** The PEM file of the CA behind the server's TLS certificate. */
    public Path trustFile() {
        return trustFile;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
