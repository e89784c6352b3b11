package ukey.token.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;

import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.StringType;

/** Describes a softskf device, then makes it with the softskf tool. */
public final class DeviceBuilder {

    private final SoftSkf softSkf;
    private final String name;
    private String label = "SoftSKF 张三";
    private final String serial = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    private String encoding = "utf-8";
    private int retries = 6;
    private boolean defaultPin;
    private final List<String> settings = new ArrayList<>();
    private final List<String[]> imports = new ArrayList<>();
    /** The files the imports read (keys among them), deleted once the device holds what they carry. */
    private final List<Path> files = new ArrayList<>();
    private final List<String> emptyContainers = new ArrayList<>();
    private final Map<String, Issued> signing = new LinkedHashMap<>();
    private final Map<String, Issued> encryption = new LinkedHashMap<>();

    DeviceBuilder(SoftSkf softSkf, String name) {
        this.softSkf = softSkf;
        this.name = name;
    }

    public DeviceBuilder label(String value) {
        label = value;
        return this;
    }

    /** Names in GBK, as on a Chinese Windows (the client then needs the GBK charset). */
    public DeviceBuilder gbk() {
        encoding = "gbk";
        return this;
    }

    public DeviceBuilder retries(int value) {
        retries = value;
        return this;
    }

    /** The user PIN is the CA's default: it must be changed. */
    public DeviceBuilder defaultPin() {
        defaultPin = true;
        return this;
    }

    /** Device config quirks at init: {@code "devinfo=packed"}, {@code "max_containers=2"}... */
    public DeviceBuilder config(String... values) {
        settings.addAll(List.of(values));
        return this;
    }

    /** A dual-certificate SM2 identity for the holder: signing and encryption key pairs with certificates. */
    public DeviceBuilder identity(String container, String holder) {
        signed(container, holder);
        Issued enc = softSkf.issue(subject(holder), SoftSkf.ENCRYPTION_USAGE, 365);
        encryption.put(container, enc);
        importKey(container, "--enc", enc);
        return this;
    }

    /** A container with a signing key pair and certificate only (no encryption certificate). */
    public DeviceBuilder signed(String container, String holder) {
        Issued sign = softSkf.issue(subject(holder), SoftSkf.SIGNING_USAGE, 365);
        signing.put(container, sign);
        importKey(container, "--sign", sign);
        return this;
    }

    /** A certificate without its key, as bytes (garbage is allowed). */
    public DeviceBuilder certificateOnly(String container, boolean signingHalf, byte[] bytes) {
        imports.add(new String[] {"import", "--container", container, signingHalf ? "--sign" : "--enc",
                "--cert", file("cert.der", bytes), "--allow-garbage"});
        return this;
    }

    /** An RSA certificate for listing (type 1): the tool stores it without a key. */
    public DeviceBuilder rsa(String container, String holder) {
        Issued rsa = TestCertificates.builder().keyType(KeyType.RSA_2048).subject(subject(holder))
                .keyUsage(SoftSkf.SIGNING_USAGE).issuer(softSkf.ca()).build();
        signing.put(container, rsa);
        return certificateOnly(container, true, rsa.der());
    }

    public DeviceBuilder empty(String container) {
        emptyContainers.add(container);
        return this;
    }

    private static X500Name subject(String holder) {
        return TestCertificates.name(StringType.UTF8, "C=CN", "O=示例招标代理有限公司", "CN=" + holder);
    }

    private void importKey(String container, String half, Issued issued) {
        imports.add(new String[] {"import", "--container", container, half,
                "--key", file("key.pem", SoftSkf.pem(issued.privateKey())),
                "--cert", file("cert.der", issued.der())});
    }

    private String file(String name, byte[] content) {
        Path file = softSkf.write(name, content);
        files.add(file);
        return file.toString();
    }

    /** Makes the device away from SOFTSKF_DIR and then inserts it whole: a key watcher never sees it half made. */
    public SoftSkfDevice build() {
        String folder = softSkf.pulledFolder(name).toString();
        softSkf.made(name);
        List<String> init = new ArrayList<>(List.of("init", "--device", folder, "--label", label, "--serial", serial,
                "--pin", SoftSkf.USER_PIN, "--admin-pin", SoftSkf.ADMIN_PIN, "--app", SoftSkf.APPLICATION,
                "--retries", Integer.toString(retries), "--encoding", encoding));
        if (defaultPin) {
            init.add("--default-pin");
        }
        init.addAll(settings);
        softSkf.tool(init.toArray(String[]::new));
        for (String[] command : imports) {
            List<String> full = new ArrayList<>(List.of(command));
            full.addAll(List.of("--device", folder, "--encoding", encoding));
            softSkf.tool(full.toArray(String[]::new));
        }
        for (String container : emptyContainers) {
            softSkf.tool("add-container", "--device", folder, "--container", container, "--encoding", encoding);
        }
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        softSkf.insert(name);
        return new SoftSkfDevice(softSkf, name, serial, label, Map.copyOf(signing), Map.copyOf(encryption));
    }
}
