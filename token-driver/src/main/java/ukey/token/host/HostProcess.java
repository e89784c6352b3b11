package ukey.token.host;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running host process and the calls in flight to it. A reader thread hands each answer to the call with its
 * request id; when the stream ends or is garbled, every call in flight fails at once. A call past its deadline
 * kills the process. What the host writes to stderr (the library's own printing among it) goes to the log.
 */
final class HostProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostProcess.class);
    private static final int FRAME_MAX = 64 * 1024 * 1024;

    /** The host's HELLO: protocol version, machine (PE Machine or ELF e_machine), process id, description. */
    record Hello(long version, long machine, long pid, String description) {
    }

    private final Process process;
    private final String name;
    private final OutputStream in;
    private final Map<Integer, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Answer> hello = new CompletableFuture<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile HostFailure ended;

    private HostProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.in = process.getOutputStream();
    }

    /** Starts the host and waits for its HELLO, which must speak this protocol version. */
    static HostProcess start(HostCommand command, Duration deadline) throws HostFailure {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command.command());
            builder.environment().putAll(command.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new HostFailure(HostFailure.Kind.START_FAILED, "cannot start " + command.command() + ": "
                    + e.getMessage());
        }
        HostProcess host = new HostProcess(process, command.name());
        host.startThreads();
        Hello hello = host.hello(deadline);
        if (hello.version() != HostPolicy.PROTOCOL_VERSION) {
            host.kill();
            throw new HostFailure(HostFailure.Kind.START_FAILED, command.name() + " speaks protocol "
                    + hello.version() + ", not " + HostPolicy.PROTOCOL_VERSION);
        }
        if (command.machine() != 0 && hello.machine() != command.machine()) {
            host.kill(); // a 64-bit host where a 32-bit one was asked for cannot load the library
            throw new HostFailure(HostFailure.Kind.START_FAILED, String.format("%s runs on machine 0x%X, not 0x%X",
                    command.name(), hello.machine(), command.machine()));
        }
        LOG.debug("{} started: {} (pid {}, machine 0x{})", command.name(), hello.description(), hello.pid(),
                Long.toHexString(hello.machine()));
        return host;
    }

    private void startThreads() {
        Thread reader = new Thread(this::readAnswers, name + " answers");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::readStderr, name + " stderr");
        errors.setDaemon(true);
        errors.start();
    }

    private Hello hello(Duration deadline) throws HostFailure {
        Answer answer = await(hello, deadline, Op.HELLO);
        try {
            Hello result = new Hello(answer.u(), answer.u(), answer.u(),
                    new String(answer.s(), StandardCharsets.UTF_8));
            answer.end();
            return result;
        } catch (HostProtocolException e) {
            throw garbled(e.getMessage());
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return ended == null && process.isAlive();
    }

    /** Why the host ended, once it has. */
    HostFailure ended() {
        HostFailure failure = ended;
        return failure != null ? failure : new HostFailure(HostFailure.Kind.CRASHED, name + " ended");
    }

    /** Calls sent and not yet answered. */
    int inFlight() {
        return pending.size();
    }

    /** Sends a request and waits for its answer; no deadline when deadline is null. */
    Answer call(Request request, Duration deadline) throws HostFailure {
        HostFailure failure = ended;
        if (failure != null) {
            throw failure;
        }
        int id = ids.incrementAndGet();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(id, answer);
        byte[] frame = request.frame(id);
        try {
            synchronized (in) {
                in.write(frame);
                in.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            throw end(HostFailure.Kind.CRASHED, "cannot write to " + name + ": " + e.getMessage());
        } finally {
            if (request.secret()) {
                Arrays.fill(frame, (byte) 0);
            }
        }
        try {
            return await(answer, deadline, request.op);
        } finally {
            pending.remove(id);
        }
    }

    private Answer await(CompletableFuture<Answer> answer, Duration deadline, Op op) throws HostFailure {
        try {
            return deadline == null ? answer.get() : answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw end(HostFailure.Kind.HUNG, name + " gave no answer to " + op + " within " + seconds(deadline));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HostFailure failure) {
                throw failure;
            }
            throw end(HostFailure.Kind.CRASHED, name + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw end(HostFailure.Kind.HUNG, "interrupted while waiting for " + op + " from " + name);
        }
    }

    private static String seconds(Duration deadline) {
        return deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms";
    }

    private void readAnswers() {
        try (DataInputStream out = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
            byte[] header = new byte[10];
            while (true) {
                out.readFully(header);
                ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                int length = h.getInt();
                int id = h.getInt();
                int code = Short.toUnsignedInt(h.getShort());
                Op op = Op.of(code);
                if (length < 6 || length > FRAME_MAX || op == null) {
                    throw garbled(String.format("%s wrote a frame of %d bytes with op 0x%04x", name, length, code));
                }
                byte[] body = new byte[length - 6];
                out.readFully(body);
                deliver(id, op, body);
            }
        } catch (HostFailure failure) {
            // ended already
        } catch (EOFException e) {
            exited();
        } catch (IOException e) {
            if (ended == null) {
                exited();
            }
        }
    }

    private void deliver(int id, Op op, byte[] body) throws HostFailure {
        CompletableFuture<Answer> answer = id == 0 && op == Op.HELLO ? hello : pending.get(id);
        if (answer == null) {
            throw garbled(name + " answered request " + id + ", which nobody asked");
        }
        if (op == Op.ERROR) {
            Answer error = new Answer(op, body);
            String why;
            try {
                why = new String(error.s(), StandardCharsets.UTF_8);
            } catch (HostProtocolException e) {
                throw garbled(e.getMessage());
            }
            answer.completeExceptionally(new HostFailure(HostFailure.Kind.REFUSED, name + " refused: " + why));
            return;
        }
        answer.complete(new Answer(op, body));
    }

    private void exited() {
        int code;
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            code = process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        end(HostFailure.Kind.CRASHED, name + " ended" + exitDescription(code) + lastWords());
    }

    private static String exitDescription(int code) {
        if (code == -1) {
            return " (closed its output)";
        }
        if (code > 128 && code < 160) {
            return " by signal " + (code - 128);
        }
        if (code < 0 || code > 0xFFFFFF) {
            return String.format(" with exception 0x%08X", code); // Windows: the exception code
        }
        return " with exit code " + code;
    }

    private String lastWords() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "; last output: " + String.join(" | ", stderrTail);
        }
    }

    HostFailure garbled(String why) {
        return end(HostFailure.Kind.GARBLED, why);
    }

    /** Ends the host for this reason (the first reason wins) and fails every call in flight with it. */
    private HostFailure end(HostFailure.Kind kind, String why) {
        HostFailure failure;
        synchronized (this) {
            if (ended == null) {
                ended = new HostFailure(kind, why);
            }
            failure = ended;
        }
        process.destroyForcibly();
        hello.completeExceptionally(failure);
        pending.values().forEach(call -> call.completeExceptionally(failure));
        return failure;
    }

    private void readStderr() {
        try (InputStream errors = process.getErrorStream()) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = errors.read()) >= 0) {
                if (c == '\n') {
                    logLine(line.toString());
                    line.setLength(0);
                } else if (line.length() < 500) {
                    line.append((char) c);
                }
            }
            if (!line.isEmpty()) {
                logLine(line.toString());
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private void logLine(String line) {
        LOG.debug("{}: {}", name, line);
        synchronized (stderrTail) {
            stderrTail.addLast(line.strip());
            while (stderrTail.size() > 3) {
                stderrTail.removeFirst();
            }
        }
    }

    /** Kills the host now. */
    void kill() {
        end(HostFailure.Kind.CRASHED, name + " was stopped");
    }

    /** Ends the host gently: closing its stdin makes it exit, whatever its library is doing. */
    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
