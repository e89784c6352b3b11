package ukey.token.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * The raw PKCS#11 binding: one loaded library, called through its CK_FUNCTION_LIST with Java's FFM API.
 * Methods map one to one to C_ functions and throw {@link TokenException} for any return value but CKR_OK.
 * Every call holds a read lock; re-initialising the library ({@link #reinitialize()}) holds the write lock,
 * so no call ever runs against a library being finalized.
 */
final class Pkcs11 {

    /** Indexes into CK_FUNCTION_LIST, in the order of the PKCS#11 v2.40 header. */
    private enum Fn {
        C_Initialize(0, "P"), C_Finalize(1, "P"), C_GetInfo(2, "P"), C_GetSlotList(4, "BPP"),
        C_GetTokenInfo(6, "UP"), C_InitPIN(10, "UPU"), C_SetPIN(11, "UPUPU"), C_OpenSession(12, "UUPPP"),
        C_CloseSession(13, "U"), C_Login(18, "UUPU"), C_Logout(19, "U"), C_CreateObject(20, "UPUP"),
        C_DestroyObject(22, "UU"), C_GetAttributeValue(24, "UUPU"), C_SetAttributeValue(25, "UUPU"),
        C_FindObjectsInit(26, "UPU"), C_FindObjects(27, "UPUP"), C_FindObjectsFinal(28, "U"),
        C_SignInit(42, "UPU"), C_Sign(43, "UPUPP"), C_GenerateKeyPair(59, "UPPUPUPP");

        final int index;
        final String signature;

        Fn(int index, String signature) {
            this.index = index;
            this.signature = signature;
        }
    }

    /** CK_INFO, decoded. */
    record LibraryInfo(String manufacturer, String description, String version) {
    }

    /** CK_TOKEN_INFO, decoded; the provider turns it into the API's TokenInfo. */
    record RawTokenInfo(String label, String manufacturer, String model, String serial, long flags,
                        long minPinLen, long maxPinLen, String firmware) {
    }

    private static final Linker LINKER = Linker.nativeLinker();

    final Path path;
    final Abi abi;
    private final Map<Fn, MethodHandle> functions = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private Pkcs11(Path path, Abi abi) {
        this.path = path;
        this.abi = abi;
    }

    /** Loads the library and resolves its function list. Does not initialise it. */
    static Pkcs11 load(Path path) throws TokenException {
        SymbolLookup lookup;
        try {
            // The library stays loaded for the life of the process: vendor libraries rarely survive dlclose.
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    "cannot load " + path + ": " + e.getMessage(), null, e);
        }
        MemorySegment getFunctionList = lookup.find("C_GetFunctionList").orElseThrow(() ->
                new TokenException(TokenError.LIBRARY_LOAD_FAILED, path + " has no C_GetFunctionList: not PKCS#11"));
        Pkcs11 p11 = new Pkcs11(path, Abi.current());
        p11.resolve(getFunctionList);
        return p11;
    }

    private void resolve(MemorySegment getFunctionList) throws TokenException {
        MethodHandle handle = LINKER.downcallHandle(getFunctionList,
                FunctionDescriptor.of(abi.ulong(), ValueLayout.ADDRESS));
        MemorySegment table;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check("C_GetFunctionList", rv(handle.invoke(out)));
            table = out.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE);
        } catch (TokenException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, "C_GetFunctionList crashed", null, e);
        }
        long first = CStruct.functionListHead(abi).offset("C_Initialize");
        for (Fn fn : Fn.values()) {
            MemorySegment pointer = table.get(ValueLayout.ADDRESS_UNALIGNED, first + (long) fn.index * Abi.POINTER_SIZE);
            if (!pointer.equals(MemorySegment.NULL)) {
                functions.put(fn, LINKER.downcallHandle(pointer, descriptor(fn.signature)));
            }
        }
    }

    private FunctionDescriptor descriptor(String signature) {
        MemoryLayout[] args = new MemoryLayout[signature.length()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (signature.charAt(i)) {
                case 'U' -> abi.ulong();
                case 'B' -> ValueLayout.JAVA_BYTE;
                default -> ValueLayout.ADDRESS;
            };
        }
        return FunctionDescriptor.of(abi.ulong(), args);
    }

    private static long rv(Object result) {
        return result instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) result;
    }

    /** Calls a function under the read lock and returns its CK_RV. Longs become ints where CK_ULONG is 4 bytes. */
    private long call(Fn fn, Object... args) throws TokenException {
        MethodHandle handle = functions.get(fn);
        if (handle == null) {
            throw new TokenException(TokenError.NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED",
                    fn + " is missing from " + path, null, null);
        }
        if (abi.ulongSize == 4) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Long l) {
                    args[i] = (int) (long) l;
                }
            }
        }
        lock.readLock().lock();
        try {
            return rv(handle.invokeWithArguments(args));
        } catch (Throwable e) {
            throw new TokenException(TokenError.DEVICE_ERROR, null, fn + " could not be called", null, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void callOk(Fn fn, Object... args) throws TokenException {
        check(fn.name(), call(fn, args));
    }

    private static void check(String function, long rv) throws TokenException {
        if (rv != Ckr.CKR_OK) {
            throw Ckr.exception(function, rv);
        }
    }

    private long readUlong(MemorySegment segment) {
        return abi.ulongSize == 8 ? segment.get(ValueLayout.JAVA_LONG, 0)
                : Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT, 0));
    }

    private MemorySegment allocateUlong(Arena arena, long value) {
        MemorySegment segment = arena.allocate(abi.ulongSize, abi.ulongSize);
        CStruct.attribute(abi).setUlong(segment, 0, value);
        return segment;
    }

    // --- library ---

    void initialize() throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.initializeArgs(abi);
            MemorySegment args = arena.allocate(layout.size(), 8);
            layout.setUlong(args, "flags", Ck.CKF_OS_LOCKING_OK);
            long rv = call(Fn.C_Initialize, args);
            if (rv != Ckr.CKR_OK && rv != Ckr.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw Ckr.exception("C_Initialize", rv);
            }
        }
    }

    /** C_Finalize then C_Initialize, with no other call in flight: how some libraries show new tokens. */
    void reinitialize() throws TokenException {
        lock.writeLock().lock();
        try {
            // the write lock is reentrant into the read lock that call() takes
            call(Fn.C_Finalize, MemorySegment.NULL);
            initialize();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void finalizeLibrary() {
        try {
            call(Fn.C_Finalize, MemorySegment.NULL);
        } catch (TokenException ignored) {
            // finalizing at exit: nothing left to do about a failure
        }
    }

    LibraryInfo info() throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.info(abi);
            MemorySegment info = arena.allocate(layout.size(), 8);
            callOk(Fn.C_GetInfo, info);
            byte[] version = layout.getBytes(info, "libraryVersion", 2);
            return new LibraryInfo(padded(layout.getBytes(info, "manufacturerID", 32)),
                    padded(layout.getBytes(info, "libraryDescription", 32)), version[0] + "." + version[1]);
        }
    }

    // --- slots and tokens ---

    long[] slotList(boolean tokenPresent) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = allocateUlong(arena, 0);
            byte present = (byte) (tokenPresent ? 1 : 0);
            for (int attempt = 0; ; attempt++) {
                callOk(Fn.C_GetSlotList, present, MemorySegment.NULL, count);
                long n = readUlong(count);
                if (n == 0) {
                    return new long[0];
                }
                MemorySegment slots = arena.allocate(n * abi.ulongSize, abi.ulongSize);
                long rv = call(Fn.C_GetSlotList, present, slots, count);
                if (rv == Ckr.CKR_BUFFER_TOO_SMALL && attempt < 3) {
                    continue; // a reader appeared between the two calls
                }
                check("C_GetSlotList", rv);
                long[] result = new long[(int) readUlong(count)];
                for (int i = 0; i < result.length; i++) {
                    result[i] = abi.ulongSize == 8 ? slots.getAtIndex(ValueLayout.JAVA_LONG, i)
                            : Integer.toUnsignedLong(slots.getAtIndex(ValueLayout.JAVA_INT, i));
                }
                return result;
            }
        }
    }

    RawTokenInfo tokenInfo(long slot) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.tokenInfo(abi);
            MemorySegment info = arena.allocate(layout.size(), 8);
            callOk(Fn.C_GetTokenInfo, slot, info);
            byte[] firmware = layout.getBytes(info, "firmwareVersion", 2);
            return new RawTokenInfo(padded(layout.getBytes(info, "label", 32)),
                    padded(layout.getBytes(info, "manufacturerID", 32)), padded(layout.getBytes(info, "model", 16)),
                    padded(layout.getBytes(info, "serialNumber", 16)), layout.getUlong(info, "flags"),
                    layout.getUlong(info, "ulMinPinLen"), layout.getUlong(info, "ulMaxPinLen"),
                    (firmware[0] & 0xff) + "." + (firmware[1] & 0xff));
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment session = allocateUlong(arena, 0);
            long flags = Ck.CKF_SERIAL_SESSION | (readWrite ? Ck.CKF_RW_SESSION : 0);
            callOk(Fn.C_OpenSession, slot, flags, MemorySegment.NULL, MemorySegment.NULL, session);
            return readUlong(session);
        }
    }

    void closeSession(long session) {
        try {
            call(Fn.C_CloseSession, session);
        } catch (TokenException ignored) {
            // the token may be gone already; the session is gone with it
        }
    }

    /** C_Login; returns false when this process was already logged in to the token (the PIN was not checked). */
    boolean login(long session, long userType, char[] pin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pinBytes = pin(arena, pin);
            long rv;
            try {
                rv = call(Fn.C_Login, session, userType, pinBytes, pinBytes.byteSize());
            } finally {
                pinBytes.fill((byte) 0);
            }
            if (rv == Ckr.CKR_USER_ALREADY_LOGGED_IN) {
                return false;
            }
            check("C_Login", rv);
            return true;
        }
    }

    void logout(long session) {
        try {
            call(Fn.C_Logout, session);
        } catch (TokenException ignored) {
            // not logged in, or the token is gone: either way nobody is logged in now
        }
    }

    void setPin(long session, char[] oldPin, char[] newPin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment oldBytes = pin(arena, oldPin);
            MemorySegment newBytes = MemorySegment.NULL;
            long rv;
            try {
                newBytes = pin(arena, newPin);
                rv = call(Fn.C_SetPIN, session, oldBytes, oldBytes.byteSize(), newBytes, newBytes.byteSize());
            } finally {
                oldBytes.fill((byte) 0);
                newBytes.fill((byte) 0);
            }
            check("C_SetPIN", rv);
        }
    }

    void initPin(long session, char[] newPin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment newBytes = pin(arena, newPin);
            long rv;
            try {
                rv = call(Fn.C_InitPIN, session, newBytes, newBytes.byteSize());
            } finally {
                newBytes.fill((byte) 0);
            }
            check("C_InitPIN", rv);
        }
    }

    /** The PIN as UTF-8 in native memory, without a String and with the heap copy cleared. */
    private static MemorySegment pin(Arena arena, char[] pin) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        Arrays.fill(bytes, (byte) 0);
        return segment.asSlice(0, bytes.length);
    }

    // --- objects ---

    long[] findObjects(long session, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            callOk(Fn.C_FindObjectsInit, session, template.write(arena, abi), (long) template.size());
            try {
                long[] found = new long[0];
                int batch = 64;
                MemorySegment handles = arena.allocate((long) batch * abi.ulongSize, abi.ulongSize);
                MemorySegment count = allocateUlong(arena, 0);
                while (true) {
                    callOk(Fn.C_FindObjects, session, handles, (long) batch, count);
                    int n = (int) readUlong(count);
                    if (n == 0) {
                        return found;
                    }
                    int start = found.length;
                    found = Arrays.copyOf(found, start + n);
                    for (int i = 0; i < n; i++) {
                        found[start + i] = abi.ulongSize == 8 ? handles.getAtIndex(ValueLayout.JAVA_LONG, i)
                                : Integer.toUnsignedLong(handles.getAtIndex(ValueLayout.JAVA_INT, i));
                    }
                }
            } finally {
                call(Fn.C_FindObjectsFinal, session);
            }
        }
    }

    /**
     * Reads attributes of one object. Attributes the object lacks or keeps secret are left out of the map,
     * which PKCS#11 reports per attribute while still filling the others.
     */
    Map<Long, byte[]> attributes(long session, long object, long... types) throws TokenException {
        CStruct layout = CStruct.attribute(abi);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment template = arena.allocate((long) layout.size() * types.length, 8);
            for (int i = 0; i < types.length; i++) {
                MemorySegment entry = template.asSlice((long) i * layout.size(), layout.size());
                layout.setUlong(entry, "type", types[i]);
                layout.setPointer(entry, "pValue", MemorySegment.NULL);
            }
            long rv = call(Fn.C_GetAttributeValue, session, object, template, (long) types.length);
            acceptPartial(rv);
            for (int i = 0; i < types.length; i++) {
                MemorySegment entry = template.asSlice((long) i * layout.size(), layout.size());
                long length = layout.getUlong(entry, "ulValueLen");
                boolean available = length != unavailable();
                layout.setPointer(entry, "pValue", available && length > 0 ? arena.allocate(length) : MemorySegment.NULL);
                if (!available) {
                    layout.setUlong(entry, "ulValueLen", 0);
                }
            }
            acceptPartial(call(Fn.C_GetAttributeValue, session, object, template, (long) types.length));
            Map<Long, byte[]> values = new HashMap<>();
            for (int i = 0; i < types.length; i++) {
                MemorySegment entry = template.asSlice((long) i * layout.size(), layout.size());
                long length = layout.getUlong(entry, "ulValueLen");
                MemorySegment value = entry.get(ValueLayout.ADDRESS_UNALIGNED, layout.offset("pValue"));
                if (length == unavailable()) {
                    continue;
                }
                values.put(types[i], length == 0 || value.equals(MemorySegment.NULL) ? new byte[0]
                        : value.reinterpret(length).toArray(ValueLayout.JAVA_BYTE));
            }
            return values;
        }
    }

    private long unavailable() {
        return abi.ulongSize == 8 ? Ck.CK_UNAVAILABLE_INFORMATION : 0xFFFFFFFFL;
    }

    private static void acceptPartial(long rv) throws TokenException {
        // CKR_ATTRIBUTE_SENSITIVE (0x11) and CKR_ATTRIBUTE_TYPE_INVALID (0x12) mark single attributes unavailable
        if (rv != Ckr.CKR_OK && rv != 0x11L && rv != Ckr.CKR_ATTRIBUTE_TYPE_INVALID) {
            throw Ckr.exception("C_GetAttributeValue", rv);
        }
    }

    void setAttributes(long session, long object, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            callOk(Fn.C_SetAttributeValue, session, object, template.write(arena, abi), (long) template.size());
        }
    }

    long createObject(long session, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = allocateUlong(arena, 0);
            callOk(Fn.C_CreateObject, session, template.write(arena, abi), (long) template.size(), handle);
            return readUlong(handle);
        }
    }

    void destroyObject(long session, long object) throws TokenException {
        callOk(Fn.C_DestroyObject, session, object);
    }

    /** C_GenerateKeyPair with a parameterless mechanism; returns {public handle, private handle}. */
    long[] generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey)
            throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment publicHandle = allocateUlong(arena, 0);
            MemorySegment privateHandle = allocateUlong(arena, 0);
            callOk(Fn.C_GenerateKeyPair, session, mechanism(arena, mechanism),
                    publicKey.write(arena, abi), (long) publicKey.size(),
                    privateKey.write(arena, abi), (long) privateKey.size(), publicHandle, privateHandle);
            return new long[] {readUlong(publicHandle), readUlong(privateHandle)};
        }
    }

    /** C_SignInit + C_Sign in one go, with a parameterless mechanism. */
    byte[] sign(long session, long mechanism, long key, byte[] data) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            callOk(Fn.C_SignInit, session, mechanism(arena, mechanism), key);
            MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            MemorySegment length = allocateUlong(arena, 0);
            callOk(Fn.C_Sign, session, input, (long) data.length, MemorySegment.NULL, length);
            MemorySegment signature = arena.allocate(Math.max(1, readUlong(length)));
            callOk(Fn.C_Sign, session, input, (long) data.length, signature, length);
            return signature.asSlice(0, readUlong(length)).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private MemorySegment mechanism(Arena arena, long type) {
        CStruct layout = CStruct.mechanism(abi);
        MemorySegment mechanism = arena.allocate(layout.size(), 8);
        layout.setUlong(mechanism, "mechanism", type);
        layout.setPointer(mechanism, "pParameter", MemorySegment.NULL);
        layout.setUlong(mechanism, "ulParameterLen", 0);
        return mechanism;
    }
}
