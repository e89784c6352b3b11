package ukey.token.pkcs11;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.FinalTry;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * A token in a slot of a PKCS#11 library, identified by its serial. Each call first finds the token's slot
 * again, so a token pulled and re-inserted (or a library re-initialised) is followed by serial, and a
 * different token in the old slot is never mistaken for this one.
 */
final class Pkcs11Token implements Token {

    private final Pkcs11Provider provider;
    private final String serial;
    private long slot;

    Pkcs11Token(Pkcs11Provider provider, long slot, String serial) {
        this.provider = provider;
        this.slot = slot;
        this.serial = serial;
    }

    /** The token's current slot, found by serial; TOKEN_REMOVED when no slot holds it. */
    long slot() throws TokenException {
        Pkcs11 p11 = provider.p11();
        try {
            if (p11.tokenInfo(slot).serial().equals(serial)) {
                return slot;
            }
        } catch (TokenException e) {
            if (!e.needsRescan() && e.error() != TokenError.OTHER) {
                throw e;
            }
        }
        for (long candidate : p11.slotList(true)) {
            try {
                if (p11.tokenInfo(candidate).serial().equals(serial)) {
                    slot = candidate;
                    return slot;
                }
            } catch (TokenException e) {
                // that slot's token is going away; keep looking
            }
        }
        throw provider.removed("token " + serial + " is no longer present");
    }

    String serial() {
        return serial;
    }

    @Override
    public Optional<String> listedSerial() {
        return Optional.of(serial);
    }

    Pkcs11Provider provider() {
        return provider;
    }

    @Override
    public TokenInfo info() throws TokenException {
        Pkcs11.RawTokenInfo raw = provider.p11().tokenInfo(slot());
        long flags = raw.flags();
        int min = (int) raw.minPinLen();
        int max = (int) Math.min(raw.maxPinLen(), Integer.MAX_VALUE);
        PinState user = new PinState(has(flags, Ck.CKF_USER_PIN_COUNT_LOW), has(flags, Ck.CKF_USER_PIN_FINAL_TRY),
                has(flags, Ck.CKF_USER_PIN_LOCKED), has(flags, Ck.CKF_USER_PIN_TO_BE_CHANGED), min, max);
        PinState so = new PinState(has(flags, Ck.CKF_SO_PIN_COUNT_LOW), has(flags, Ck.CKF_SO_PIN_FINAL_TRY),
                has(flags, Ck.CKF_SO_PIN_LOCKED), has(flags, Ck.CKF_SO_PIN_TO_BE_CHANGED), min, max);
        return new TokenInfo(raw.label(), raw.manufacturer(), raw.model(), raw.serial(), raw.firmware(),
                provider.library(), user, so);
    }

    private static boolean has(long flags, long flag) {
        return (flags & flag) != 0;
    }

    @Override
    public List<TokenCertificate> certificates() throws TokenException {
        long session = provider.openSession(slot(), false);
        try {
            return certificates(provider.p11(), session);
        } catch (TokenException e) {
            throw rescanOn(e);
        } finally {
            provider.closeSession(session);
        }
    }

    static List<TokenCertificate> certificates(Pkcs11 p11, long session) throws TokenException {
        Set<String> keyIds = new HashSet<>();
        // Private keys are visible only when logged in; the public-key object that key-pair generation keeps
        // stands for its private half otherwise.
        for (long kind : new long[] {Ck.CKO_PRIVATE_KEY, Ck.CKO_PUBLIC_KEY}) {
            for (long key : p11.findObjects(session, new Template().ulong(Ck.CKA_CLASS, kind))) {
                byte[] id = p11.attributes(session, key, Ck.CKA_ID).get(Ck.CKA_ID);
                if (id != null) {
                    keyIds.add(HexFormat.of().formatHex(id));
                }
            }
        }
        List<TokenCertificate> certificates = new ArrayList<>();
        for (long object : p11.findObjects(session, new Template().ulong(Ck.CKA_CLASS, Ck.CKO_CERTIFICATE))) {
            Map<Long, byte[]> values = p11.attributes(session, object, Ck.CKA_ID, Ck.CKA_LABEL, Ck.CKA_VALUE);
            byte[] id = values.getOrDefault(Ck.CKA_ID, new byte[0]);
            String label = new String(values.getOrDefault(Ck.CKA_LABEL, new byte[0]),
                    java.nio.charset.StandardCharsets.UTF_8);
            byte[] value = values.getOrDefault(Ck.CKA_VALUE, new byte[0]);
            Optional<CertificateInfo> info = Optional.empty();
            Optional<CertificateParseException> error = Optional.empty();
            try {
                info = Optional.of(CertificateInfo.parse(value));
            } catch (CertificateParseException e) {
                error = Optional.of(e);
            } catch (RuntimeException e) {
                error = Optional.of(new CertificateParseException(CertificateParseException.Problem.MALFORMED_PART,
                        e.toString(), e));
            }
            certificates.add(new TokenCertificate(id, label, value, keyIds.contains(HexFormat.of().formatHex(id)),
                    info, error));
        }
        return certificates;
    }

    @Override
    public void changePin(char[] currentPin, char[] newPin, FinalTry finalTry) throws TokenException {
        long session = provider.openSession(slot(), true);
        try {
            finalTry.check(info().userPin(), "user");
            provider.p11().setPin(session, currentPin, newPin);
        } catch (TokenException e) {
            throw withPinState(rescanOn(e), false);
        } finally {
            provider.closeSession(session);
        }
    }

    @Override
    public void unblockPin(char[] soPin, char[] newPin, FinalTry finalTry) throws TokenException {
        long session = provider.openSession(slot(), true);
        try {
            finalTry.check(info().soPin(), "SO");
            loginChecked(session, Ck.CKU_SO, soPin);
            try {
                provider.p11().initPin(session, newPin);
            } finally {
                provider.p11().logout(session);
            }
        } catch (TokenException e) {
            throw withPinState(rescanOn(e), true);
        } finally {
            provider.closeSession(session);
        }
    }

    @Override
    public ObjectSession login(char[] pin) throws TokenException {
        return login(pin, FinalTry.NOT_CONFIRMED);
    }

    @Override
    public ObjectSession login(char[] pin, FinalTry finalTry) throws TokenException {
        long session = provider.openSession(slot(), true);
        try {
            finalTry.check(info().userPin(), "user");
            synchronized (provider.loginLock()) {
                loginChecked(session, Ck.CKU_USER, pin);
                provider.loginAcquired(serial);
            }
            return new Pkcs11Session(this, session);
        } catch (TokenException e) {
            provider.closeSession(session);
            throw withPinState(rescanOn(e), false);
        } catch (RuntimeException e) {
            provider.closeSession(session);
            throw e;
        }
    }

    /**
     * C_Login, counted as a right PIN only when the token checked it. "Already logged in" means it did not: while
     * a session of ours holds the login, the PIN cannot be checked without logging that session out, so it is
     * refused; a login nobody holds any more (a session leaked by a crash of ours) is ended and the PIN sent again.
     */
    private void loginChecked(long session, long userType, char[] pin) throws TokenException {
        Pkcs11 p11 = provider.p11();
        if (p11.login(session, userType, pin)) {
            return;
        }
        if (userType == Ck.CKU_USER && !provider.loginHeld(serial)) {
            p11.logout(session);
            if (p11.login(session, userType, pin)) {
                return;
            }
        }
        throw new TokenException(TokenError.LOGIN_REQUIRED, "CKR_USER_ALREADY_LOGGED_IN",
                "token " + serial + " is already logged in by another session: the PIN was not checked", null, null);
    }

    TokenException rescanOn(TokenException e) {
        if (e.needsRescan()) {
            provider.markRescanNeeded();
        }
        return e;
    }

    /** After a PIN failure, the fresh PIN flags tell the caller how many tries are left. */
    private TokenException withPinState(TokenException e, boolean soPin) {
        TokenError error = e.error();
        if (error != TokenError.PIN_INCORRECT && error != TokenError.PIN_LOCKED) {
            return e;
        }
        try {
            TokenInfo info = info();
            return e.withPinState(soPin ? info.soPin() : info.userPin());
        } catch (TokenException ignored) {
            return e;
        }
    }

    @Override
    public String toString() {
        return "token " + serial + " in " + provider.library();
    }
}
