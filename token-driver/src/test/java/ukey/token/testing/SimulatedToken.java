package ukey.token.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.FinalTry;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenObject;

/**
 * A deterministic token for the PIN states SoftHSM never reaches (SoftHSM does not lock a PIN). It counts
 * wrong PINs like a real USB key: after a wrong entry the PIN is "count low", with one try left it is "final
 * try", with none it is locked; a right PIN resets the count. The SO PIN unblocks the user PIN.
 *
 * The PIN flags are enforced as the PKCS#11 token enforces them ({@link FinalTry}). For the final-try and locked
 * flags on a real token path, the PKCS#11 fault shim ({@link FaultShim}) reports them over SoftHSM; this token
 * stays for what the shim cannot do: a counter that goes down with each wrong PIN and locks.
 *
 * <p>Only the PIN side is simulated. Key and certificate work needs a real token (SoftHSM): the session's
 * key operations answer NOT_SUPPORTED.
 */
public final class SimulatedToken implements Token {

    /** Tries many CA keys allow before locking. */
    public static final int DEFAULT_TRIES = 6;

    private final String label;
    private final String serial;
    private final Pin userPin;
    private final Pin soPin;
    private final List<TokenCertificate> certificates = new ArrayList<>();
    private String library = "simulated";
    private int minLength = 6;
    private int maxLength = 16;
    private boolean toBeChanged;
    private boolean present = true;

    public SimulatedToken(String label, String serial, String userPin, String soPin) {
        this.label = label;
        this.serial = serial;
        this.userPin = new Pin(userPin.toCharArray(), DEFAULT_TRIES);
        this.soPin = new Pin(soPin.toCharArray(), DEFAULT_TRIES);
    }

    /** How many wrong PINs lock the user PIN and the SO PIN. Resets both counters. */
    public synchronized SimulatedToken tries(int user, int so) {
        userPin.maxTries = user;
        userPin.triesLeft = user;
        soPin.maxTries = so;
        soPin.triesLeft = so;
        return this;
    }

    /** Puts the user PIN directly into a state: this many tries left (0 = locked). */
    public synchronized SimulatedToken userTriesLeft(int left) {
        userPin.triesLeft = left;
        return this;
    }

    /** Puts the SO PIN directly into a state: this many tries left (0 = locked). */
    public synchronized SimulatedToken soTriesLeft(int left) {
        soPin.triesLeft = left;
        return this;
    }

    public synchronized SimulatedToken pinLength(int min, int max) {
        minLength = min;
        maxLength = max;
        return this;
    }

    /** The token wants the user PIN changed (after an initial or reset PIN). */
    public synchronized SimulatedToken toBeChanged(boolean value) {
        toBeChanged = value;
        return this;
    }

    /**
     * Adds a certificate object. Its value is parsed like the real token layer does: a value that does not parse
     * becomes an unreadable certificate carrying the reason.
     */
    public synchronized SimulatedToken certificate(byte[] id, String certLabel, byte[] der, boolean hasPrivateKey) {
        Optional<CertificateInfo> info;
        Optional<CertificateParseException> error;
        try {
            info = Optional.of(CertificateInfo.parse(der));
            error = Optional.empty();
        } catch (CertificateParseException e) {
            info = Optional.empty();
            error = Optional.of(e);
        }
        certificates.add(new TokenCertificate(id.clone(), certLabel, der.clone(), hasPrivateKey, info, error));
        return this;
    }

    /** Adds a certificate object whose parse result is given (for an unreadable object with a known reason). */
    public synchronized SimulatedToken certificate(TokenCertificate certificate) {
        certificates.add(certificate);
        return this;
    }

    public synchronized int userTriesLeft() {
        return userPin.triesLeft;
    }

    public synchronized int soTriesLeft() {
        return soPin.triesLeft;
    }

    /** True when the user PIN is now this value (for asserting a change or an unblock). */
    public synchronized boolean userPinIs(String pin) {
        return Arrays.equals(userPin.value, pin.toCharArray());
    }

    public String serial() {
        return serial;
    }

    synchronized void inserted(String libraryName) {
        library = libraryName;
        present = true;
    }

    synchronized void removed() {
        present = false;
    }

    @Override
    public synchronized TokenInfo info() throws TokenException {
        checkPresent();
        return new TokenInfo(label, "UKey Simulation", "SIM-6", serial, "1.0", library,
                userPin.state(toBeChanged, minLength, maxLength), soPin.state(false, minLength, maxLength));
    }

    @Override
    public synchronized List<TokenCertificate> certificates() throws TokenException {
        checkPresent();
        return List.copyOf(certificates);
    }

    @Override
    public synchronized void changePin(char[] currentPin, char[] newPin, FinalTry finalTry) throws TokenException {
        checkPresent();
        finalTry.check(userPin.state(toBeChanged, minLength, maxLength), "user");
        verify(userPin, currentPin, false);
        checkLength(newPin);
        userPin.set(newPin);
        toBeChanged = false;
    }

    @Override
    public synchronized void unblockPin(char[] soPinValue, char[] newPin, FinalTry finalTry) throws TokenException {
        checkPresent();
        finalTry.check(soPin.state(false, minLength, maxLength), "SO");
        verify(soPin, soPinValue, true);
        checkLength(newPin);
        userPin.set(newPin);
        userPin.triesLeft = userPin.maxTries;
    }

    @Override
    public synchronized ObjectSession login(char[] pin, FinalTry finalTry) throws TokenException {
        checkPresent();
        finalTry.check(userPin.state(toBeChanged, minLength, maxLength), "user");
        verify(userPin, pin, false);
        if (toBeChanged) {
            throw new TokenException(TokenError.PIN_EXPIRED, "CKR_PIN_EXPIRED", "the PIN must be changed first",
                    userPin.state(true, minLength, maxLength), null);
        }
        return new Session();
    }

    private void checkPresent() throws TokenException {
        if (!present) {
            throw new TokenException(TokenError.TOKEN_REMOVED, "CKR_DEVICE_REMOVED", "token " + serial + " removed",
                    null, null);
        }
    }

    private void checkLength(char[] newPin) throws TokenException {
        if (newPin.length < minLength || newPin.length > maxLength) {
            throw new TokenException(TokenError.PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE",
                    "new PIN length outside " + minLength + ".." + maxLength,
                    userPin.state(toBeChanged, minLength, maxLength), null);
        }
    }

    /** Checks a PIN the way a key's chip does: a locked PIN is refused unread, a wrong one costs a try. */
    private void verify(Pin pin, char[] given, boolean so) throws TokenException {
        boolean pinToBeChanged = !so && toBeChanged;
        if (pin.triesLeft == 0) {
            throw new TokenException(TokenError.PIN_LOCKED, "CKR_PIN_LOCKED", (so ? "SO" : "user") + " PIN locked",
                    pin.state(pinToBeChanged, minLength, maxLength), null);
        }
        if (!Arrays.equals(pin.value, given)) {
            pin.triesLeft--;
            throw new TokenException(TokenError.PIN_INCORRECT, "CKR_PIN_INCORRECT",
                    (so ? "SO" : "user") + " PIN incorrect", pin.state(pinToBeChanged, minLength, maxLength), null);
        }
        pin.triesLeft = pin.maxTries;
    }

    /** One PIN and its retry counter. */
    private static final class Pin {
        char[] value;
        int maxTries;
        int triesLeft;

        Pin(char[] value, int tries) {
            this.value = value;
            this.maxTries = tries;
            this.triesLeft = tries;
        }

        void set(char[] newValue) {
            Arrays.fill(value, '\0');
            value = newValue.clone();
        }

        PinState state(boolean toBeChanged, int min, int max) {
            return new PinState(triesLeft < maxTries, triesLeft == 1, triesLeft == 0, toBeChanged, min, max);
        }
    }

    /** A logged-in session: lists the objects; key work needs a real token. */
    private final class Session implements ObjectSession {

        @Override
        public GeneratedKey generateKeyPair(KeySpec spec, KeyUse use, byte[] id, String keyLabel) throws TokenException {
            throw unsupported();
        }

        @Override
        public SubjectPublicKeyInfo publicKey(byte[] id) throws TokenException {
            throw unsupported();
        }

        @Override
        public ContentSigner signer(byte[] id) throws TokenException {
            throw unsupported();
        }

        @Override
        public void writeCertificate(byte[] id, String certLabel, X509CertificateHolder certificate)
                throws TokenException {
            throw unsupported();
        }

        @Override
        public List<TokenObject> objects() throws TokenException {
            synchronized (SimulatedToken.this) {
                checkPresent();
                List<TokenObject> objects = new ArrayList<>();
                for (TokenCertificate c : certificates) {
                    objects.add(new TokenObject(ObjectKind.CERTIFICATE, c.id(), c.label()));
                    if (c.hasPrivateKey()) {
                        objects.add(new TokenObject(ObjectKind.PRIVATE_KEY, c.id(), c.label()));
                    }
                }
                return objects;
            }
        }

        @Override
        public void setLabel(ObjectKind kind, byte[] id, String newLabel) throws TokenException {
            throw unsupported();
        }

        @Override
        public int destroy(ObjectKind kind, byte[] id) throws TokenException {
            throw unsupported();
        }

        @Override
        public int destroyCertificate(byte[] der) throws TokenException {
            throw unsupported();
        }

        @Override
        public List<KeyObject> keyObjects(byte[] id, List<SubjectPublicKeyInfo> candidates) throws TokenException {
            throw unsupported();
        }

        @Override
        public ContentSigner signer(KeyObject key) throws TokenException {
            throw unsupported();
        }

        @Override
        public void destroy(KeyObject key) throws TokenException {
            throw unsupported();
        }

        @Override
        public void setLabel(KeyObject key, String newLabel) throws TokenException {
            throw unsupported();
        }

        @Override
        public void close() {
        }

        private TokenException unsupported() {
            return new TokenException(TokenError.NOT_SUPPORTED, "the simulated token only simulates PINs");
        }
    }
}
