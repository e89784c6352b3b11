package ukey.token.pkcs11;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.token.LibraryPlacement;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.host.HostCommand;
import ukey.token.host.HostPolicy;
import ukey.token.host.LibraryHost;
import ukey.token.host.LibraryRoute;

/**
 * A PKCS#11 library loaded through Java's FFM API, and the tokens it sees. Safe to use from several threads;
 * every call may block on the device, so keep it off UI threads.
 */
public final class Pkcs11Provider implements TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Provider.class);

    private final Pkcs11 p11;
    private final Pkcs11.LibraryInfo libraryInfo;
    /** Libraries that show tokens or readers added after C_Initialize only after re-initialising. */
    private final boolean reinitializeToRescan;
    private int openSessions;
    /** Logged-in sessions per token serial: login state is per process, so only the last one logs out. */
    private final Map<String, Integer> logins = new HashMap<>();
    private boolean rescanNeeded;
    private final Object loginLock = new Object();

    private Pkcs11Provider(Pkcs11 p11, Pkcs11.LibraryInfo libraryInfo) {
        this.p11 = p11;
        this.libraryInfo = libraryInfo;
        String maker = (libraryInfo.manufacturer() + " " + libraryInfo.description()).toLowerCase(Locale.ROOT);
        this.reinitializeToRescan = maker.contains("softhsm") || maker.contains("opensc");
    }

    /**
     * Loads and initialises the PKCS#11 library at this path: in this process, or in a host process where its
     * header asks for one (a 32-bit DLL on 64-bit Windows). See {@link LibraryRoute}.
     */
    public static Pkcs11Provider open(Path library) throws TokenException {
        return open(library, false);
    }

    /**
     * The same; {@code isolated} (the client's settings or IT policy, see {@link ukey.token.host.Isolation}) puts
     * even a library this Java could load in a host.
     */
    public static Pkcs11Provider open(Path library, boolean isolated) throws TokenException {
        Path path = library.toAbsolutePath();
        LibraryRoute.Route route = LibraryRoute.of(path, isolated);
        // instanceof, not a pattern switch: its bootstrap spins classes at run time that no AOT cache holds (~10 ms)
        if (route instanceof LibraryRoute.Hosted hosted) {
            return openHosted(path, hosted.path(), hosted.command(), HostPolicy.DEFAULT);
        }
        if (route instanceof LibraryRoute.Refused refused) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    "cannot load " + path + ": " + refused.reason(), null, null);
        }
        return start(new Pkcs11(path, FfmPkcs11.load(path)));
    }

    /**
     * The library at {@code library} served by a host process that this command starts and that loads it by
     * {@code pathForHost} (the same file as the host sees it).
     */
    public static Pkcs11Provider openHosted(Path library, Path pathForHost, HostCommand command, HostPolicy policy)
            throws TokenException {
        LibraryHost host = new LibraryHost(command, pathForHost, LibraryHost.Kind.PKCS11, policy, Clock.systemUTC());
        try {
            return start(new Pkcs11(library, new RpcPkcs11(host)));
        } catch (TokenException | RuntimeException e) {
            host.close();
            throw e;
        }
    }


    private static Pkcs11Provider start(Pkcs11 p11) throws TokenException {
        p11.initialize();
        Pkcs11.LibraryInfo info = p11.info();
        LOG.info("loaded PKCS#11 library {} ({}; {} {} {})", p11.path, p11.where(), info.manufacturer(),
                info.description(), info.version());
        return new Pkcs11Provider(p11, info);
    }

    /** Where the library runs: "in-process", or the host program serving it. */
    public String where() {
        return p11.where();
    }

    @Override
    public Optional<TokenException> disabled() {
        return p11.host().flatMap(LibraryHost::disabledError);
    }

    @Override
    public LibraryPlacement placement() {
        return p11.host().map(LibraryHost::placement).orElse(LibraryPlacement.IN_PROCESS);
    }

    /** The host process serving the library, when it runs out of process (tests stop it to play a crash). */
    public Optional<LibraryHost> host() {
        return p11.host();
    }

    @Override
    public String library() {
        return p11.path.toString();
    }

    @Override
    public String description() {
        return libraryInfo.manufacturer() + " " + libraryInfo.description() + " " + libraryInfo.version();
    }

    @Override
    public List<Token> tokens() throws TokenException {
        List<Token> tokens = new ArrayList<>();
        for (long slot : p11.slotList(true)) {
            try {
                Pkcs11.RawTokenInfo raw = p11.tokenInfo(slot);
                if ((raw.flags() & Ck.CKF_TOKEN_INITIALIZED) == 0) {
                    continue; // an empty slot (SoftHSM always shows one) or a blank card
                }
                tokens.add(new Pkcs11Token(this, slot, raw.serial()));
            } catch (TokenException e) {
                if (!e.needsRescan()) {
                    throw e;
                }
                // a token going away while we look: it is simply not there any more
                markRescanNeeded();
            }
        }
        return tokens;
    }

    @Override
    public synchronized void rescan() throws TokenException {
        if ((reinitializeToRescan || rescanNeeded) && openSessions == 0) {
            p11.reinitialize();
            rescanNeeded = false;
        }
    }

    /** Set when a call saw the token vanish: the next rescan re-initialises even libraries that need not. */
    synchronized void markRescanNeeded() {
        rescanNeeded = true;
    }

    Pkcs11 p11() {
        return p11;
    }

    /** Opens a session; while any is open, the library is never re-initialised under it. */
    synchronized long openSession(long slot, boolean readWrite) throws TokenException {
        long session = p11.openSession(slot, readWrite);
        openSessions++;
        return session;
    }

    synchronized void closeSession(long session) {
        p11.closeSession(session);
        openSessions--;
    }

    /** Held from C_Login until the login is counted, so that two logins never both see "already logged in". */
    Object loginLock() {
        return loginLock;
    }

    /** True while a session of ours is logged in to this token. */
    synchronized boolean loginHeld(String serial) {
        return logins.getOrDefault(serial, 0) > 0;
    }

    synchronized void loginAcquired(String serial) {
        logins.merge(serial, 1, Integer::sum);
    }

    /** True when this was the last logged-in session of the token, so the caller logs out. */
    synchronized boolean loginReleased(String serial) {
        int left = logins.merge(serial, -1, Integer::sum);
        if (left <= 0) {
            logins.remove(serial);
            return true;
        }
        return false;
    }

    TokenException removed(String what) {
        markRescanNeeded();
        return new TokenException(TokenError.TOKEN_REMOVED, null, what, null, null);
    }

    @Override
    public void close() {
        p11.finalizeLibrary();
    }

    @Override
    public String toString() {
        return library();
    }
}
