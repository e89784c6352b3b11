package ukey.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The sandbox CA: a real HTTPS renewal service on 127.0.0.1 (docs/renewal-api.md) with its state in a directory, and
 * the platform's admin side (orders, the SMS outbox, settings and faults) as methods. The admin methods work on the
 * same files as the `ca-sandbox` commands, so either may be used while the other runs.
 *
 * <pre>
 * try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir).windowDays(30))) {
 *     CertRecord first = ca.issue(publicKey, "CN=张三,O=测试公司,C=CN", Instant.now().minus(345, DAYS), 365);
 *     ca.approveOrder(ca.createOrder(first.serial, false).id);
 *     // the client renews against ca.url(), trusting ca.trustPem()
 * }
 * </pre>
 */
public final class SandboxCa implements AutoCloseable {

    private final Store store;
    private final CaKeys keys;
    private final CaServices services;
    private final Admin admin;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final URI url;

    private SandboxCa(Store store, CaKeys keys, CaServices services, HttpsServer server, ExecutorService executor,
                      URI url) {
        this.store = store;
        this.keys = keys;
        this.services = services;
        this.admin = new Admin(store, services.registry());
        this.server = server;
        this.executor = executor;
        this.url = url;
    }

    /** Starts serving; writes DIR/trust.pem and DIR/url. */
    public static SandboxCa start(SandboxSettings settings) throws IOException {
        Store store = new Store(settings.dir);
        store.write(state -> {
            settings.changes.forEach(change -> change.accept(state.settings));
            return null;
        });
        CaKeys keys = CaKeys.loadOrCreate(store.dir(), settings.caCert, settings.caKey, settings.caAlgorithm);
        HttpsServer server = HttpsServer.create(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), settings.port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(keys.sslContext()));
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        CaServices services = CaServices.of(keys, settings.clock, url);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext("/", new HttpFront(store, services));
        server.setExecutor(executor);
        server.start();
        Store.writeAtomically(store.dir().resolve("url"), (url + "\n").getBytes(StandardCharsets.UTF_8));
        return new SandboxCa(store, keys, services, server, executor, url);
    }

    /** Admin work on a directory without serving it (the `ca-sandbox` admin commands). */
    static <T> T offline(Path dir, Function<Admin, T> work) {
        Store store = new Store(dir);
        CaKeys keys = CaKeys.load(store.dir());
        return work.apply(new Admin(store,
                CaServices.of(keys, Clock.systemUTC(), URI.create("https://127.0.0.1/")).registry()));
    }

    /** https://127.0.0.1:PORT/ */
    public URI url() {
        return url;
    }

    public Path dir() {
        return store.dir();
    }

    public Path trustFile() {
        return store.dir().resolve("trust.pem");
    }

    /** The TLS root and the issuing CA certificate(s): what the client trusts. */
    public String trustPem() {
        return keys.trustPem();
    }

    public X509Certificate issuingCa() {
        return keys.issuing();
    }

    public X509Certificate tlsRoot() {
        return keys.tlsRoot;
    }

    /** Issues a first certificate for a key (e.g. one on a token), with the default key usage. */
    public CertRecord issue(PublicKey key, String subject, Instant notBefore, int days) {
        return issue(Issuer.spki(key), subject, notBefore, days, List.of());
    }

    /** keyUsage: names such as digitalSignature, nonRepudiation, keyEncipherment; empty for the default. */
    public CertRecord issue(SubjectPublicKeyInfo key, String subject, Instant notBefore, int days,
                            List<String> keyUsage) {
        return admin.issue(key, subject, notBefore, days, keyUsage);
    }

    /** Records a certificate that this CA's key issued elsewhere (an imported CA's older certificates). */
    public CertRecord register(X509Certificate certificate) {
        return admin.register(certificate);
    }

    /** Creates the open order of the certificate with this serial (or returns the one it has), 待审核. */
    public Order createOrder(String serialHex, boolean repair) {
        return admin.order(serialHex, false, repair, null);
    }

    /** 待审核 → 审核通过. */
    public Order approveOrder(String orderId) {
        return store.write(state -> {
            Order order = Optional.ofNullable(state.orders.get(orderId))
                    .orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
            return services.registry().order(state, order.serial, true, "repair".equals(order.mode), null);
        });
    }

    /**
     * For the client's refusal tests: the encryption pair the next SM2 renewal of this order gets (set before it is
     * issued; NONE for the right one).
     */
    public Order hostileEnvelope(String orderId, HostileEnvelope mode) {
        return admin.hostileEnvelope(orderId, mode);
    }

    /** Closes (已关闭) the open order of the certificate with this serial. */
    public Order closeOrder(String serialHex) {
        return admin.close(serialHex);
    }

    public Optional<Order> order(String orderId) {
        return store.write(state -> Optional.ofNullable(state.orders.get(orderId)));
    }

    public Optional<CertRecord> certificate(String certId) {
        return store.write(state -> Optional.ofNullable(state.certificates.get(certId)));
    }

    public List<CertRecord> certificates() {
        return store.write(state -> List.copyOf(state.certificates.values()));
    }

    public Optional<Renewal> renewal(String renewalId) {
        return store.write(state -> Optional.ofNullable(state.renewals.get(renewalId)));
    }

    public List<Renewal> renewals() {
        return store.write(state -> List.copyOf(state.renewals.values()));
    }

    public List<Seal> seals() {
        return store.write(state -> List.copyOf(state.seals.values()));
    }

    /** Revokes the certificate with this serial. */
    public CertRecord revoke(String serialHex) {
        return admin.revoke(serialHex);
    }

    public List<SmsMessage> outbox() {
        return admin.outbox();
    }

    /** The code of the newest SMS, or empty when none was sent. */
    public Optional<String> lastSmsCode() {
        List<SmsMessage> outbox = outbox();
        return outbox.isEmpty() ? Optional.empty() : Optional.of(outbox.getLast().code);
    }

    /** Makes every pending SMS code expire now. */
    public void expireSmsCodes() {
        store.write(state -> {
            services.challenges().expireCodes(state);
            return null;
        });
    }

    public Settings settings() {
        return store.write(state -> state.settings.copy());
    }

    /** Changes the settings (and faults); the next request sees the change. */
    public Settings updateSettings(Consumer<Settings> change) {
        return admin.replaceSettings(settings -> {
            change.accept(settings);
            return settings;
        });
    }

    /** Replaces the faults. */
    public void setFaults(Faults faults) {
        updateSettings(s -> s.faults = faults);
    }

    public void clearFaults() {
        setFaults(new Faults());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The admin operations shared by {@link SandboxCa} and the command line. */
    static final class Admin {
        private final Store store;
        private final CaRegistry registry;

        Admin(Store store, CaRegistry registry) {
            this.store = store;
            this.registry = registry;
        }

        CertRecord issue(SubjectPublicKeyInfo key, String subject, Instant notBefore, int days,
                         List<String> keyUsage) {
            X509Certificate certificate = registry.issueFirst(key, new X500Name(subject), notBefore, days, keyUsage);
            return store.write(state -> registry.addFirst(state, certificate, false));
        }

        CertRecord register(X509Certificate certificate) {
            registry.checkRegistrable(certificate);
            String certId = Certs.certId(certificate);
            return store.write(state -> state.certificates.containsKey(certId) ? state.certificates.get(certId)
                    : registry.addFirst(state, certificate, true));
        }

        Order order(String serialHex, boolean approve, boolean repair, String phone) {
            return store.write(state -> registry.order(state, serialHex, approve, repair, phone));
        }

        Order hostileEnvelope(String orderId, HostileEnvelope mode) {
            return store.write(state -> {
                Order order = Optional.ofNullable(state.orders.get(orderId))
                        .orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
                order.hostileEnvelope = mode == HostileEnvelope.NONE ? null : mode;
                return order;
            });
        }

        Order close(String serialHex) {
            return store.write(state -> registry.closeOrder(state, serialHex));
        }

        CertRecord revoke(String serialHex) {
            return store.write(state -> {
                CertRecord record = state.certificateBySerial(serialHex).orElseThrow(() ->
                        new IllegalArgumentException("no certificate with serial " + serialHex));
                record.revoke("revoked by the administrator", registry.now());
                return record;
            });
        }

        List<SmsMessage> outbox() {
            return store.write(state -> List.copyOf(state.outbox));
        }

        Settings replaceSettings(UnaryOperator<Settings> change) {
            return store.write(state -> {
                state.settings = change.apply(state.settings);
                state.settings.validate();
                return state.settings.copy();
            });
        }

        Path dir() {
            return store.dir();
        }
    }
}
