package ukey.token.skf;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * A vendor SKF library and the keys it sees, beside the PKCS#11 ones behind the same {@link TokenProvider}.
 * Keys are named by their DEVINFO serial: device names may change when a key is re-inserted. Listing reuses one
 * connection per device; a connection whose handles died (the key was pulled, or pulled and re-inserted) is
 * dropped and made again once. SKF_EnumDev(TRUE) shows inserted and pulled keys on every call, so rescanning
 * needs no re-initialisation.
 */
public final class SkfProvider implements TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SkfProvider.class);

    private final SkfLibrary library;
    /** By device name; touched only on the library's thread. */
    private final Map<String, SkfConnection> connections = new HashMap<>();

    private SkfProvider(SkfLibrary library) {
        this.library = library;
    }

    /** Loads the SKF library at this path, in this process, with the standard's behaviour. */
    public static SkfProvider open(Path path) throws TokenException {
        return open(path, SkfOptions.defaults());
    }

    /**
     * Loads the SKF library at this path: in this process, or in a host process where its header asks for one (a
     * 32-bit DLL on 64-bit Windows goes to ukey-host32.exe). See {@link LibraryRoute}.
     */
    public static SkfProvider open(Path path, SkfOptions options) throws TokenException {
        return open(path, options, false);
    }

    /**
     * The same; {@code isolated} (the client's settings or IT policy, see {@link ukey.token.host.Isolation}) puts
     * even a library this Java could load in a host.
     */
    public static SkfProvider open(Path path, SkfOptions options, boolean isolated) throws TokenException {
        Path absolute = path.toAbsolutePath();
        LibraryRoute.Route route = LibraryRoute.of(absolute, isolated);
        // instanceof, not a pattern switch: its bootstrap spins classes at run time that no AOT cache holds (~10 ms)
        if (route instanceof LibraryRoute.Hosted hosted) {
            return openHosted(absolute, hosted.path(), hosted.command(), HostPolicy.DEFAULT, options);
        }
        if (route instanceof LibraryRoute.Refused refused) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    "cannot load " + absolute + ": " + refused.reason(), null, null);
        }
        return checked(absolute, FfmSkfApi.load(absolute), options);
    }

    /** The SKF library at {@code path} served by a host process that this command starts. */
    public static SkfProvider openHosted(Path path, Path pathForHost, HostCommand command, HostPolicy policy,
                                         SkfOptions options) throws TokenException {
        LibraryHost host = new LibraryHost(command, pathForHost, LibraryHost.Kind.SKF, policy, Clock.systemUTC());
        try {
            host.start();
            return checked(path, new RpcSkfApi(host), options);
        } catch (TokenException | RuntimeException e) {
            host.close();
            throw e;
        }
    }


    private static SkfProvider checked(Path path, SkfApi api, SkfOptions options) throws TokenException {
        if (!api.has("SKF_EnumDev") || !api.has("SKF_ConnectDev")) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    path + " has no SKF_EnumDev/SKF_ConnectDev: not an SKF library", null, null);
        }
        LOG.info("loaded SKF library {} ({})", path, api instanceof RpcSkfApi rpc ? rpc.host().name() : "in-process");
        return of(api, options);
    }

    /** A provider over any implementation of the raw calls (in-process, or a helper process serving them). */
    public static SkfProvider of(SkfApi api, SkfOptions options) {
        return new SkfProvider(new SkfLibrary(api, options));
    }

    SkfLibrary skf() {
        return library;
    }

    @Override
    public Optional<TokenException> disabled() {
        return library.api() instanceof RpcSkfApi rpc ? rpc.host().disabledError() : Optional.empty();
    }

    @Override
    public LibraryPlacement placement() {
        return library.api() instanceof RpcSkfApi rpc ? rpc.host().placement() : LibraryPlacement.IN_PROCESS;
    }

    @Override
    public String library() {
        return library.path();
    }

    @Override
    public String description() {
        Path name = Path.of(library.path()).getFileName();
        return "SKF " + (name == null ? library.path() : name.toString());
    }

    @Override
    public List<Token> tokens() throws TokenException {
        return library.run(api -> {
            List<String> names = deviceNames(api);
            List<String> gone = connections.keySet().stream().filter(name -> !names.contains(name)).toList();
            gone.forEach(name -> drop(api, name));
            List<Token> tokens = new ArrayList<>();
            for (String name : names) {
                try {
                    tokens.add(new SkfToken(this, connection(api, name).serial()));
                } catch (TokenException e) {
                    // a key going away while we look, or one the library lists but cannot open
                    LOG.debug("SKF device {} not usable: {}", name, e.getMessage());
                    drop(api, name);
                }
            }
            return tokens;
        });
    }

    @Override
    public void rescan() {
        // SKF_EnumDev(TRUE) in tokens() sees every change; dead connections are dropped there
    }

    // ---- on the library's thread ----

    List<String> deviceNames(SkfApi api) throws TokenException {
        return library.names(SkfLibrary.sized("SKF_EnumDev", (buffer, length) -> api.enumDev(true, buffer, length),
                SkfLibrary.GUESS));
    }

    private SkfConnection connection(SkfApi api, String name) throws TokenException {
        SkfConnection connection = connections.get(name);
        if (connection == null) {
            connection = SkfConnection.open(api, library, name);
            connections.put(name, connection);
        }
        return connection;
    }

    private void drop(SkfApi api, String name) {
        SkfConnection connection = connections.remove(name);
        if (connection != null) {
            connection.close(api);
        }
    }

    /** The connection to the key with this serial: a cached one, else the present devices are looked through. */
    SkfConnection find(SkfApi api, String serial) throws TokenException {
        for (SkfConnection connection : connections.values()) {
            if (connection.serial().equals(serial)) {
                return connection;
            }
        }
        for (String name : deviceNames(api)) {
            if (!connections.containsKey(name)) {
                try {
                    SkfConnection connection = connection(api, name);
                    if (connection.serial().equals(serial)) {
                        return connection;
                    }
                } catch (TokenException e) {
                    drop(api, name); // that one is going away; keep looking
                }
            }
        }
        throw removed(serial);
    }

    static TokenException removed(String serial) {
        return new TokenException(TokenError.TOKEN_REMOVED, null, "SKF key " + serial + " is no longer present",
                null, null);
    }

    interface DeviceWork<T> {
        T run(SkfApi api, SkfConnection connection) throws TokenException;
    }

    /** Read-only work on the key with this serial; when its handles died, once more over a new connection. */
    <T> T withDevice(String serial, DeviceWork<T> work) throws TokenException {
        return library.run(api -> {
            SkfConnection connection = find(api, serial);
            try {
                return work.run(api, connection);
            } catch (TokenException e) {
                if (e.error() != TokenError.TOKEN_REMOVED) {
                    throw e;
                }
                drop(api, connection.name);
                return work.run(api, find(api, serial));
            }
        });
    }

    /** A connection of its own (sessions, PIN changes), checked to be the key with this serial. */
    SkfConnection connectDedicated(SkfApi api, String serial) throws TokenException {
        String name = find(api, serial).name;
        SkfConnection connection;
        try {
            connection = SkfConnection.open(api, library, name);
        } catch (TokenException e) {
            drop(api, name); // the cached name is stale: the key was re-inserted under another name, or pulled
            connection = SkfConnection.open(api, library, find(api, serial).name);
        }
        if (!connection.serial().equals(serial)) {
            connection.close(api);
            throw removed(serial);
        }
        return connection;
    }

    @Override
    public void close() {
        try {
            library.run(api -> {
                new ArrayList<>(connections.keySet()).forEach(name -> drop(api, name));
                return null;
            });
        } catch (TokenException | RuntimeException e) {
            LOG.debug("closing {}: {}", library.path(), e.getMessage());
        }
        library.close();
    }

    @Override
    public String toString() {
        return library();
    }
}
