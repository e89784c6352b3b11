package ukey.app.ui.services;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import ukey.cert.CertificateInfo;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenProvider;
import ukey.token.TokenWatcher;

/**
 * The window's keys read straight from loaded token providers, with the token layer's watcher for insert and
 * remove. Until the client's TokenService is merged this is how the window reaches the tokens; afterwards it
 * becomes a thin adapter onto that service.
 */
public final class ProviderKeyDirectory implements KeyDirectory {

    /** How often the watcher looks for keys: an inserted key shows within about a second. */
    public static final Duration POLL = Duration.ofMillis(700);

    private final List<TokenProvider> providers;
    private final List<LibraryStatus> failed;
    private final Clock clock;
    private final int renewalWindowDays;

    /**
     * @param providers         the loaded libraries
     * @param failed            libraries that were configured or found but did not load
     * @param renewalWindowDays the CA's renewal window, for the certificates' status
     */
    public ProviderKeyDirectory(List<TokenProvider> providers, List<LibraryStatus> failed, Clock clock,
                                int renewalWindowDays) {
        this.providers = List.copyOf(providers);
        this.failed = List.copyOf(failed);
        this.clock = clock;
        this.renewalWindowDays = renewalWindowDays;
    }

    @Override
    public List<KeyCard> scan() throws TokenException {
        List<KeyCard> cards = new ArrayList<>();
        for (TokenProvider provider : providers) {
            synchronized (provider) {
                provider.rescan();
                for (Token token : provider.tokens()) {
                    cards.add(card(token));
                }
            }
        }
        return cards;
    }

    @Override
    public KeyCard read(TokenInfo inserted) throws TokenException {
        for (TokenProvider provider : providers) {
            if (!provider.library().equals(inserted.library())) {
                continue;
            }
            synchronized (provider) {
                for (Token token : provider.tokens()) {
                    if (token.info().key().equals(inserted.key())) {
                        return card(token);
                    }
                }
            }
        }
        throw new TokenException(ukey.token.TokenError.TOKEN_REMOVED, "key " + inserted.serial() + " is gone");
    }

    @Override
    public List<LibraryStatus> libraries() {
        List<LibraryStatus> all = new ArrayList<>();
        for (TokenProvider provider : providers) {
            all.add(new LibraryStatus(provider.library(), provider.description(), true, ""));
        }
        all.addAll(failed);
        return all;
    }

    @Override
    public AutoCloseable watch(Consumer<KeyEvent> listener) {
        TokenWatcher watcher = new TokenWatcher(providers, POLL, event -> listener.accept(
                event.kind() == TokenWatcher.Event.Kind.INSERTED
                        ? new KeyEvent.Inserted(event.token()) : new KeyEvent.Removed(event.token())));
        watcher.start();
        return watcher;
    }

    private KeyCard card(Token token) throws TokenException {
        TokenInfo info = token.info();
        List<TokenCertificate> certificates = token.certificates();
        return new KeyCard(info, token, certificates, main(certificates));
    }

    /** The user's own certificate: readable, with its private key on the key, the latest to expire. */
    private Optional<CertificateSummary> main(List<TokenCertificate> certificates) {
        Comparator<TokenCertificate> preference = Comparator
                .comparing((TokenCertificate c) -> c.hasPrivateKey())
                .thenComparing(c -> c.info().orElseThrow().notAfter());
        return certificates.stream().filter(TokenCertificate::readable).max(preference)
                .map(c -> summary(c.info().orElseThrow()));
    }

    private CertificateSummary summary(CertificateInfo info) {
        return new CertificateSummary(info.owner(), info.issuer(), info.serialHex(), info.notBefore(),
                info.notAfter(), info.status(clock.instant(), renewalWindowDays), info.daysLeft(clock.instant()));
    }
}
