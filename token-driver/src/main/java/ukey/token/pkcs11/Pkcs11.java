package ukey.token.pkcs11;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ukey.token.TokenException;
import ukey.token.host.LibraryHost;

/**
 * One loaded PKCS#11 library, above its raw calls ({@link Pkcs11Calls}, in this process or in a helper process):
 * the two-call size pattern, CK_RV to {@link TokenException}, the retries, and the PIN bytes cleared after use.
 * Every call holds a read lock; re-initialising the library ({@link #reinitialize()}) holds the write lock, so no
 * call ever runs against a library being finalized.
 */
final class Pkcs11 {

    /** CK_INFO, decoded. */
    record LibraryInfo(String manufacturer, String description, String version) {
    }

    /** CK_TOKEN_INFO, decoded; the provider turns it into the API's TokenInfo. */
    record RawTokenInfo(String label, String manufacturer, String model, String serial, long flags,
                        long minPinLen, long maxPinLen, String firmware) {
    }

    private interface RawCall {
        long run() throws TokenException;
    }

    final Path path;
    private final Pkcs11Calls calls;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    Pkcs11(Path path, Pkcs11Calls calls) {
        this.path = path;
        this.calls = calls;
    }

    /** Where the library runs, for logs. */
    String where() {
        return calls.where();
    }

    /** The host process serving the library, when it runs out of process. */
    Optional<LibraryHost> host() {
        return calls instanceof RpcPkcs11 rpc ? Optional.of(rpc.host()) : Optional.empty();
    }

    /** Makes a raw call under the read lock and returns its CK_RV. */
    private long call(RawCall call) throws TokenException {
        lock.readLock().lock();
        try {
            return call.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void callOk(String function, RawCall call) throws TokenException {
        check(function, call(call));
    }

    private static void check(String function, long rv) throws TokenException {
        if (rv != Ckr.CKR_OK) {
            throw Ckr.exception(function, rv);
        }
    }

    // --- library ---

    void initialize() throws TokenException {
        long rv = call(calls::initialize);
        if (rv != Ckr.CKR_OK && rv != Ckr.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw Ckr.exception("C_Initialize", rv);
        }
    }

    /** C_Finalize then C_Initialize, with no other call in flight: how some libraries show new tokens. */
    void reinitialize() throws TokenException {
        lock.writeLock().lock();
        try {
            // the write lock is reentrant into the read lock that call() takes
            call(calls::finalizeLibrary);
            initialize();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void finalizeLibrary() {
        try {
            call(calls::finalizeLibrary);
        } catch (TokenException ignored) {
            // finalizing at exit: nothing left to do about a failure
        } finally {
            calls.close();
        }
    }

    LibraryInfo info() throws TokenException {
        Pkcs11Calls.Ref<Pkcs11Calls.CkInfo> out = new Pkcs11Calls.Ref<>();
        callOk("C_GetInfo", () -> calls.getInfo(out));
        byte[] version = out.value.libraryVersion();
        return new LibraryInfo(padded(out.value.manufacturerId()), padded(out.value.libraryDescription()),
                version[0] + "." + version[1]);
    }

    // --- slots and tokens ---

    long[] slotList(boolean tokenPresent) throws TokenException {
        Pkcs11Calls.Ulong count = new Pkcs11Calls.Ulong();
        for (int attempt = 0; ; attempt++) {
            callOk("C_GetSlotList", () -> calls.getSlotList(tokenPresent, null, count));
            if (count.value == 0) {
                return new long[0];
            }
            long[] slots = new long[(int) count.value];
            long rv = call(() -> calls.getSlotList(tokenPresent, slots, count));
            if (rv == Ckr.CKR_BUFFER_TOO_SMALL && attempt < 3) {
                continue; // a reader appeared between the two calls
            }
            check("C_GetSlotList", rv);
            return Arrays.copyOf(slots, (int) Math.min(count.value, slots.length));
        }
    }

    RawTokenInfo tokenInfo(long slot) throws TokenException {
        Pkcs11Calls.Ref<Pkcs11Calls.CkTokenInfo> out = new Pkcs11Calls.Ref<>();
        callOk("C_GetTokenInfo", () -> calls.getTokenInfo(slot, out));
        Pkcs11Calls.CkTokenInfo info = out.value;
        byte[] firmware = info.firmwareVersion();
        return new RawTokenInfo(padded(info.label()), padded(info.manufacturerId()), padded(info.model()),
                padded(info.serialNumber()), info.flags(), info.minPinLen(), info.maxPinLen(),
                (firmware[0] & 0xff) + "." + (firmware[1] & 0xff));
    }

    /** PKCS#11 text fields are blank-padded UTF-8 without a terminator. */
    private static String padded(byte[] field) {
        int end = field.length;
        while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == 0)) {
            end--;
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }

    // --- sessions and PINs ---

    long openSession(long slot, boolean readWrite) throws TokenException {
        Pkcs11Calls.Ulong session = new Pkcs11Calls.Ulong();
        long flags = Ck.CKF_SERIAL_SESSION | (readWrite ? Ck.CKF_RW_SESSION : 0);
        callOk("C_OpenSession", () -> calls.openSession(slot, flags, session));
        return session.value;
    }

    void closeSession(long session) {
        try {
            call(() -> calls.closeSession(session));
        } catch (TokenException ignored) {
            // the token may be gone already; the session is gone with it
        }
    }

    /** C_Login; returns false when this process was already logged in to the token (the PIN was not checked). */
    boolean login(long session, long userType, char[] pin) throws TokenException {
        byte[] bytes = utf8(pin);
        try {
            long rv = call(() -> calls.login(session, userType, bytes));
            if (rv == Ckr.CKR_USER_ALREADY_LOGGED_IN) {
                return false;
            }
            check("C_Login", rv);
            return true;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    void logout(long session) {
        try {
            call(() -> calls.logout(session));
        } catch (TokenException ignored) {
            // not logged in, or the token is gone: either way nobody is logged in now
        }
    }

    void setPin(long session, char[] oldPin, char[] newPin) throws TokenException {
        byte[] oldBytes = utf8(oldPin);
        byte[] newBytes = utf8(newPin);
        try {
            callOk("C_SetPIN", () -> calls.setPin(session, oldBytes, newBytes));
        } finally {
            Arrays.fill(oldBytes, (byte) 0);
            Arrays.fill(newBytes, (byte) 0);
        }
    }

    void initPin(long session, char[] newPin) throws TokenException {
        byte[] bytes = utf8(newPin);
        try {
            callOk("C_InitPIN", () -> calls.initPin(session, bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The PIN as UTF-8 bytes, without a String and with the encoder's buffer cleared. */
    private static byte[] utf8(char[] pin) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    // --- objects ---

    long[] findObjects(long session, Template template) throws TokenException {
        callOk("C_FindObjectsInit", () -> calls.findObjectsInit(session, template));
        try {
            long[] found = new long[0];
            long[] batch = new long[64];
            Pkcs11Calls.Ulong count = new Pkcs11Calls.Ulong();
            while (true) {
                callOk("C_FindObjects", () -> calls.findObjects(session, batch, count));
                int n = (int) Math.min(count.value, batch.length);
                if (n == 0) {
                    return found;
                }
                int start = found.length;
                found = Arrays.copyOf(found, start + n);
                System.arraycopy(batch, 0, found, start, n);
            }
        } finally {
            call(() -> calls.findObjectsFinal(session));
        }
    }

    /**
     * Reads attributes of one object. Attributes the object lacks or keeps secret are left out of the map,
     * which PKCS#11 reports per attribute while still filling the others.
     */
    Map<Long, byte[]> attributes(long session, long object, long... types) throws TokenException {
        Pkcs11Calls.Attribute[] template = new Pkcs11Calls.Attribute[types.length];
        for (int i = 0; i < types.length; i++) {
            template[i] = new Pkcs11Calls.Attribute(types[i]);
        }
        acceptPartial(call(() -> calls.getAttributeValue(session, object, template)));
        for (Pkcs11Calls.Attribute attribute : template) {
            attribute.value = attribute.length == Pkcs11Calls.UNAVAILABLE ? null : new byte[(int) attribute.length];
        }
        acceptPartial(call(() -> calls.getAttributeValue(session, object, template)));
        Map<Long, byte[]> values = new HashMap<>();
        for (Pkcs11Calls.Attribute attribute : template) {
            if (attribute.value != null && attribute.length != Pkcs11Calls.UNAVAILABLE) {
                values.put(attribute.type, Arrays.copyOf(attribute.value,
                        (int) Math.min(attribute.length, attribute.value.length)));
            }
        }
        return values;
    }

    private static void acceptPartial(long rv) throws TokenException {
        // CKR_ATTRIBUTE_SENSITIVE (0x11) and CKR_ATTRIBUTE_TYPE_INVALID (0x12) mark single attributes unavailable
        if (rv != Ckr.CKR_OK && rv != 0x11L && rv != Ckr.CKR_ATTRIBUTE_TYPE_INVALID) {
            throw Ckr.exception("C_GetAttributeValue", rv);
        }
    }

    void setAttributes(long session, long object, Template template) throws TokenException {
        callOk("C_SetAttributeValue", () -> calls.setAttributeValue(session, object, template));
    }

    long createObject(long session, Template template) throws TokenException {
        Pkcs11Calls.Ulong handle = new Pkcs11Calls.Ulong();
        callOk("C_CreateObject", () -> calls.createObject(session, template, handle));
        return handle.value;
    }

    void destroyObject(long session, long object) throws TokenException {
        callOk("C_DestroyObject", () -> calls.destroyObject(session, object));
    }

    /** C_GenerateKeyPair with a parameterless mechanism; returns {public handle, private handle}. */
    long[] generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey)
            throws TokenException {
        Pkcs11Calls.Ulong publicHandle = new Pkcs11Calls.Ulong();
        Pkcs11Calls.Ulong privateHandle = new Pkcs11Calls.Ulong();
        callOk("C_GenerateKeyPair", () -> calls.generateKeyPair(session, mechanism, publicKey, privateKey,
                publicHandle, privateHandle));
        return new long[] {publicHandle.value, privateHandle.value};
    }

    /** C_SignInit + C_Sign in one go, with a parameterless mechanism. */
    byte[] sign(long session, long mechanism, long key, byte[] data) throws TokenException {
        callOk("C_SignInit", () -> calls.signInit(session, mechanism, key));
        Pkcs11Calls.Ulong length = new Pkcs11Calls.Ulong();
        callOk("C_Sign", () -> calls.sign(session, data, null, length));
        byte[] signature = new byte[(int) Math.max(1, length.value)];
        callOk("C_Sign", () -> calls.sign(session, data, signature, length));
        return Arrays.copyOf(signature, (int) length.value);
    }
}
