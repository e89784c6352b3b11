package ukey.app.ui.services;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import ukey.app.renewal.RenewableCertificates;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.LibraryProblem;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenProvider;
import ukey.token.TokenWatcher;

/**
 * The inserted keys as the window sees them, read through the client's one {@link TokenService} (the same
 * libraries, providers and tokens as the command line). Every call may block: callers run them in the background.
 */
public final class KeyDirectory {

    /** How often the watcher looks for keys: an inserted key shows within about a second. */
    public static final Duration POLL = Duration.ofMillis(700);

    private final TokenService tokens;
    private final Clock clock;
    private final int renewalWindowDays;

    /**
     * @param tokens            the window's token service, open for the life of the window
     * @param renewalWindowDays the CA's renewal window, for the certificates' status
     */
    public KeyDirectory(TokenService tokens, Clock clock, int renewalWindowDays) {
        this.tokens = tokens;
        this.clock = clock;
        this.renewalWindowDays = renewalWindowDays;
    }

    /** Looks again at every library (re-initialising those that need it to see new keys) and reads each key. */
    public List<KeyCard> scan() throws TokenException {
        for (TokenProvider provider : tokens.providers()) {
            synchronized (provider) {
                provider.rescan();
            }
        }
        List<KeyCard> cards = new ArrayList<>();
        for (FoundToken found : tokens.scan().tokens()) {
            try {
                cards.add(card(found.token(), found.info()));
            } catch (TokenException e) {
                if (!e.needsRescan()) {
                    throw e;
                }
                // pulled out while we read it: simply not there
            }
        }
        return cards;
    }

    /** Reads one key that was just inserted. */
    public KeyCard read(TokenInfo inserted) throws TokenException {
        for (FoundToken found : tokens.scan().tokens()) {
            if (found.info().key().equals(inserted.key())) {
                return card(found.token(), found.info());
            }
        }
        throw new TokenException(TokenError.TOKEN_REMOVED, "key " + inserted.serial() + " is gone");
    }

    /** The PKCS#11 libraries chosen (as the command line chooses them) and whether they loaded: for 环境检测. */
    public List<LibraryStatus> libraries() {
        List<LibraryStatus> all = new ArrayList<>();
        for (TokenProvider provider : tokens.providers()) {
            all.add(new LibraryStatus(provider.library(), provider.description(), provider.disabled()));
        }
        for (LibraryProblem failed : tokens.loadFailures()) {
            all.add(new LibraryStatus(failed.library().path().toString(), "", Optional.of(failed.error())));
        }
        return all;
    }

    /**
     * Tells the listener, on a watcher thread, when a key is inserted or removed.
     *
     * @return closing it stops the events
     */
    public AutoCloseable watch(Consumer<KeyEvent> listener) {
        TokenWatcher watcher = new TokenWatcher(tokens.providers(), POLL, event -> listener.accept(
                event.kind() == TokenWatcher.Event.Kind.INSERTED
                        ? new KeyEvent.Inserted(event.token()) : new KeyEvent.Removed(event.token())));
        watcher.start();
        return watcher;
    }

    private KeyCard card(Token token, TokenInfo info) throws TokenException {
        List<TokenCertificate> certificates = token.certificates();
        return new KeyCard(info, token, certificates, main(certificates));
    }

    /**
     * The certificate the key is known by: the one a renewal would renew (the user's own, with its private key),
     * else a readable one, a holder's rather than a CA's, the one that expires last.
     */
    private Optional<CertificateSummary> main(List<TokenCertificate> certificates) {
        Comparator<TokenCertificate> preference = Comparator
                .comparing((TokenCertificate c) -> !selfIssued(c.info().orElseThrow()))
                .thenComparing(c -> c.info().orElseThrow().notAfter());
        Optional<TokenCertificate> chosen = RenewableCertificates.certificateToRenew(certificates).or(() ->
                certificates.stream().filter(TokenCertificate::readable).max(preference));
        return chosen.map(c -> CertificateSummary.of(c, clock.instant(), renewalWindowDays));
    }

    private static boolean selfIssued(CertificateInfo info) {
        return CertificateInfo.sameName(info.subjectName(), info.issuerName());
    }

    /**
     * One PKCS#11 library: its path, its own description, and why it did not load if it did not.
     */
    public record LibraryStatus(String path, String description, Optional<TokenException> problem) {
        public boolean loaded() {
            return problem.isEmpty();
        }
    }
}
