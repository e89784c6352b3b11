package ukey.app.tokens;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.token.Backend;
import ukey.token.LibraryDefect;
import ukey.token.LibraryDiscovery;
import ukey.token.SkfDiscovery;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.skf.SkfOptions;

/**
 * The tokens of every loaded PKCS#11 and SKF library, for the command line and the window alike. Several libraries are
 * loaded at once; one that fails is reported and the others keep working. Calls block: keep them off UI threads.
 */
public final class TokenService implements AutoCloseable {

    public static final String MODULE_ENV = LibraryDiscovery.ENV_VARIABLE;
    public static final String SKF_ENV = SkfDiscovery.ENV_VARIABLE;

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final Map<TokenProvider, LibraryChoice> providers;
    private final List<LibraryProblem> loadFailures;

    private TokenService(Map<TokenProvider, LibraryChoice> providers, List<LibraryProblem> loadFailures) {
        this.providers = providers;
        this.loadFailures = loadFailures;
    }

    /** {@link #chooseLibraries(List, List, Map, Settings, LibrarySource)} without {@code --skf}. */
    public static List<LibraryChoice> chooseLibraries(List<Path> fromOptions, Map<String, String> env,
                                                      Settings settings, LibrarySource discovery) {
        return chooseLibraries(fromOptions, List.of(), env, settings, discovery);
    }

    /**
     * Which libraries to load, PKCS#11 and SKF each on their own: those the IT policy's {@code pkcs11.modules}
     * ({@code skf.libraries}) names, whatever else says; else those given with {@code --module} ({@code --skf});
     * else those in {@code UKEY_PKCS11_MODULE} ({@code UKEY_SKF_LIBRARY}), a path list; else the user's
     * {@code pkcs11.modules} ({@code skf.libraries}); else what discovery finds of that kind. A relative path is
     * refused (it would load whatever file of that name lies in the current folder).
     */
    public static List<LibraryChoice> chooseLibraries(List<Path> modules, List<Path> skf, Map<String, String> env,
                                                      Settings settings, LibrarySource discovery) {
        // discovery runs once for both kinds, and only when one of them needs it
        List<List<LibraryChoice>> discovered = new ArrayList<>(1);
        Supplier<List<LibraryChoice>> all = () -> {
            if (discovered.isEmpty()) {
                discovered.add(discovery.find());
            }
            return discovered.getFirst();
        };
        List<LibraryChoice> chosen = new ArrayList<>(choose(Backend.PKCS11, modules, env, settings,
                () -> ofKind(all.get(), Backend.PKCS11)));
        chosen.addAll(choose(Backend.SKF, skf, env, settings, () -> ofKind(all.get(), Backend.SKF)));
        return withoutDuplicates(chosen);
    }

    /** The names of one backend's sources: option, environment variable, settings key. */
    private record Kind(String option, String env, String key) {
        static Kind of(Backend backend) {
            return backend == Backend.SKF ? new Kind("--skf", SKF_ENV, Settings.SKF_LIBRARIES)
                    : new Kind("--module", MODULE_ENV, Settings.PKCS11_MODULES);
        }
    }

    private static List<LibraryChoice> choose(Backend backend, List<Path> fromOptions, Map<String, String> env,
                                              Settings settings, Supplier<List<LibraryChoice>> discovery) {
        Kind kind = Kind.of(backend);
        List<Path> fromSettings = backend == Backend.SKF ? settings.skfLibraries() : settings.pkcs11Modules();
        if (settings.lockedByPolicy(kind.key())) {
            if (!fromOptions.isEmpty() || !env.getOrDefault(kind.env(), "").isBlank()) {
                LOG.warn("{} / {} ignored: the IT policy {} sets {}", kind.option(), kind.env(), settings.policyFile(),
                        kind.key());
            }
            return explicit(fromSettings, "policy", backend);
        }
        if (!fromOptions.isEmpty()) {
            return explicit(fromOptions, kind.option(), backend);
        }
        String fromEnv = env.getOrDefault(kind.env(), "");
        if (!fromEnv.isBlank()) {
            return explicit(LibraryDiscovery.pathList(fromEnv, File.pathSeparator), kind.env(), backend);
        }
        if (!fromSettings.isEmpty()) {
            return explicit(fromSettings, "settings", backend);
        }
        return discovery.get();
    }

    private static List<LibraryChoice> ofKind(List<LibraryChoice> choices, Backend backend) {
        return choices.stream().filter(c -> c.backend() == backend).toList();
    }

    private static List<LibraryChoice> explicit(List<Path> paths, String source, Backend backend) {
        return paths.stream().map(path -> path.isAbsolute() ? LibraryChoice.explicit(path, source, backend)
                : new LibraryChoice(path, source, "", Optional.of(LibraryDefect.of(LibraryDefect.Kind.RELATIVE_PATH)),
                true, backend)).toList();
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
        return open(libraries, factory, library -> SkfOptions.defaults());
    }

    /**
     * Opens the libraries the command line and the window use: those {@link #chooseLibraries} picks from the options,
     * the environment, the settings and discovery, each in-process or in ukey-host as {@link LibraryIsolation} says,
     * SKF libraries with their settings.
     */
    public static TokenService open(List<Path> modules, List<Path> skf, Map<String, String> env, Settings settings,
                                    LibrarySource discovery, ProviderFactory factory) throws AppException {
        return open(chooseLibraries(modules, skf, env, settings, discovery),
                factory.isolating(LibraryIsolation.choose(settings, env)), new SkfLibraryOptions(settings)::of);
    }

    /** What the settings say about an SKF library ({@link SkfLibraryOptions}). */
    @FunctionalInterface
    public interface SkfSettings {
        SkfOptions of(Path library) throws AppException;
    }

    /**
     * Loads every library, SKF libraries with their settings. A library that fails is kept in
     * {@link #loadFailures()}.
     *
     * @throws AppException NO_LIBRARY when there is no library to load at all; a wrong SKF setting
     */
    public static TokenService open(List<LibraryChoice> libraries, ProviderFactory factory, SkfSettings skf)
            throws AppException {
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
                providers.put(library.backend() == Backend.SKF ? factory.openSkf(library.path(),
                        skf.of(library.path())) : factory.open(library.path()), library);
            } catch (TokenException e) {
                failures.add(new LibraryProblem(library, e));
            } catch (RuntimeException e) {
                // A library that breaks the binding must not take the other libraries down with it.
                failures.add(new LibraryProblem(library, new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                        library.path() + ": " + e, null, e)));
            }
        }
        // the caller shows these to the user through the ErrorPresenter; the log keeps them for the helpdesk
        failures.forEach(f -> LOG.info("{} library {} ({}) not loaded: {}", f.library().backend().wireName(),
                f.library().path(), f.library().source(), f.error().getMessage()));
        return new TokenService(providers, List.copyOf(failures));
    }

    /** The libraries that could not be loaded. */
    public List<LibraryProblem> loadFailures() {
        return loadFailures;
    }

    public List<TokenProvider> providers() {
        return List.copyOf(providers.keySet());
    }

    /** Why a loaded provider's library was chosen: its source, vendor and backend. */
    public LibraryChoice choice(TokenProvider provider) {
        return providers.get(provider);
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
