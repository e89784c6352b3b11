package ukey.token.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import ukey.token.TokenException;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.StringType;

/**
 * Real softskf devices for tests, as {@link SoftHsm} makes SoftHSM tokens. The build points {@code SOFTSKF_DIR}
 * under target/; the first use in a test JVM empties it. Each test makes its own device (a folder there, made with
 * the softskf tool) holding identities certified by an SM2 CA made here with BouncyCastle. Pulling a key moves its
 * folder away; inserting it moves it back.
 */
public final class SoftSkf {

    public static final String USER_PIN = "12345678";
    public static final String ADMIN_PIN = "87654321";
    public static final String APPLICATION = "SOFTSKF";

    private static SoftSkf instance;

    private final Path devices;
    private final Path pulled;
    private final Path work;
    private final Path build;
    private final Issued ca;
    private SkfProvider provider;
    /** The devices made and not yet deleted, oldest first. */
    private final Set<String> live = new LinkedHashSet<>();
    private SkfProvider hostedProvider;

    private SoftSkf(Path devices, Path build) throws IOException {
        this.devices = devices;
        this.pulled = devices.resolveSibling("pulled");
        this.work = devices.resolveSibling("work");
        this.build = build;
        for (Path dir : List.of(devices, pulled, work)) {
            TestTools.deleteTree(dir);
            Files.createDirectories(dir);
        }
        ca = TestCertificates.builder().keyType(KeyType.SM2)
                .subject(TestCertificates.name(StringType.UTF8, "C=CN", "O=SoftSKF 测试CA", "CN=SM2 Test CA")).ca()
                .build();
    }

    /** The per-run softskf of this test JVM. */
    public static synchronized SoftSkf get() {
        if (instance == null) {
            String dir = System.getenv("SOFTSKF_DIR");
            if (dir == null || !dir.contains("target")) {
                throw new IllegalStateException("SOFTSKF_DIR must point under target/ (the Maven build sets it)");
            }
            try {
                instance = new SoftSkf(Path.of(dir), findBuild());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the softskf device folder", e);
            }
        }
        return instance;
    }

    /** This JVM's softskf when a test has used it: what {@link DeleteTokensAfterwards} cleans up after. */
    static synchronized Optional<SoftSkf> started() {
        return Optional.ofNullable(instance);
    }

    /** softskf/target of this checkout, found upwards from the working directory (the module's folder). */
    private static Path findBuild() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("softskf/target");
            if (Files.isRegularFile(target.resolve("libsoftskf.so"))) {
                return target;
            }
        }
        throw new IllegalStateException("softskf/target/libsoftskf.so not found: build the softskf module first");
    }

    public Path library() {
        return build.resolve("libsoftskf.so");
    }

    /** The build that exports SKF_GetContianerType instead of SKF_GetContainerType. */
    public Path misspelledLibrary() {
        return build.resolve("libsoftskf-misspelled.so");
    }

    public Path devices() {
        return devices;
    }

    /** The SM2 CA that certifies every identity made here. */
    public Issued ca() {
        return ca;
    }

    /** The one provider of this JVM with the standard's options (UTF-8 names). */
    public synchronized SkfProvider provider() throws TokenException {
        if (provider == null) {
            provider = SkfProvider.open(library(), SkfOptions.defaults());
        }
        return provider;
    }

    /** The one provider of this JVM whose softskf runs in the Linux host process (ukey-host), for the contract. */
    public synchronized SkfProvider hostedProvider() throws TokenException {
        if (hostedProvider == null) {
            hostedProvider = SkfProvider.openHosted(library(), library(), NativeBuild.linuxHost(),
                    ukey.token.host.HostPolicy.DEFAULT, SkfOptions.defaults());
        }
        return hostedProvider;
    }

    /** A new device; its name (folder) and serial are unique in the run. */
    public DeviceBuilder device(String prefix) {
        return new DeviceBuilder(this, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** An SM2 certificate for a key pair made here, for identities imported with their keys. */
    Issued issue(X500Name subject, int keyUsage, int days) {
        return TestCertificates.builder().keyType(KeyType.SM2).subject(subject).keyUsage(keyUsage)
                .validity(TestCertificates.Validity.days(java.time.Instant.now().minusSeconds(3600), days))
                .issuer(ca).build();
    }

    public static final int SIGNING_USAGE = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
    public static final int ENCRYPTION_USAGE = KeyUsage.keyEncipherment | KeyUsage.dataEncipherment
            | KeyUsage.keyAgreement;

    /** Writes a file under the run's work folder. */
    Path write(String name, byte[] content) {
        try {
            Path file = work.resolve(UUID.randomUUID().toString().substring(0, 8) + "-" + name);
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pem(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    synchronized void made(String device) {
        live.add(device);
    }

    /** The devices made and not yet deleted. */
    public synchronized Set<String> liveDevices() {
        return new LinkedHashSet<>(live);
    }

    /** Throws a device away, inserted or pulled: its folder goes. */
    public synchronized void deleteDevice(String device) {
        try {
            TestTools.deleteTree(devices.resolve(device));
            TestTools.deleteTree(pulled.resolve(device));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete softskf device " + device, e);
        }
        live.remove(device);
    }

    /** Pulls the key: its folder leaves SOFTSKF_DIR. */
    public void pull(String device) {
        move(devices.resolve(device), pulled.resolve(device));
    }

    /** Where a pulled device's folder is (and where a device is made before it is inserted). */
    Path pulledFolder(String device) {
        return pulled.resolve(device);
    }

    /** Inserts a pulled key again: the same folder, serial and contents. */
    public void insert(String device) {
        move(pulled.resolve(device), devices.resolve(device));
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    /** Runs the softskf tool; fails the test on error. */
    public String tool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(build.resolve("softskf").toString());
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    /** Runs a command with this run's SOFTSKF_DIR; returns its output, fails the test on error. */
    public String run(String... command) {
        return TestTools.run(Map.of("SOFTSKF_DIR", devices.toString()), command);
    }
}
