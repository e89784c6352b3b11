package ukey.app.renewal.cmp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSL's own CMP mock server ({@code openssl cmp -port 0 ...}) as a subprocess: it listens on a port the
 * kernel picks (all interfaces: OpenSSL 3.0 takes no bind address), announces it on stdout, and logs every
 * message it receives at debug verbosity, which is how tests see what reached the CA. Stopped on close.
 */
final class OpenSslCmpServer implements AutoCloseable {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("CMP DEBUG: received (\\w+)");

    private final Process process;
    private final Path log;
    private final int port;

    private OpenSslCmpServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the mock with the CA's own files and returns once it listens.
     *
     * @param files   the directory of the test PKI (srv.crt, srv.key, ca.crt)
     * @param rspCert the certificate the mock returns to every request
     * @param options further mock options: -poll_count 2, -grant_implicitconf, -pkistatus 2, ...
     */
    static OpenSslCmpServer start(Path files, Path rspCert, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "cmp", "-port", "0",
                "-srv_cert", files.resolve("srv.crt").toString(), "-srv_key", files.resolve("srv.key").toString(),
                "-srv_trusted", files.resolve("ca.crt").toString(), "-rsp_cert", rspCert.toString(),
                "-verbosity", "7"));
        command.addAll(List.of(options));
        Path log = Files.createTempFile(files, "cmp-server-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            Matcher accept = ACCEPT.matcher(line);
            if (accept.find()) {
                Thread drain = new Thread(() -> drain(stdout), "openssl-cmp-stdout");
                drain.setDaemon(true);
                drain.start();
                return new OpenSslCmpServer(process, log, Integer.parseInt(accept.group(1)));
            }
        }
        process.destroy();
        throw new IllegalStateException("openssl cmp did not start: " + String.join(" ", command) + "\n"
                + Files.readString(log));
    }

    private static void drain(BufferedReader stdout) {
        try {
            while (stdout.readLine() != null) {
                // nothing: only keeps the pipe from filling
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/pkix/");
    }

    int port() {
        return port;
    }

    /** What the server wrote so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message types the server received, in order: KUR, POLLREQ, CERTCONF, ... */
    List<String> received() {
        List<String> types = new ArrayList<>();
        Matcher matcher = RECEIVED.matcher(log());
        while (matcher.find()) {
            types.add(matcher.group(1));
        }
        return types;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
