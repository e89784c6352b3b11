package ukey.app.ui;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.app.tokens.LibrarySource;
import ukey.app.tokens.ProviderFactory;
import ukey.app.tokens.TokenService;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;

/**
 * The key libraries opened and the keys read on a thread of their own while JavaFX starts and the window is built
 * (measured with src/bench.sh gui: loading a library and reading a key cost as much as starting JavaFX, and the
 * machine has a second core), so the window's first frame already shows the key's certificate.
 */
final class KeysAtStart {

    private final CompletableFuture<TokenService> tokens = new CompletableFuture<>();
    private final CompletableFuture<List<KeyCard>> firstLook = new CompletableFuture<>();

    private KeysAtStart() {
    }

    /** Starts opening the libraries and then reading every key, in the background. */
    static KeysAtStart start(GuiOptions options, Settings settings, Clock clock) {
        KeysAtStart start = new KeysAtStart();
        Thread.ofPlatform().name("ukey-start").daemon(true).start(() -> start.run(options, settings, clock));
        return start;
    }

    /**
     * Opens the libraries the command line would: --module/--skf, UKEY_PKCS11_MODULE/UKEY_SKF_LIBRARY, settings,
     * discovery; the IT policy's win.
     */
    static TokenService open(GuiOptions options, Settings settings) throws AppException {
        return TokenService.open(options.libraries(), options.skf(), System.getenv(), settings,
                LibrarySource.discovery(), ProviderFactory.pkcs11());
    }

    private void run(GuiOptions options, Settings settings, Clock clock) {
        TokenService opened;
        try {
            opened = open(options, settings);
        } catch (AppException | RuntimeException e) {
            tokens.completeExceptionally(e);
            firstLook.completeExceptionally(e);
            return;
        }
        tokens.complete(opened);
        try {
            firstLook.complete(new KeyDirectory(opened, clock, settings.renewalWindowDays()).readAll());
        } catch (Exception | Error e) { // the window says what went wrong, as a scan it made itself would
            firstLook.completeExceptionally(e);
        }
    }

    /** Waits for the libraries to be open. */
    TokenService tokens() throws AppException {
        try {
            return tokens.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AppException problem) {
                throw problem;
            }
            throw e.getCause() instanceof RuntimeException unexpected ? unexpected : e;
        }
    }

    /** Why the libraries could not be opened, if they could not (waits for them). */
    Optional<AppException> failure() {
        try {
            tokens();
            return Optional.empty();
        } catch (AppException e) {
            return Optional.of(e);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The keys as read at start, or why they could not be read (completes after {@link #tokens()}). */
    CompletableFuture<List<KeyCard>> firstLook() {
        return firstLook;
    }
}
