package ukey.app.renewal.usecase;

import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;

/**
 * The electronic seals the configured CA has bound to a certificate, for the window's side panel. One connector,
 * opened at the first look-up, serves every later one until {@link #close}.
 */
public final class SealLookup implements AutoCloseable {

    private final Settings settings;
    private CaConnector connector;

    public SealLookup(Settings settings) {
        this.settings = settings;
    }

    /** Blocking: the CA is asked over the network. */
    public synchronized List<CaConnector.Seal> seals(X509CertificateHolder certificate)
            throws AppException, CaException {
        if (connector == null) {
            connector = CaEndpoint.of(settings).open();
        }
        return connector.seals(certificate);
    }

    @Override
    public synchronized void close() {
        if (connector != null) {
            connector.close();
            connector = null;
        }
    }
}
