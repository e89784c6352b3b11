package ukey.token.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import ukey.token.Token;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * Real SoftHSM2 tokens for tests. The build points {@code SOFTHSM2_CONF} at a file under target/; the first
 * use in a test JVM writes it with a fresh, empty token directory, so every run starts from nothing.
 * Tokens are made and deleted with {@code softhsm2-util}, exactly as a user's key would appear and vanish.
 */
public final class SoftHsm {

    public static final String USER_PIN = "12345678";
    public static final String SO_PIN = "87654321";

    private static SoftHsm instance;

    private final Path conf;
    private final Path tokens;
    private final Path library;
    private Pkcs11Provider provider;
    private Pkcs11Provider hostedProvider;
    private final Map<String, Path> directories = new HashMap<>();
    /** The tokens made and not yet deleted, oldest first. */
    private final Set<String> live = new LinkedHashSet<>();

    private SoftHsm(Path conf) throws IOException {
        this.conf = conf;
        this.tokens = conf.resolveSibling("tokens");
        this.library = findLibrary();
        TestTools.deleteTree(tokens);
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    }

    /** The per-run SoftHSM of this test JVM. */
    public static synchronized SoftHsm get() {
        if (instance == null) {
            String conf = System.getenv("SOFTHSM2_CONF");
            if (conf == null || !conf.contains("target")) {
                throw new IllegalStateException("SOFTHSM2_CONF must point under target/ (the Maven build sets it)");
            }
            try {
                instance = new SoftHsm(Path.of(conf));
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare the SoftHSM token directory", e);
            }
        }
        return instance;
    }

    public static Path findLibrary() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so",
                "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("libsofthsm2.so not found: install the Debian package softhsm2");
    }

    public Path library() {
        return library;
    }

    public Path conf() {
        return conf;
    }

    /** The one provider of this JVM (a library is loaded once per process anyway). */
    public synchronized Pkcs11Provider provider() throws TokenException {
        if (provider == null) {
            provider = Pkcs11Provider.open(library);
        }
        return provider;
    }

    /**
     * The one provider of this JVM whose SoftHSM runs in the Linux host process ({@code ukey-host}), for the
     * tests that run the same token contract in-process and out of process.
     */
    public synchronized Pkcs11Provider hostedProvider() throws TokenException {
        if (hostedProvider == null) {
            hostedProvider = Pkcs11Provider.openHosted(library, library, NativeBuild.linuxHost(),
                    ukey.token.host.HostPolicy.DEFAULT);
        }
        return hostedProvider;
    }

    /**
     * The same provider for code under test that closes what it opens (a command, a window): closing it does
     * nothing, since finalizing the library would pull it from under every other test of this JVM.
     */
    public TokenProvider sharedProvider() throws TokenException {
        return new Shared(provider());
    }

    private record Shared(TokenProvider provider) implements TokenProvider {
        @Override
        public String library() {
            return provider.library();
        }

        @Override
        public String description() {
            return provider.description();
        }

        @Override
        public List<Token> tokens() throws TokenException {
            return provider.tokens();
        }

        @Override
        public void rescan() throws TokenException {
            provider.rescan();
        }

        @Override
        public void close() {
            // shared: stays loaded
        }
    }

    /** Makes a new token with a unique label starting with {@code prefix}; returns its label. */
    public synchronized String createToken(String prefix) {
        String label = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        Set<Path> before = tokenDirectories();
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", USER_PIN);
        Set<Path> after = tokenDirectories();
        after.removeAll(before);
        if (after.size() == 1) {
            directories.put(label, after.iterator().next());
        }
        live.add(label);
        return label;
    }

    /** The tokens made and not yet deleted: what {@link DeleteTokensAfterwards} compares. */
    public synchronized Set<String> liveTokens() {
        return new LinkedHashSet<>(live);
    }

    /**
     * Pulls the key out: its files leave the token directory, so the library fails every call on it as a real
     * library does for a pulled key, and no longer lists it after a rescan. {@link #insert} puts it back.
     */
    public synchronized void pull(String label) {
        Path directory = directory(label);
        move(directory, pulled(directory));
    }

    private Path pulled(Path directory) {
        return conf.resolveSibling("pulled").resolve(directory.getFileName());
    }

    /** Inserts a pulled key again: the same token, serial and objects. */
    public synchronized void insert(String label) {
        Path directory = directory(label);
        move(pulled(directory), directory);
    }

    private Path directory(String label) {
        Path directory = directories.get(label);
        if (directory == null) {
            throw new IllegalStateException("no token directory known for " + label);
        }
        return directory;
    }

    private Set<Path> tokenDirectories() {
        try (Stream<Path> list = Files.list(tokens)) {
            return list.collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new IllegalStateException("cannot move " + from + " to " + to, e);
        }
    }

    /**
     * Removes a token for good, as if its key were pulled and thrown away: its folder goes. softhsm2-util is asked
     * only for a token whose folder is not known: it reads every token of the folder to find one by label, and a
     * library re-reading them at that moment (a watcher's rescan in another process) made it miss the token, on a
     * busy machine for longer than any retry.
     */
    public void deleteToken(String label) {
        if (deletedPulled(label)) {
            return;
        }
        Path directory;
        synchronized (this) {
            directory = directories.get(label);
        }
        if (directory == null) {
            deleteWithSoftHsmUtil(label);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                TestTools.deleteTree(directory);
                synchronized (this) {
                    live.remove(label);
                }
                return;
            } catch (IOException e) {
                // a library writing into the folder while it is walked: walk it again
                if (attempt == 20) {
                    throw new IllegalStateException("cannot delete token " + label + " in " + directory, e);
                }
                sleep(50);
            }
        }
    }

    private void deleteWithSoftHsmUtil(String label) {
        for (int attempt = 1; ; attempt++) {
            try {
                run("softhsm2-util", "--delete-token", "--token", label);
                synchronized (this) {
                    live.remove(label);
                }
                return;
            } catch (IllegalStateException e) {
                // a library re-reading the token directory at that moment can make softhsm2-util miss the token or
                // fail to remove its folder: try again
                boolean racing = e.getMessage().contains("Could not delete")
                        || e.getMessage().contains("Could not find");
                if (attempt == 20 || !racing) {
                    throw e;
                }
                sleep(50);
            }
        }
    }

    /** A key still pulled out is deleted with its files: softhsm2-util no longer sees it. */
    private synchronized boolean deletedPulled(String label) {
        Path directory = directories.get(label);
        if (directory == null || !Files.isDirectory(pulled(directory))) {
            return false;
        }
        try {
            TestTools.deleteTree(pulled(directory));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        live.remove(label);
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Finds a token by label after a rescan, as a user's new key is found. */
    public Token token(String label) throws TokenException {
        return token(provider(), label);
    }

    /** Finds a token by label in this provider (the in-process or the hosted one) after a rescan. */
    public static Token token(TokenProvider provider, String label) throws TokenException {
        provider.rescan();
        for (Token token : provider.tokens()) {
            if (token.info().label().equals(label)) {
                return token;
            }
        }
        throw new IllegalStateException("token " + label + " not visible through " + provider.library());
    }

    /** Runs a command with this SoftHSM's configuration and returns its output; fails the test on error. */
    public String run(String... command) {
        return TestTools.run(Map.of("SOFTHSM2_CONF", conf.toString()), command);
    }

    /** pkcs11-tool on a token of this SoftHSM: a second tool's view of what our code wrote. */
    public String pkcs11Tool(String label, String... args) {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", library.toString(),
                "--token-label", label));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }
}
