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
import ukey.app.tokens.LibraryChoice;
import ukey.app.tokens.LibraryProblem;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.token.Backend;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.LibraryDefect;
import ukey.token.LibraryPlacement;
import ukey.token.Token;
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
        return readAll();
    }

    /**
     * Reads every key as the libraries see them now, without looking again: for libraries just opened (a library
     * that fixes its slots when initialised would otherwise be initialised twice in a row).
     */
    public List<KeyCard> readAll() throws TokenException {
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

    /** The PKCS#11 and SKF libraries chosen (as the command line chooses them) and whether they loaded: 环境检测. */
    public List<LibraryStatus> libraries() {
        List<LibraryStatus> all = new ArrayList<>();
        for (TokenProvider provider : tokens.providers()) {
            LibraryChoice choice = tokens.choice(provider);
            all.add(new LibraryStatus(provider.library(), provider.description(), provider.disabled(), choice.vendor(),
                    choice.backend(), Optional.empty(), provider.placement()));
        }
        for (LibraryProblem failed : tokens.loadFailures()) {
            LibraryChoice choice = failed.library();
            all.add(new LibraryStatus(choice.path().toString(), "", Optional.of(failed.error()), choice.vendor(),
                    choice.backend(), choice.problem()));
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
        List<Identity> identities = token.identities();
        List<CertificateSummary> certificates = CertificateSummary.of(identities, clock.instant(), renewalWindowDays);
        return new KeyCard(info, token, identities, certificates, main(identities, certificates));
    }

    /**
     * The certificate the key is known by: the one a renewal would renew (the user's own, with its private key),
     * else a readable one, a holder's rather than a CA's, the one that expires last.
     */
    private static Optional<CertificateSummary> main(List<Identity> identities, List<CertificateSummary> all) {
        Optional<Identity> renewed = RenewableCertificates.identityToRenew(identities);
        if (renewed.isPresent()) {
            return all.stream().filter(c -> c.identity() == renewed.get()
                    && c.usage() == renewed.get().primary().orElseThrow().usage()).findFirst();
        }
        Comparator<CertificateSummary> preference = Comparator
                .comparing((CertificateSummary c) -> !selfIssued(c.info().orElseThrow()))
                .thenComparing(c -> c.usage() == KeyHalf.Usage.SIGN)
                .thenComparing(c -> c.info().orElseThrow().notAfter());
        return all.stream().filter(c -> c.info().isPresent()).max(preference);
    }

    private static boolean selfIssued(CertificateInfo info) {
        return CertificateInfo.sameName(info.subjectName(), info.issuerName());
    }

    /**
     * One PKCS#11 or SKF library: its path, its own description, why it did not load (or was switched off) if it did
     * not, its vendor when known ("" otherwise), what is wrong with its file when discovery saw it (a 32-bit DLL...),
     * and where its calls run.
     */
    public record LibraryStatus(String path, String description, Optional<TokenException> problem, String vendor,
                                Backend backend, Optional<LibraryDefect> defect, LibraryPlacement placement) {

        /** A library that runs (or would have run) in this process. */
        public LibraryStatus(String path, String description, Optional<TokenException> problem, String vendor,
                             Backend backend, Optional<LibraryDefect> defect) {
            this(path, description, problem, vendor, backend, defect, LibraryPlacement.IN_PROCESS);
        }

        /** A PKCS#11 library of no known vendor. */
        public LibraryStatus(String path, String description, Optional<TokenException> problem) {
            this(path, description, problem, "", Backend.PKCS11, Optional.empty());
        }

        public boolean loaded() {
            return problem.isEmpty();
        }
    }
}
