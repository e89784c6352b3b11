package ukey.app.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The client's one way to make an HTTP client (OkHttp), for the renewal API, CMP over HTTP and the update check.
 * A CA's client trusts exactly the configured roots and follows no redirect; nothing retries behind the caller's
 * back (the renewal engine retries, with the same idempotency key).
 */
public final class HttpClients {

    /** The largest answer any connector reads (1 MiB): a larger one is refused before it is parsed. */
    public static final int MAX_ANSWER_BYTES = 1 << 20;

    /** An answer larger than the reader's limit; nothing of it was parsed. */
    public static final class AnswerTooLarge extends IOException {
        public AnswerTooLarge(String what, long limit) {
            super(what + " is larger than " + limit + " bytes");
        }
    }

    private HttpClients() {
    }

    /**
     * The body of an answer, read up to {@code limit} bytes: a declared or actual length beyond it is refused
     * with {@link AnswerTooLarge} before anything is parsed, so a hostile server cannot fill the memory.
     */
    public static byte[] body(Response response, int limit) throws IOException {
        ResponseBody body = response.body();
        if (body.contentLength() > limit) {
            throw new AnswerTooLarge("the answer of " + response.request().url().host(), limit);
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new AnswerTooLarge("the answer of " + response.request().url().host(), limit);
            }
            return bytes;
        }
    }

    /**
     * For a CA: TLS trusts exactly {@code roots} (none: the JDK's roots, for a CMP server whose answers are signed
     * anyway); redirects are never followed.
     */
    public static OkHttpClient forCa(List<X509CertificateHolder> roots, Duration timeout) {
        OkHttpClient.Builder builder = base(timeout).followRedirects(false).followSslRedirects(false);
        if (!roots.isEmpty()) {
            trust(builder, trustManager(roots));
        }
        return builder.build();
    }

    /**
     * For a CA at {@code endpoint}: over plain http (CMP, whose answers are signed) a cleartext-only client, for
     * which OkHttp sets no TLS up (it would load the JDK's trust roots for a client that never uses them); over
     * https as {@link #forCa(List, Duration)}. Redirects are never followed.
     */
    public static OkHttpClient forCa(URI endpoint, List<X509CertificateHolder> roots, Duration timeout) {
        if (!endpoint.getScheme().equals("http")) {
            return forCa(roots, timeout);
        }
        // only for an http endpoint: given an https URL, a client without TLS would speak cleartext to it
        return base(timeout).followRedirects(false).followSslRedirects(false)
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    }

    /** For the update check: the JDK's roots and {@code extraRoots}; redirects within https are followed. */
    public static OkHttpClient forUpdates(List<X509CertificateHolder> extraRoots, Duration timeout) {
        List<X509TrustManager> managers = new ArrayList<>(List.of(jdkTrustManager()));
        if (!extraRoots.isEmpty()) {
            managers.add(trustManager(extraRoots));
        }
        return trust(base(timeout).followRedirects(true).followSslRedirects(false), new EitherTrust(managers))
                .build();
    }

    /** Duration.multipliedBy would load BigDecimal on the way (its class initialisation costs a start milliseconds). */
    private static OkHttpClient.Builder base(Duration timeout) {
        return new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .callTimeout(timeout.plus(timeout)).retryOnConnectionFailure(false);
    }

    private static OkHttpClient.Builder trust(OkHttpClient.Builder builder, X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return builder.sslSocketFactory(context.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** A trust manager that trusts exactly these certificates as roots. */
    static X509TrustManager trustManager(List<X509CertificateHolder> roots) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                store.setCertificateEntry("root-" + i, certificate(roots.get(i)));
            }
            return x509(store);
        } catch (Exception e) {
            throw new IllegalArgumentException("the trust roots cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's form of a root. The JDK cannot parse SM2 certificates (an SM2 CA's roots beside its TLS root in one
     * trust file): BouncyCastle's provider converts those; the trust store and the TLS checks take them as they are.
     */
    private static java.security.cert.X509Certificate certificate(X509CertificateHolder holder)
            throws java.security.cert.CertificateException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException jdkCannot) {
            return new JcaX509CertificateConverter().setProvider(BcProvider.get()).getCertificate(holder);
        }
    }

    private static X509TrustManager jdkTrustManager() {
        try {
            return x509(null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust roots cannot be used", e);
        }
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** A server is trusted when one of the trust managers trusts it. */
    private record EitherTrust(List<X509TrustManager> managers) implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException first = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client authenticates no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(manager -> List.of(manager.getAcceptedIssuers()).stream())
                    .toArray(X509Certificate[]::new);
        }
    }
}
