package ukey.app.renewal.usecase;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.api.ApiConnector;
import ukey.app.renewal.api.Pem;
import ukey.app.renewal.cmp.CmpConnector;
import ukey.app.renewal.cmp.CmpSigners;

/**
 * Which CA renews, and how to reach it: from the command line, else the settings (where IT policy wins). The one
 * place that turns configuration into a {@link CaConnector}, for the command line and the window alike. Three trust
 * sets, each for one purpose: the TLS server's roots, the issuing CA's roots (what a renewed certificate and a CMP
 * signer chain to) and, for CMP, an optional pinned signer and sender. {@code ca.trust} is the default of the first
 * two only: a public web root added for TLS never lets a website's certificate sign the CA's answers.
 *
 * @param name        the {@code ca.more} name of the CA, empty for the default one
 * @param connector   "api" (the renewal API over HTTPS) or "cmp"
 * @param url         the endpoint
 * @param trust       the PEM file the TLS roots came from (for messages)
 * @param tlsRoots    trusted for the CA's TLS server (ca.tlsTrust, else --ca-trust / ca.trust)
 * @param issuerRoots what a returned certificate must chain to (ca.issuerTrust, else --ca-trust / ca.trust)
 * @param cmpSigners  who may sign CMP answers: issuerRoots, or the pinned ca.cmpSigner; ca.cmpSender
 */
public record CaEndpoint(Optional<String> name, String connector, URI url, Path trust,
                         List<X509CertificateHolder> tlsRoots, List<X509CertificateHolder> issuerRoots,
                         CmpSigners cmpSigners) {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The default CA: the command line's choices for this run, else the settings. */
    public static CaEndpoint of(Optional<String> connector, Optional<String> url, Optional<Path> trust,
                                Settings settings) throws AppException {
        return of(connector, url, trust, settings, new Keys(Optional.empty()));
    }

    /**
     * A CA named in {@code ca.more}, from its {@code NAME.}-prefixed keys, under the same rules as the default one.
     *
     * @throws AppException its address or roots are missing: blamed on the file that named it
     */
    public static CaEndpoint named(String name, Settings settings) throws AppException {
        Keys keys = new Keys(Optional.of(name));
        if (settings.get(keys.of(Settings.CA_URL)).isEmpty() || settings.get(keys.of(Settings.CA_TRUST)).isEmpty()
                && (settings.get(keys.of(Settings.CA_TLS_TRUST)).isEmpty()
                || settings.get(keys.of(Settings.CA_ISSUER_TRUST)).isEmpty())) {
            throw settings.wrongValue(Settings.CA_MORE, name + " (" + keys.of(Settings.CA_URL) + "=?, "
                    + keys.of(Settings.CA_TRUST) + "=?)", null);
        }
        return of(Optional.empty(), Optional.empty(), Optional.empty(), settings, keys);
    }

    private static CaEndpoint of(Optional<String> connector, Optional<String> url, Optional<Path> trust,
                                 Settings settings, Keys keys) throws AppException {
        String name = connector.or(() -> settings.get(keys.of(Settings.CA_CONNECTOR))).orElse("api");
        Optional<String> endpoint = url.or(() -> settings.get(keys.of(Settings.CA_URL)));
        Optional<Path> base = trust.or(() -> settings.get(keys.of(Settings.CA_TRUST)).map(Path::of));
        Optional<Path> tls = specific(settings, keys, Settings.CA_TLS_TRUST, trust).or(() -> base);
        Optional<Path> issuers = specific(settings, keys, Settings.CA_ISSUER_TRUST, trust).or(() -> base);
        if (endpoint.isEmpty() || tls.isEmpty() || issuers.isEmpty()) {
            throw new AppException(AppError.NO_CA_CONFIGURED);
        }
        URI uri;
        try {
            uri = URI.create(endpoint.get());
        } catch (IllegalArgumentException e) {
            throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url", "URL");
        }
        List<X509CertificateHolder> issuerRoots = read(issuers.get());
        Optional<String> signer = cmpSetting(settings, keys, Settings.CA_CMP_SIGNER);
        List<X509CertificateHolder> pinned = signer.isPresent() ? read(Path.of(signer.get())) : List.of();
        Optional<X500Name> sender;
        try {
            sender = cmpSetting(settings, keys, Settings.CA_CMP_SENDER).map(X500Name::new);
        } catch (IllegalArgumentException e) {
            throw new AppException(AppError.BAD_OPTION_VALUE, keys.of(Settings.CA_CMP_SENDER), "CN=...,O=...,C=CN");
        }
        return new CaEndpoint(keys.name(), name, uri, tls.get(), read(tls.get()), issuerRoots,
                new CmpSigners(issuerRoots, pinned, sender));
    }

    /** The setting keys of one CA: the default's as they are, a named one's prefixed with its name. */
    private record Keys(Optional<String> name) {
        String of(String key) {
            return name.map(n -> Settings.ofCa(n, key)).orElse(key);
        }
    }

    /**
     * A trust file of its own for one purpose: the IT policy's always; the user's unless --ca-trust was given for
     * this run (then that file serves both purposes, as ca.trust does) or the policy sets ca.trust (a user's file
     * for one purpose would otherwise replace the policy's roots for it).
     */
    private static Optional<Path> specific(Settings settings, Keys keys, String key, Optional<Path> fromCommandLine) {
        if (settings.lockedByPolicy(keys.of(key))) {
            return settings.get(keys.of(key)).map(Path::of);
        }
        if (fromCommandLine.isPresent() || settings.lockedByPolicy(keys.of(Settings.CA_TRUST))) {
            return Optional.empty();
        }
        return settings.get(keys.of(key)).map(Path::of);
    }

    /**
     * The CMP signer pin or sender: the user's only while the policy sets none of the CA's trust, as a pinned signer
     * takes the place of the policy's roots for CMP answers.
     */
    private static Optional<String> cmpSetting(Settings settings, Keys keys, String key) {
        boolean policyTrust = Settings.CA_TRUST_KEYS.stream().map(keys::of).anyMatch(settings::lockedByPolicy);
        return policyTrust && !settings.lockedByPolicy(keys.of(key)) ? Optional.empty() : settings.get(keys.of(key));
    }

    private static List<X509CertificateHolder> read(Path file) throws AppException {
        try {
            return Pem.readFile(file);
        } catch (IOException e) {
            throw new AppException(AppError.CA_TRUST_UNREADABLE, e, null, file, e.getMessage());
        }
    }

    /** The roots a returned certificate must chain to (the issuing CA's). */
    public List<X509CertificateHolder> roots() {
        return issuerRoots;
    }

    /** The CA the settings name (where IT policy wins). */
    public static CaEndpoint of(Settings settings) throws AppException {
        return of(Optional.empty(), Optional.empty(), Optional.empty(), settings);
    }

    /**
     * Whether the CA answers, without renewing anything: the renewal API's directory over TLS that trusts the
     * configured roots only; for CMP (plain HTTP, its answers are signed) a TCP connection to its port.
     */
    public void probe(Duration timeout) throws CaException, AppException {
        if (!connector.equals("cmp")) {
            try (ApiConnector api = new ApiConnector(url, tlsRoots, timeout)) {
                api.checkReachable();
            } catch (IllegalArgumentException e) {
                throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url", "https://HOST:PORT/");
            }
            return;
        }
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        if (url.getHost() == null) {
            throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url", "http://HOST:PORT/PATH");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
        } catch (IOException e) {
            throw CaException.network("no connection to " + url.getHost() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The connector that speaks to this CA. */
    public CaConnector open() throws AppException {
        try {
            return switch (connector) {
                case "api" -> new ApiConnector(url, tlsRoots, TIMEOUT);
                // CMP cannot ask the CA about a same key beforehand: the CA judges the kur and says no itself
                case "cmp" -> new CmpConnector(url, tlsRoots, cmpSigners, true, false);
                default -> throw new AppException(AppError.BAD_OPTION_VALUE, "--connector", "api, cmp");
            };
        } catch (IllegalArgumentException e) {
            throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url",
                    connector.equals("cmp") ? "http://HOST:PORT/PATH" : "https://HOST:PORT/");
        }
    }
}
