package ukey.app.renewal.usecase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.renewal.CertificateChains;

/**
 * Which configured CA a certificate belongs to, when the settings name more CAs ({@code ca.more}) beside the default
 * one: a person may hold keys from two CAs. The CA is the first, the default one before the named ones in their
 * order, whose issuer roots (its {@code issuerTrust}, else its {@code trust}) the certificate chains to, checked
 * with BouncyCastle so SM2 certificates chain too. A certificate none of them issued goes to the default CA, whose
 * own issuer check then refuses it as before.
 */
public final class CaRoutes {

    private final Settings settings;

    public CaRoutes(Settings settings) {
        this.settings = settings;
    }

    /**
     * The named CA that issued {@code certificate}, or empty for the default CA (it issued it, or none did).
     *
     * @throws AppException a CA's settings are wrong (unreadable roots, a bad {@code ca.more} name or a named CA
     *                      without address or roots); the default CA's only for a key no named CA issued
     */
    public Optional<CaEndpoint> named(X509CertificateHolder certificate) throws AppException {
        List<String> more = settings.moreCas();
        if (more.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<CaEndpoint> standard = Optional.empty();
        AppException brokenDefault = null;
        try {
            standard = configuredDefault();
        } catch (AppException e) {
            brokenDefault = e; // said only when the key is none of the named CAs': it must not block their keys
        }
        if (standard.isPresent() && issued(standard.get(), certificate, now)) {
            return Optional.empty();
        }
        for (String name : more) {
            CaEndpoint endpoint = CaEndpoint.named(name, settings);
            if (issued(endpoint, certificate, now)) {
                return Optional.of(endpoint);
            }
        }
        if (brokenDefault != null) {
            throw brokenDefault;
        }
        return Optional.empty();
    }

    /**
     * Whether a CA is configured at all: the default one's address and roots, or {@code ca.more} names others (a
     * wrong name is worded when renewing).
     */
    public static boolean anyConfigured(Settings settings) {
        boolean roots = settings.get(Settings.CA_TRUST).isPresent()
                || settings.get(Settings.CA_TLS_TRUST).isPresent() && settings.get(Settings.CA_ISSUER_TRUST).isPresent();
        boolean standard = settings.get(Settings.CA_URL).isPresent() && roots;
        try {
            return standard || !settings.moreCas().isEmpty();
        } catch (AppException e) {
            return true;
        }
    }

    private Optional<CaEndpoint> configuredDefault() throws AppException {
        try {
            return Optional.of(CaEndpoint.of(settings));
        } catch (AppException e) {
            if (e.error() == AppError.NO_CA_CONFIGURED) {
                return Optional.empty(); // only named CAs: a certificate none of them issued is refused later
            }
            throw e;
        }
    }

    private static boolean issued(CaEndpoint endpoint, X509CertificateHolder certificate, Instant now) {
        return CertificateChains.chainsTo(certificate, List.of(), endpoint.issuerRoots(), now);
    }
}
