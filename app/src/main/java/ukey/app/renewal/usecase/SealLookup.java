package ukey.app.renewal.usecase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;

/**
 * The electronic seals a configured CA has bound to a certificate, for the window's side panel: the CA that issued
 * the certificate ({@link CaRoutes}) is asked. One connector per CA, opened at its first look-up, serves every later
 * one until {@link #close}.
 */
public final class SealLookup implements AutoCloseable {

    private final Settings settings;
    /** By {@code ca.more} name; the default CA under the empty one. */
    private final Map<Optional<String>, CaConnector> connectors = new HashMap<>();

    public SealLookup(Settings settings) {
        this.settings = settings;
    }

    /** Blocking: the CA is asked over the network. */
    public synchronized List<CaConnector.Seal> seals(X509CertificateHolder certificate)
            throws AppException, CaException {
        Optional<CaEndpoint> named = new CaRoutes(settings).named(certificate);
        Optional<String> name = named.flatMap(CaEndpoint::name);
        CaConnector connector = connectors.get(name);
        if (connector == null) {
            connector = (named.isPresent() ? named.get() : CaEndpoint.of(settings)).open();
            connectors.put(name, connector);
        }
        return connector.seals(certificate);
    }

    @Override
    public synchronized void close() {
        connectors.values().forEach(CaConnector::close);
        connectors.clear();
    }
}
