package ukey.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to start a {@link SandboxCa}: its directory, port and CA, and the settings to change in DIR/settings.json
 * at start (what is not changed here keeps its value from the file, or its default in a new directory).
 */
public final class SandboxSettings {

    /** The algorithm of an issuing CA made at first start. */
    public enum CaAlgorithm { EC, RSA, SM2 }

    final Path dir;
    int port;
    Path caCert;
    Path caKey;
    CaAlgorithm caAlgorithm = CaAlgorithm.EC;
    Clock clock = Clock.systemUTC();
    final List<Consumer<Settings>> changes = new ArrayList<>();

    private SandboxSettings(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public static SandboxSettings in(Path dir) {
        return new SandboxSettings(dir);
    }

    /** 0 (the default) takes a free port. */
    public SandboxSettings port(int port) {
        this.port = port;
        return this;
    }

    /** Starts from this CA certificate (PEM, possibly followed by its issuers) and its private key. */
    public SandboxSettings caFrom(Path certificatePem, Path privateKeyPem) {
        this.caCert = certificatePem;
        this.caKey = privateKeyPem;
        return this;
    }

    public SandboxSettings caAlgorithm(CaAlgorithm algorithm) {
        this.caAlgorithm = algorithm;
        return this;
    }

    /** The CA's clock for windows, expiry and SMS codes (TLS keeps the real one). */
    public SandboxSettings clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public SandboxSettings windowDays(int days) {
        return settings(s -> s.windowDays = days);
    }

    public SandboxSettings keyPolicy(KeyPolicy policy) {
        return settings(s -> s.keyPolicy = policy);
    }

    public SandboxSettings sms(boolean on) {
        return settings(s -> s.sms = on);
    }

    public SandboxSettings sealService(boolean on) {
        return settings(s -> s.sealService = on);
    }

    public SandboxSettings pollCount(int polls) {
        return settings(s -> s.pollCount = polls);
    }

    public SandboxSettings retryAfterSeconds(int seconds) {
        return settings(s -> s.retryAfterSeconds = seconds);
    }

    /** Any other change of the settings file at start. */
    public SandboxSettings settings(Consumer<Settings> change) {
        changes.add(change);
        return this;
    }
}
