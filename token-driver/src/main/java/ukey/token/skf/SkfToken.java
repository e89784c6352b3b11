package ukey.token.skf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import ukey.cert.CertificateParseException;
import ukey.token.FinalTry;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.PinState;
import ukey.token.Room;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenSession;

/**
 * An SKF key, named by its serial. Reads go over the provider's shared connection; PIN work and sessions over a
 * connection of their own, so a login never leaks into listing and a session's handles die with the key. The user
 * PIN and the containers live in the main application (see {@link SkfConnection#mainApplication}).
 */
final class SkfToken implements Token {

    static final int ADMIN_TYPE = 0;
    static final int USER_TYPE = 1;

    private final SkfProvider provider;
    private final String serial;

    SkfToken(SkfProvider provider, String serial) {
        this.provider = provider;
        this.serial = serial;
    }

    SkfProvider provider() {
        return provider;
    }

    String serial() {
        return serial;
    }

    @Override
    public Optional<String> listedSerial() {
        return Optional.of(serial);
    }

    @Override
    public TokenInfo info() throws TokenException {
        return provider.withDevice(serial, (api, connection) -> {
            DevInfo info = connection.readInfo(api);
            PinState user = null;
            PinState admin = null;
            Optional<String> main = connection.mainApplication(api);
            if (main.isPresent()) {
                long application = connection.application(api, main.get());
                user = SkfPins.state(api, provider.skf().options(), application, USER_TYPE);
                admin = SkfPins.state(api, provider.skf().options(), application, ADMIN_TYPE);
            }
            PinState unknown = new PinState(false, false, false, false, provider.skf().options().minPinLength(),
                    provider.skf().options().maxPinLength());
            return new TokenInfo(info.label(), info.manufacturer(), info.issuer(), connection.serial(),
                    info.firmware(), provider.library(), user == null ? unknown : user,
                    admin == null ? unknown : admin);
        });
    }

    @Override
    public List<Identity> identities() throws TokenException {
        return provider.withDevice(serial, (api, connection) -> SkfContainers.list(api, provider.skf(), connection));
    }

    /** The certificates of every container, in the PKCS#11-shaped form: the container name's bytes as the ID. */
    @Override
    public List<TokenCertificate> certificates() throws TokenException {
        List<TokenCertificate> certificates = new ArrayList<>();
        for (Identity identity : identities()) {
            byte[] id = provider.skf().encode(identity.name());
            for (KeyHalf half : identity.halves()) {
                if (half.certificate().isPresent()) {
                    certificates.add(new TokenCertificate(id, identity.name(), half.certificate().get(),
                            half.hasPrivateKey(), half.info(),
                            half.problem().map(p -> new CertificateParseException(p.reason(), p.detail()))));
                }
            }
        }
        return certificates;
    }

    @Override
    public Room room() throws TokenException {
        return provider.withDevice(serial, (api, connection) -> {
            Optional<String> main = connection.mainApplication(api);
            int used = main.isEmpty() ? 0
                    : SkfContainers.names(api, provider.skf(), connection.application(api, main.get())).size();
            return new Room(used, provider.skf().options().containerLimit(), connection.readInfo(api).freeSpace());
        });
    }

    @Override
    public void setLabel(String label) throws TokenException {
        provider.withDevice(serial, (api, connection) -> {
            Sar.check("SKF_SetLabel", api.setLabel(connection.device, provider.skf().encode(label)));
            return null;
        });
    }

    // Each PIN call re-reads SKF_GetPINInfo first: a locked PIN is not sent, the final try only when CONFIRMED.

    @Override
    public void changePin(char[] currentPin, char[] newPin, FinalTry finalTry) throws TokenException {
        changePin(currentPin, newPin, finalTry == FinalTry.CONFIRMED);
    }

    @Override
    public void unblockPin(char[] soPin, char[] newPin, FinalTry finalTry) throws TokenException {
        unblockPin(soPin, newPin, finalTry == FinalTry.CONFIRMED);
    }

    @Override
    public TokenSession login(char[] pin, FinalTry finalTry) throws TokenException {
        return login(pin, finalTry == FinalTry.CONFIRMED);
    }

    private void changePin(char[] currentPin, char[] newPin, boolean finalTryConfirmed) throws TokenException {
        withMainApplication((api, connection, application) -> {
            SkfPins.change(api, provider.skf(), application, currentPin, newPin, finalTryConfirmed);
            return null;
        });
    }

    private void unblockPin(char[] soPin, char[] newPin, boolean finalTryConfirmed) throws TokenException {
        withMainApplication((api, connection, application) -> {
            SkfPins.unblock(api, provider.skf(), application, soPin, newPin, finalTryConfirmed);
            return null;
        });
    }

    private TokenSession login(char[] pin, boolean finalTryConfirmed) throws TokenException {
        return provider.skf().run(api -> {
            SkfConnection connection = provider.connectDedicated(api, serial);
            try {
                String main = mainApplication(api, connection);
                long application = connection.application(api, main);
                SkfPins.verify(api, provider.skf(), application, pin, finalTryConfirmed);
                return new SkfSession(this, connection, main, application);
            } catch (TokenException | RuntimeException e) {
                connection.close(api);
                throw e;
            }
        });
    }

    private interface ApplicationWork<T> {
        T run(SkfApi api, SkfConnection connection, long application) throws TokenException;
    }

    /** PIN work on a connection of its own, closed afterwards (so no verified state stays behind). */
    private <T> T withMainApplication(ApplicationWork<T> work) throws TokenException {
        return provider.skf().run(api -> {
            SkfConnection connection = provider.connectDedicated(api, serial);
            try {
                return work.run(api, connection, connection.application(api, mainApplication(api, connection)));
            } finally {
                connection.close(api);
            }
        });
    }

    private static String mainApplication(SkfApi api, SkfConnection connection) throws TokenException {
        return connection.mainApplication(api).orElseThrow(() -> new TokenException(TokenError.OBJECT_NOT_FOUND,
                null, "the key has no SKF application", null, null));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SkfToken token && token.provider == provider && token.serial.equals(serial);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {provider, serial});
    }

    @Override
    public String toString() {
        return "SKF key " + serial + " in " + provider.library();
    }
}
