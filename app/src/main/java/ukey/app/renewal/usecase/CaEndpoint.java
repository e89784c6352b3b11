package ukey.app.renewal.usecase;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.api.ApiConnector;
import ukey.app.renewal.api.Pem;
import ukey.app.renewal.cmp.CmpConnector;

/**
 * Which CA renews, and how to reach it: from the command line, else the settings (where IT policy wins). The one
 * place that turns configuration into a {@link CaConnector}, for the command line and the window alike.
 *
 * @param connector "api" (the renewal API over HTTPS) or "cmp"
 * @param url       the endpoint
 * @param trust     the PEM file of the CA's roots
 * @param roots     its certificates: TLS trust (CMP: the signers of the CA's answers), and the roots a returned
 *                  certificate must chain to
 */
public record CaEndpoint(String connector, URI url, Path trust, List<X509CertificateHolder> roots) {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    public static CaEndpoint of(Optional<String> connector, Optional<String> url, Optional<Path> trust,
                                Settings settings) throws AppException {
        String name = connector.or(() -> settings.get(Settings.CA_CONNECTOR)).orElse("api");
        Optional<String> endpoint = url.or(() -> settings.get(Settings.CA_URL));
        Optional<Path> trustFile = trust.or(() -> settings.get(Settings.CA_TRUST).map(Path::of));
        if (endpoint.isEmpty() || trustFile.isEmpty()) {
            throw new AppException(AppError.NO_CA_CONFIGURED);
        }
        URI uri;
        try {
            uri = URI.create(endpoint.get());
        } catch (IllegalArgumentException e) {
            throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url", "URL");
        }
        try {
            return new CaEndpoint(name, uri, trustFile.get(), Pem.readFile(trustFile.get()));
        } catch (IOException e) {
            throw new AppException(AppError.CA_TRUST_UNREADABLE, e, null, trustFile.get(), e.getMessage());
        }
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
            try (ApiConnector api = new ApiConnector(url, roots, timeout)) {
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
                case "api" -> new ApiConnector(url, roots, TIMEOUT);
                // CMP cannot ask the CA about a same key beforehand: the CA judges the kur and says no itself
                case "cmp" -> new CmpConnector(url, roots, true, false);
                default -> throw new AppException(AppError.BAD_OPTION_VALUE, "--connector", "api, cmp");
            };
        } catch (IllegalArgumentException e) {
            throw new AppException(AppError.BAD_OPTION_VALUE, "--ca-url",
                    connector.equals("cmp") ? "http://HOST:PORT/PATH" : "https://HOST:PORT/");
        }
    }
}
