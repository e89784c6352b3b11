package ukey.token.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ukey.token.Token;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.testing.TestCertificates.Issued;

/**
 * A softskf device made by {@link DeviceBuilder}: its folder name (the SKF device name), serial, and the
 * certificates and keys of its identities by container name, for checks with BouncyCastle and OpenSSL.
 */
public record SoftSkfDevice(SoftSkf softSkf, String name, String serial, String label, Map<String, Issued> signing,
                            Map<String, Issued> encryption) {

    /** This device among the provider's keys, by serial. */
    public Token token(TokenProvider provider) throws TokenException {
        for (Token token : provider.tokens()) {
            if (token.info().serial().equals(serial)) {
                return token;
            }
        }
        throw new IllegalStateException("device " + name + " (" + serial + ") not visible");
    }

    /** This device through the run's shared provider. */
    public Token token() throws TokenException {
        return token(softSkf.provider());
    }

    public Path folder() {
        return softSkf.devices().resolve(name);
    }

    public void pull() {
        softSkf.pull(name);
    }

    public void insert() {
        softSkf.insert(name);
    }

    /** Sets device quirks (devinfo, slow_ms, max_containers, ...): {@code config("slow_ms=20")}. */
    public void config(String... settings) {
        String[] arguments = new String[settings.length + 3];
        arguments[0] = "config";
        arguments[1] = "--device";
        arguments[2] = folder().toString();
        System.arraycopy(settings, 0, arguments, 3, settings.length);
        softSkf.tool(arguments);
    }

    /** The tool's own JSON view of the device: a second opinion on what the client wrote. */
    public String show() {
        return softSkf.tool(List.of("show", "--device", folder().toString(), "--json").toArray(String[]::new));
    }
}
