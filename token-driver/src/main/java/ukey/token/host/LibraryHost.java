package ukey.token.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * One vendor library served by a host process, kept alive for the client: the host starts on the first call, a
 * host that crashed or hung is started again on the next call after a back-off, and {@link HostPolicy#maxCrashes}
 * failures within its window disable the library for the rest of this run ({@link #disabled()} says which and
 * why). Every start is a new {@linkplain #generation() generation}: handles of an older one are dead, and nothing
 * of the old host's state (a login, a PIN) is carried over.
 */
public final class LibraryHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryHost.class);

    /** What the host loads: the LOAD op's kind. */
    public enum Kind {
        PKCS11(1), SKF(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** A library disabled after repeated crashes: when, and the last failure's description. */
    public record Disabled(Path library, Instant since, int crashes, String lastFailure) {
    }

    private final HostCommand command;
    private final Path library;
    private final Kind kind;
    private final HostPolicy policy;
    private final Clock clock;
    private final Deque<Instant> crashes = new ArrayDeque<>();
    private HostProcess process;
    private int generation;
    private Instant lastCrash;
    private Disabled disabled;

    public LibraryHost(HostCommand command, Path library, Kind kind, HostPolicy policy, Clock clock) {
        this.command = command;
        this.library = library;
        this.kind = kind;
        this.policy = policy;
        this.clock = clock;
    }

    public Path library() {
        return library;
    }

    public String name() {
        return command.name();
    }

    /** The number of the current host process, from 1; 0 before the first start. */
    public synchronized int generation() {
        return generation;
    }

    /** Calls sent to the running host and not yet answered (event waits among them). */
    public synchronized int inFlight() {
        return process != null ? process.inFlight() : 0;
    }

    /** Starts the host when none runs; returns its generation. */
    public synchronized int start() throws TokenException {
        running();
        return generation;
    }

    public synchronized Optional<Disabled> disabled() {
        return Optional.ofNullable(disabled);
    }

    /** The error every call gets once the library is disabled. */
    public synchronized Optional<TokenException> disabledError() {
        return disabled == null ? Optional.empty() : Optional.of(disabledException());
    }

    /** The running host's process id, for tests and logs; empty when none runs. */
    public synchronized Optional<Long> pid() {
        return process != null && process.alive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /**
     * Makes one call: starts the host first when none runs. A failure that ended the host counts against the
     * library and comes back as DEVICE_ERROR (the key's handles are gone with the host); a disabled library
     * answers LIBRARY_DISABLED at once.
     */
    public Answer call(Request request) throws TokenException {
        return call(request, 0);
    }

    /**
     * The same, but only in host generation {@code generation} (0: any): a call that holds handles of an older
     * host fails as TOKEN_REMOVED instead of reaching whatever a new host gave the same ids.
     */
    public Answer call(Request request, int generation) throws TokenException {
        HostProcess host;
        synchronized (this) {
            host = running();
            if (generation != 0 && generation != this.generation) {
                request.clear();
                throw new TokenException(TokenError.TOKEN_REMOVED, "HOST_RESTARTED", library
                        + " was restarted: its sessions and logins are gone", null, null);
            }
        }
        try {
            return host.call(request, policy.deadline(request.op));
        } catch (HostFailure failure) {
            throw failed(host, request.op, failure);
        } finally {
            request.clear();
        }
    }

    private synchronized HostProcess running() throws TokenException {
        if (disabled != null) {
            throw disabledException();
        }
        if (process != null && process.alive()) {
            return process;
        }
        if (process != null) {
            // it died between calls: a crash all the same
            HostProcess dead = process;
            failed(dead, Op.HELLO, dead.ended());
            if (disabled != null) {
                throw disabledException();
            }
        }
        waitForBackoff();
        HostProcess started = null;
        try {
            started = HostProcess.start(command, policy.start());
            load(started);
            process = started;
            generation++;
            return started;
        } catch (HostFailure failure) {
            if (started != null) {
                started.kill();
            }
            if (failure.kind() == HostFailure.Kind.REFUSED) {
                throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, failure.getMessage(), null, failure);
            }
            throw failed(null, Op.LOAD, failure);
        }
    }

    private void load(HostProcess host) throws HostFailure {
        Request load = new Request(Op.LOAD).u(kind.code).s(library.toString().getBytes(StandardCharsets.UTF_8));
        Answer answer = host.call(load, policy.start());
        try {
            long status = answer.u();
            String message = new String(answer.s(), StandardCharsets.UTF_8);
            answer.end();
            if (status != 0) {
                throw new HostFailure(HostFailure.Kind.REFUSED, command.name() + " cannot load " + library + ": "
                        + message);
            }
        } catch (HostProtocolException e) {
            throw host.garbled(e.getMessage());
        }
    }

    /** Restarting right after a crash would make a crash loop: wait a little longer after each. */
    private void waitForBackoff() {
        if (lastCrash == null) {
            return;
        }
        Instant due = lastCrash.plus(policy.backoff(crashes.size()));
        long millis = Duration.between(clock.instant(), due).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized TokenException failed(HostProcess host, Op op, HostFailure failure) {
        if (!failure.endedHost()) {
            return new TokenException(TokenError.DEVICE_ERROR, "HOST_REFUSED", failure.getMessage(), null, failure);
        }
        if (host == null || host == process) {
            process = null;
            Instant now = clock.instant();
            lastCrash = now;
            crashes.addLast(now);
            while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(policy.window()))) {
                crashes.removeFirst();
            }
            LOG.warn("{} serving {} failed{}: {}", command.name(), library, op == Op.HELLO ? " between calls"
                    : " in " + op, failure.getMessage());
            if (crashes.size() >= policy.maxCrashes()) {
                disabled = new Disabled(library, now, crashes.size(), failure.getMessage());
                LOG.warn("{} disabled after {} failures within {}", library, crashes.size(), policy.window());
            }
        }
        return new TokenException(TokenError.DEVICE_ERROR, "HOST_" + failure.kind(), op + ": "
                + failure.getMessage(), null, failure);
    }

    private TokenException disabledException() {
        return new TokenException(TokenError.LIBRARY_DISABLED, "HOST_DISABLED", library + " is disabled after "
                + disabled.crashes() + " failures: " + disabled.lastFailure(), null, null);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}
