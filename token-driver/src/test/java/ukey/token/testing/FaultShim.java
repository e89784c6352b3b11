package ukey.token.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import ukey.token.Token;
import ukey.token.TokenException;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * The PKCS#11 fault shim ({@code src/pkcs11-fault}, built by the reactor) over this JVM's SoftHSM tokens: the
 * same tokens as {@link SoftHsm}, reached through a library that fails the calls a test names, or reports the PIN
 * flags a test names (final try, locked), while everything else goes to SoftHSM.
 *
 * <p>The shim forwards to a private copy of libsofthsm2.so: loaded under another path, it is a second SoftHSM in
 * this process, with its own sessions and login state over the same token files, so finalizing or logging in
 * through the shim never touches {@link SoftHsm#provider()}.
 *
 * <pre>{@code
 * FaultShim shim = FaultShim.get().reset();
 * shim.tokenFlags(label, "+CKF_USER_PIN_FINAL_TRY");
 * shim.fail("C_DestroyObject", 2, "CKR_DEVICE_REMOVED");
 * Token token = shim.token(label);
 * }</pre>
 * Rules hold until {@link #reset()}; every change of the rules starts the shim's call counters again.
 */
public final class FaultShim {

    private static FaultShim instance;

    private final SoftHsm softHsm;
    private final Path library;
    private final Path config;
    private final Path module;
    private final MethodHandle calls;
    private final List<String> rules = new ArrayList<>();
    private long generation;
    private Pkcs11Provider provider;

    private FaultShim(SoftHsm softHsm) throws IOException {
        this.softHsm = softHsm;
        this.library = findShim();
        Path directory = softHsm.conf().resolveSibling("fault-shim");
        Files.createDirectories(directory);
        this.module = directory.resolve("libsofthsm2-behind-shim.so");
        Files.copy(softHsm.library(), module, StandardCopyOption.REPLACE_EXISTING);
        this.config = directory.resolve("pkcs11fault.conf");
        write();
        SymbolLookup shim = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle useConfig = linker.downcallHandle(shim.find("pkcs11fault_use_config").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        this.calls = linker.downcallHandle(shim.find("pkcs11fault_calls").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            useConfig.invoke(arena.allocateFrom(config.toString()));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot configure the fault shim", e);
        }
    }

    /** The shim of this test JVM, without rules. */
    public static synchronized FaultShim get() {
        if (instance == null) {
            try {
                instance = new FaultShim(SoftHsm.get());
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare the fault shim", e);
            }
        }
        return instance;
    }

    /** src/pkcs11-fault/target/libpkcs11fault.so of the checkout these tests run in. */
    public static Path findShim() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path shim = dir.resolve("src/pkcs11-fault/target/libpkcs11fault.so");
            if (Files.isRegularFile(dir.resolve("src/pkcs11-fault/Makefile"))) {
                if (!Files.isRegularFile(shim)) {
                    throw new IllegalStateException(shim + " missing: the reactor build makes it (src/test.sh)");
                }
                return shim;
            }
        }
        throw new IllegalStateException("src/pkcs11-fault not found above " + Path.of("").toAbsolutePath());
    }

    /** The shim's path: what a user would name as the PKCS#11 library. */
    public Path library() {
        return library;
    }

    /** The file the shim reads its rules from (for a child process: PKCS11FAULT_CONFIG). */
    public Path config() {
        return config;
    }

    /** The real library behind the shim (for a child process: PKCS11FAULT_MODULE). */
    public Path module() {
        return module;
    }

    /** This JVM's provider over the shim. */
    public synchronized Pkcs11Provider provider() throws TokenException {
        if (provider == null) {
            provider = Pkcs11Provider.open(library);
        }
        return provider;
    }

    /** A token by label, through the shim, after a rescan. */
    public Token token(String label) throws TokenException {
        return SoftHsm.token(provider(), label);
    }

    /** No rules: every call goes through unchanged. */
    public synchronized FaultShim reset() {
        rules.clear();
        return write();
    }

    /** The {@code nth} call (from 1) of this function fails with this CKR (a name or a number), unforwarded. */
    public synchronized FaultShim fail(String function, int nth, String ckr) {
        return add("fail=" + function + " " + nth + " " + ckr);
    }

    /** The {@code nth} and every later call of this function fail with this CKR, unforwarded. */
    public synchronized FaultShim failFrom(String function, int nth, String ckr) {
        return add("fail=" + function + " " + nth + "+ " + ckr);
    }

    /** The {@code nth} call reaches SoftHSM, which does it, and then reports this CKR (a reply lost in transit). */
    public synchronized FaultShim failAfter(String function, int nth, String ckr) {
        return add("fail-after=" + function + " " + nth + " " + ckr);
    }

    /**
     * C_GetTokenInfo of the token with this label ("*": every token) reports these flags set ("+CKF_...") or
     * cleared ("-CKF_...").
     */
    public synchronized FaultShim tokenFlags(String label, String... flags) {
        return add("token-flags=" + label + " " + String.join(" ", flags));
    }

    /** How often the function was called through the shim since the rules last changed. */
    public long calls(String function) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) calls.invoke(arena.allocateFrom(function));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot ask the fault shim", e);
        }
    }

    private FaultShim add(String rule) {
        rules.add(rule);
        return write();
    }

    /** Replaces the file in one step: the shim reads it on every call and must never see half of it. */
    private FaultShim write() {
        StringBuilder text = new StringBuilder("# written by FaultShim, generation " + (++generation) + "\n");
        text.append("module=").append(module).append('\n');
        rules.forEach(rule -> text.append(rule).append('\n'));
        try {
            Path temporary = config.resolveSibling(config.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + config, e);
        }
        return this;
    }

    @Override
    public String toString() {
        return "fault shim " + library + " over " + module + " (" + softHsm.conf() + ")";
    }
}
