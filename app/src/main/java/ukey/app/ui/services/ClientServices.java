package ukey.app.ui.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.ui.common.I18n;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * The services the window runs on, made in one place. Until the client's TokenService, Settings and
 * ErrorPresenter are merged, this loads the PKCS#11 libraries itself (from {@code --library}, UKEY_PKCS11 or
 * the usual Linux paths) and uses built-in defaults; afterwards it adapts those shared services.
 */
public final class ClientServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientServices.class);
    private static final List<String> USUAL_LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib/softhsm/libsofthsm2.so");

    private final List<TokenProvider> providers;
    private final KeyDirectory keys;
    private final UiSettings settings;
    private final ErrorText errors;

    private ClientServices(List<TokenProvider> providers, KeyDirectory keys, UiSettings settings, ErrorText errors) {
        this.providers = providers;
        this.keys = keys;
        this.settings = settings;
        this.errors = errors;
    }

    /** Loads the libraries named (or found) and the settings. Blocks while the libraries initialise. */
    public static ClientServices open(List<Path> libraries, Clock clock) {
        UiSettings settings = defaults();
        List<TokenProvider> providers = new ArrayList<>();
        List<KeyDirectory.LibraryStatus> failed = new ArrayList<>();
        for (Path library : choose(libraries)) {
            try {
                providers.add(Pkcs11Provider.open(library));
            } catch (TokenException | RuntimeException e) {
                LOG.warn("cannot load {}: {}", library, e.getMessage());
                failed.add(new KeyDirectory.LibraryStatus(library.toString(), "", false, e.getMessage()));
            }
        }
        KeyDirectory keys = new ProviderKeyDirectory(providers, failed, clock, settings.renewalWindowDays());
        return new ClientServices(providers, keys, settings, new InterimErrorText(I18n.forLanguage(settings.language())));
    }

    private static Set<Path> choose(List<Path> named) {
        Set<Path> chosen = new LinkedHashSet<>(named);
        String environment = System.getenv("UKEY_PKCS11");
        if (environment != null && !environment.isBlank()) {
            for (String path : environment.split(java.io.File.pathSeparator)) {
                chosen.add(Path.of(path));
            }
        }
        if (chosen.isEmpty()) {
            USUAL_LIBRARIES.stream().map(Path::of).filter(Files::isRegularFile).forEach(chosen::add);
        }
        return chosen;
    }

    private static UiSettings defaults() {
        String language = System.getenv().getOrDefault("UKEY_LANG", "zh");
        return new UiSettings(Locale.forLanguageTag(language), List.of(90, 30, 7), 30, "", "", "",
                Path.of(System.getProperty("user.home"), ".ukey", "logs"));
    }

    public KeyDirectory keys() {
        return keys;
    }

    public UiSettings settings() {
        return settings;
    }

    public ErrorText errors() {
        return errors;
    }

    @Override
    public void close() {
        providers.forEach(TokenProvider::close);
    }
}
