package ukey.app.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A CA's client never follows a redirect: an answer from elsewhere is not the CA's. */
class HttpClientsTest {

    private HttpServer server;

    @BeforeEach
    void redirectingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            byte[] body = "elsewhere".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aCaClientStopsAtARedirect() throws IOException {
        assertEquals(302, status(HttpClients.forCa(List.of(), Duration.ofSeconds(5))));
    }

    /** A CA over plain http (CMP) gets a client that sets no TLS up; one over https gets TLS. */
    @Test
    void aCaOverPlainHttpGetsNoTlsAndStillNoRedirect() throws IOException {
        OkHttpClient plain = HttpClients.forCa(URI.create("http://127.0.0.1/pkix/"), List.of(), Duration.ofSeconds(5));
        OkHttpClient tls = HttpClients.forCa(URI.create("https://127.0.0.1/pkix/"), List.of(), Duration.ofSeconds(5));

        assertEquals(302, status(plain));
        assertNull(plain.x509TrustManager(), "no TLS set up");
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), plain.connectionSpecs());
        assertNotNull(tls.x509TrustManager());
    }

    @Test
    void theUpdateCheckFollowsOne() throws IOException {
        assertEquals(200, status(HttpClients.forUpdates(List.of(), Duration.ofSeconds(5))));
    }

    private int status(OkHttpClient client) throws IOException {
        Request request = new Request.Builder()
                .url("http://127.0.0.1:" + server.getAddress().getPort() + "/moved").build();
        try (Response response = client.newCall(request).execute()) {
            return response.code();
        }
    }
}
