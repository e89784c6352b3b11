package ukey.app.update;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import ukey.app.net.TestTls;
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
        TestCertificates.Issued ca = TestTls.ca("UKey update test CA");
        SSLContext tlsContext = TestTls.serverContext(ca);
        trustFile = TestTls.trustFile(ca, folder.resolve("update-ca.pem"));

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
