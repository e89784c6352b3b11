package ukey.app.renewal.cmp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIMessage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.sun.net.httpserver.HttpServer;

import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;

/**
 * Someone on the path of plain-HTTP CMP: passes every message to the CA, except a certConf, which it answers itself
 * with a pkiConf signed by a certificate it holds (another customer's, from the same CA), echoing the transaction
 * and the nonce so that only the signer gives it away. The CA never hears of the certConf.
 */
final class ForgingProxy implements AutoCloseable {

    final AtomicInteger forged = new AtomicInteger();
    private final HttpServer http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ForgingProxy(URI target, Issued forger) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                PKIMessage message = PKIMessage.getInstance(body);
                byte[] answer = message.getBody().getType() == PKIBody.TYPE_CERT_CONFIRM
                        ? forgeConfirmation(message.getHeader(), forger) : forward(target, body);
                exchange.getResponseHeaders().add("Content-Type", "application/pkixcmp");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (Exception e) {
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        http.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/pkix/");
    }

    private byte[] forward(URI target, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(target).header("Content-Type", "application/pkixcmp")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    private byte[] forgeConfirmation(PKIHeader request, Issued forger) throws Exception {
        forged.incrementAndGet();
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return new ProtectedPKIMessageBuilder(new GeneralName(forger.subject()), request.getSender())
                .setTransactionID(request.getTransactionID().getOctets())
                .setRecipNonce(request.getSenderNonce().getOctets())
                .setSenderNonce(nonce)
                .setBody(new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE))
                .addCMPCertificate(forger.certificate())
                .build(new JcaContentSignerBuilder(TestCertificates.signatureAlgorithmFor(
                        forger.certificate().getSubjectPublicKeyInfo())).setProvider(TestCertificates.BC)
                        .build(forger.privateKey()))
                .toASN1Structure().getEncoded();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
