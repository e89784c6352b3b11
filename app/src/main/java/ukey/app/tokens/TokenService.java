package ukey.app.tokens;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.token.LibraryDefect;
import ukey.token.LibraryDiscovery;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;

/**
 * The tokens of every loaded PKCS#11 library, for the command line and the window alike. Several libraries are
 * loaded at once; one that fails is reported and the others keep working. Calls block: keep them off UI threads.
 */
public final class TokenService implements AutoCloseable {

    public static final String MODULE_ENV = LibraryDiscovery.ENV_VARIABLE;

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final Map<TokenProvider, LibraryChoice> providers;
    private final List<LibraryProblem> loadFailures;

    private TokenService(Map<TokenProvider, LibraryChoice> providers, List<LibraryProblem> loadFailures) {
        this.providers = providers;
        this.loadFailures = loadFailures;
    }

    /**
     * Which libraries to load: those the IT policy's {@code pkcs11.modules} names, whatever else says; else those
     * given with {@code --module}; else those in {@code UKEY_PKCS11_MODULE} (a path list); else the user's
     * {@code pkcs11.modules}; else what discovery finds. A relative path is refused (it would load whatever file
     * of that name lies in the current folder).
     */
    public static List<LibraryChoice> chooseLibraries(List<Path> fromOptions, Map<String, String> env,
                                                      Settings settings, LibrarySource discovery) {
        if (settings.lockedByPolicy(Settings.PKCS11_MODULES)) {
            if (!fromOptions.isEmpty() || !env.getOrDefault(MODULE_ENV, "").isBlank()) {
                LOG.warn("--module / {} ignored: the IT policy {} sets {}", MODULE_ENV, settings.policyFile(),
                        Settings.PKCS11_MODULES);
            }
            return explicit(settings.pkcs11Modules(), "policy");
        }
        if (!fromOptions.isEmpty()) {
            return explicit(fromOptions, "--module");
        }
        String fromEnv = env.getOrDefault(MODULE_ENV, "");
        if (!fromEnv.isBlank()) {
            return explicit(LibraryDiscovery.pathList(fromEnv, File.pathSeparator), MODULE_ENV);
        }
        if (!settings.pkcs11Modules().isEmpty()) {
            return explicit(settings.pkcs11Modules(), "settings");
        }
        return withoutDuplicates(discovery.find());
    }

    private static List<LibraryChoice> explicit(List<Path> paths, String source) {
        return withoutDuplicates(paths.stream().map(path -> path.isAbsolute() ? LibraryChoice.explicit(path, source)
                : new LibraryChoice(path, source, "", Optional.of(LibraryDefect.of(LibraryDefect.Kind.RELATIVE_PATH)),
                true)).toList());
    }

    private static List<LibraryChoice> withoutDuplicates(List<LibraryChoice> choices) {
        Map<Path, LibraryChoice> unique = new LinkedHashMap<>();
        for (LibraryChoice choice : choices) {
            unique.putIfAbsent(choice.path().toAbsolutePath().normalize(), choice);
        }
        return List.copyOf(unique.values());
    }

    /**
     * Loads every library. A library that fails is kept in {@link #loadFailures()}.
     *
     * @throws AppException NO_LIBRARY when there is no library to load at all
     */
    public static TokenService open(List<LibraryChoice> libraries, ProviderFactory factory) throws AppException {
        if (libraries.isEmpty()) {
            throw new AppException(AppError.NO_LIBRARY);
        }
        Map<TokenProvider, LibraryChoice> providers = new LinkedHashMap<>();
        List<LibraryProblem> failures = new ArrayList<>();
        for (LibraryChoice library : libraries) {
            try {
                if (library.problem().isPresent()) {
                    throw new TokenException(TokenError.LIBRARY_LOAD_FAILED,
                            library.path() + ": " + library.problem().get());
                }
                providers.put(factory.open(library.path()), library);
            } catch (TokenException e) {
                failures.add(new LibraryProblem(library, e));
            } catch (RuntimeException e) {
                // A library that breaks the binding must not take the other libraries down with it.
                failures.add(new LibraryProblem(library, new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                        library.path() + ": " + e, null, e)));
            }
        }
        // the caller shows these to the user through the ErrorPresenter; the log keeps them for the helpdesk
        failures.forEach(f -> LOG.info("PKCS#11 library {} ({}) not loaded: {}", f.library().path(),
                f.library().source(), f.error().getMessage()));
        return new TokenService(providers, List.copyOf(failures));
    }

    /** The libraries that could not be loaded. */
    public List<LibraryProblem> loadFailures() {
        return loadFailures;
    }

    public List<TokenProvider> providers() {
        return List.copyOf(providers.keySet());
    }

    /**
     * The tokens present now, as the libraries last saw them. Watching for inserted and removed tokens is
     * {@link ukey.token.TokenWatcher}'s work, over {@link #providers()}.
     */
    public TokenScan scan() {
        List<FoundToken> found = new ArrayList<>();
        List<LibraryProblem> problems = new ArrayList<>();
        providers.forEach((provider, library) -> {
            try {
                for (Token token : provider.tokens()) {
                    try {
                        found.add(new FoundToken(provider, token, token.info()));
                    } catch (TokenException e) {
                        if (!e.needsRescan()) {
                            problems.add(new LibraryProblem(library, e));
                        }
                        // a token pulled out while we looked is simply not there
                    }
                }
            } catch (TokenException | RuntimeException e) {
                problems.add(new LibraryProblem(library, asTokenException(e)));
            }
        });
        return new TokenScan(List.copyOf(found), List.copyOf(problems));
    }

    /**
     * The one token to work on: the one with this serial (else this label) when a selector is given, else the only
     * token inserted.
     *
     * @throws AppException NO_TOKEN, SEVERAL_TOKENS, TOKEN_NOT_FOUND or TOKEN_AMBIGUOUS
     * @throws TokenException when no token can be seen because the libraries failed: the first failure
     */
    public FoundToken select(Optional<String> selector) throws AppException, TokenException {
        TokenScan scan = scan();
        List<FoundToken> tokens = scan.tokens();
        if (selector.isPresent()) {
            return selectOne(tokens, selector.get(), scan.problems());
        }
        if (tokens.isEmpty()) {
            throwNoTokenSeen(scan.problems());
        }
        if (tokens.size() > 1) {
            throw new AppException(AppError.SEVERAL_TOKENS, describe(tokens));
        }
        return tokens.getFirst();
    }

    /** The tokens with this serial (compared without case), or if none has it, this label. */
    public static List<FoundToken> matching(List<FoundToken> tokens, String selector) {
        String wanted = selector.trim();
        List<FoundToken> bySerial = tokens.stream()
                .filter(t -> t.info().serial().trim().equalsIgnoreCase(wanted)).toList();
        if (!bySerial.isEmpty()) {
            return bySerial;
        }
        return tokens.stream().filter(t -> t.info().label().trim().equals(wanted)).toList();
    }

    private FoundToken selectOne(List<FoundToken> tokens, String selector, List<LibraryProblem> problems)
            throws AppException, TokenException {
        List<FoundToken> matches = matching(tokens, selector);
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.size() > 1) {
            throw new AppException(AppError.TOKEN_AMBIGUOUS, selector, describeWithLibrary(matches));
        }
        if (tokens.isEmpty()) {
            throwNoTokenSeen(problems);
        }
        throw new AppException(AppError.TOKEN_NOT_FOUND, selector, describe(tokens));
    }

    /** With no token in sight, why: the libraries failed (to load, or to list their tokens), or none is inserted. */
    private void throwNoTokenSeen(List<LibraryProblem> problems) throws AppException, TokenException {
        if (providers.isEmpty() && !loadFailures.isEmpty()) {
            throw loadFailures.getFirst().error();
        }
        if (!problems.isEmpty()) {
            throw problems.getFirst().error();
        }
        throw new AppException(AppError.NO_TOKEN);
    }

    private static String describe(List<FoundToken> tokens) {
        return String.join(", ", tokens.stream().map(FoundToken::describe).toList());
    }

    private static String describeWithLibrary(List<FoundToken> tokens) {
        return String.join(", ", tokens.stream().map(t -> t.describe() + " @ " + t.info().library()).toList());
    }

    private static TokenException asTokenException(Exception e) {
        if (e instanceof TokenException tokenException) {
            return tokenException;
        }
        return new TokenException(TokenError.OTHER, null, e.toString(), null, e);
    }

    /** Closes every library. */
    @Override
    public void close() {
        providers.keySet().forEach(TokenProvider::close);
    }
}
