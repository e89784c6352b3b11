package ukey.token.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * {@link Pkcs11Calls} in this process, through the library's CK_FUNCTION_LIST with Java's FFM API. Functions are
 * bound lazily: the first call of a function makes its downcall handle, so loading a library costs one lookup,
 * not a handle per function. Every handle is adapted to one Java shape (CK_ULONG as long, return value
 * unsigned) and called with invokeExact, whatever the platform's CK_ULONG width.
 */
final class FfmPkcs11 implements Pkcs11Calls {

    /** Indexes into CK_FUNCTION_LIST, in the order of the PKCS#11 v2.40 header; U CK_ULONG, B CK_BBOOL, P pointer. */
    private enum Fn {
        C_Initialize(0, "P"), C_Finalize(1, "P"), C_GetInfo(2, "P"), C_GetSlotList(4, "BPP"),
        C_GetTokenInfo(6, "UP"), C_InitPIN(10, "UPU"), C_SetPIN(11, "UPUPU"), C_OpenSession(12, "UUPPP"),
        C_CloseSession(13, "U"), C_Login(18, "UUPU"), C_Logout(19, "U"), C_CreateObject(20, "UPUP"),
        C_DestroyObject(22, "UU"), C_GetAttributeValue(24, "UUPU"), C_SetAttributeValue(25, "UUPU"),
        C_FindObjectsInit(26, "UPU"), C_FindObjects(27, "UPUP"), C_FindObjectsFinal(28, "U"),
        C_SignInit(42, "UPU"), C_Sign(43, "UPUPP"), C_GenerateKeyPair(59, "UPPUPUPP"), C_WaitForSlotEvent(67, "UPP");

        final int index;
        final String signature;

        Fn(int index, String signature) {
            this.index = index;
            this.signature = signature;
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54L;
    private static final MethodHandle UNSIGNED;

    static {
        try {
            UNSIGNED = MethodHandles.lookup().findStatic(Integer.class, "toUnsignedLong",
                    MethodType.methodType(long.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path path;
    private final Abi abi;
    private final MemorySegment table;
    private final long firstFunction;
    /** Made on first use; a race makes the same handle twice, which is harmless. */
    private final MethodHandle[] handles = new MethodHandle[Fn.values().length];

    private FfmPkcs11(Path path, Abi abi, MemorySegment table) {
        this.path = path;
        this.abi = abi;
        this.table = table;
        this.firstFunction = CStruct.functionListHead(abi).offset("C_Initialize");
    }

    /** Loads the library and reads its function list. Does not initialise it. */
    static FfmPkcs11 load(Path path) throws TokenException {
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
        Abi abi = Abi.current();
        MethodHandle handle = LINKER.downcallHandle(getFunctionList,
                FunctionDescriptor.of(abi.ulong(), ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Object rv = handle.invoke(out);
            long code = rv instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) rv;
            if (code != Ckr.CKR_OK) {
                throw Ckr.exception("C_GetFunctionList", code);
            }
            return new FfmPkcs11(path, abi, out.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE));
        } catch (TokenException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, "C_GetFunctionList crashed", null, e);
        }
    }

    private MethodHandle handle(Fn fn) {
        MethodHandle handle = handles[fn.ordinal()];
        if (handle == null) {
            handle = bind(fn);
            handles[fn.ordinal()] = handle;
        }
        return handle;
    }

    /** The function's downcall handle in its Java shape, or one that answers CKR_FUNCTION_NOT_SUPPORTED. */
    private MethodHandle bind(Fn fn) {
        MethodType shape = javaShape(fn.signature);
        MemorySegment pointer = table.get(ValueLayout.ADDRESS_UNALIGNED,
                firstFunction + (long) fn.index * Abi.POINTER_SIZE);
        if (pointer.equals(MemorySegment.NULL)) {
            return MethodHandles.dropArguments(MethodHandles.constant(long.class, CKR_FUNCTION_NOT_SUPPORTED), 0,
                    shape.parameterList());
        }
        MethodHandle handle = LINKER.downcallHandle(pointer, descriptor(fn.signature));
        if (abi.ulongSize == 4) {
            handle = MethodHandles.filterReturnValue(handle, UNSIGNED);
        }
        // CK_ULONG arguments narrow from long to int where CK_ULONG is 4 bytes
        return MethodHandles.explicitCastArguments(handle, shape);
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

    private static MethodType javaShape(String signature) {
        Class<?>[] args = new Class<?>[signature.length()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (signature.charAt(i)) {
                case 'U' -> long.class;
                case 'B' -> byte.class;
                default -> MemorySegment.class;
            };
        }
        return MethodType.methodType(long.class, args);
    }

    private static TokenException failed(Fn fn, Throwable e) {
        if (e instanceof RuntimeException bug) {
            throw bug;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new TokenException(TokenError.DEVICE_ERROR, null, fn + " could not be called", null, e);
    }

    // --- memory helpers ---

    private long readUlong(MemorySegment segment) {
        return abi.ulongSize == 8 ? segment.get(ValueLayout.JAVA_LONG, 0)
                : Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT, 0));
    }

    private long readUlong(MemorySegment array, int index) {
        return abi.ulongSize == 8 ? array.getAtIndex(ValueLayout.JAVA_LONG, index)
                : Integer.toUnsignedLong(array.getAtIndex(ValueLayout.JAVA_INT, index));
    }

    private MemorySegment ulong(Arena arena, long value) {
        MemorySegment segment = arena.allocate(abi.ulongSize, abi.ulongSize);
        CStruct.attribute(abi).setUlong(segment, 0, value);
        return segment;
    }

    private MemorySegment ulongs(Arena arena, long[] values) {
        return values == null ? MemorySegment.NULL
                : arena.allocate((long) Math.max(1, values.length) * abi.ulongSize, abi.ulongSize);
    }

    private void copyUlongs(MemorySegment from, long[] to, long count) {
        for (int i = 0; i < Math.min(to.length, count); i++) {
            to[i] = readUlong(from, i);
        }
    }

    /** Bytes in native memory, or NULL for null; the caller clears secrets with {@link #clear}. */
    private static MemorySegment bytes(Arena arena, byte[] value) {
        if (value == null) {
            return MemorySegment.NULL;
        }
        MemorySegment segment = arena.allocate(Math.max(1, value.length));
        MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, 0, value.length);
        return segment;
    }

    private static void clear(MemorySegment segment) {
        if (!segment.equals(MemorySegment.NULL)) {
            segment.fill((byte) 0);
        }
    }

    private static byte[] field(CStruct layout, MemorySegment struct, String name, int length) {
        return layout.getBytes(struct, name, length);
    }

    // --- library ---

    @Override
    public long initialize() throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.initializeArgs(abi);
            MemorySegment args = arena.allocate(layout.size(), 8);
            layout.setUlong(args, "flags", Ck.CKF_OS_LOCKING_OK);
            return (long) handle(Fn.C_Initialize).invokeExact(args);
        } catch (Throwable e) {
            throw failed(Fn.C_Initialize, e);
        }
    }

    @Override
    public long finalizeLibrary() throws TokenException {
        try {
            return (long) handle(Fn.C_Finalize).invokeExact(MemorySegment.NULL);
        } catch (Throwable e) {
            throw failed(Fn.C_Finalize, e);
        }
    }

    @Override
    public long getInfo(Ref<CkInfo> info) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.info(abi);
            MemorySegment struct = arena.allocate(layout.size(), 8);
            long rv = (long) handle(Fn.C_GetInfo).invokeExact(struct);
            info.value = new CkInfo(field(layout, struct, "cryptokiVersion", 2),
                    field(layout, struct, "manufacturerID", 32), layout.getUlong(struct, "flags"),
                    field(layout, struct, "libraryDescription", 32), field(layout, struct, "libraryVersion", 2));
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_GetInfo, e);
        }
    }

    @Override
    public long getSlotList(boolean tokenPresent, long[] slots, Ulong count) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = ulong(arena, slots == null ? 0 : slots.length);
            MemorySegment list = ulongs(arena, slots);
            long rv = (long) handle(Fn.C_GetSlotList).invokeExact((byte) (tokenPresent ? 1 : 0), list, n);
            count.value = readUlong(n);
            if (rv == Ckr.CKR_OK && slots != null) {
                copyUlongs(list, slots, count.value);
            }
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_GetSlotList, e);
        }
    }

    @Override
    public long getTokenInfo(long slot, Ref<CkTokenInfo> info) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.tokenInfo(abi);
            MemorySegment s = arena.allocate(layout.size(), 8);
            long rv = (long) handle(Fn.C_GetTokenInfo).invokeExact(slot, s);
            info.value = new CkTokenInfo(field(layout, s, "label", 32), field(layout, s, "manufacturerID", 32),
                    field(layout, s, "model", 16), field(layout, s, "serialNumber", 16), layout.getUlong(s, "flags"),
                    layout.getUlong(s, "ulMaxPinLen"), layout.getUlong(s, "ulMinPinLen"),
                    field(layout, s, "hardwareVersion", 2), field(layout, s, "firmwareVersion", 2));
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_GetTokenInfo, e);
        }
    }

    // --- sessions and PINs ---

    @Override
    public long initPin(long session, byte[] pin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = bytes(arena, pin);
            try {
                return (long) handle(Fn.C_InitPIN).invokeExact(session, bytes, (long) pin.length);
            } finally {
                clear(bytes);
            }
        } catch (Throwable e) {
            throw failed(Fn.C_InitPIN, e);
        }
    }

    @Override
    public long setPin(long session, byte[] oldPin, byte[] newPin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment oldBytes = bytes(arena, oldPin);
            MemorySegment newBytes = bytes(arena, newPin);
            try {
                return (long) handle(Fn.C_SetPIN).invokeExact(session, oldBytes, (long) oldPin.length, newBytes,
                        (long) newPin.length);
            } finally {
                clear(oldBytes);
                clear(newBytes);
            }
        } catch (Throwable e) {
            throw failed(Fn.C_SetPIN, e);
        }
    }

    @Override
    public long openSession(long slot, long flags, Ulong session) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ulong(arena, 0);
            long rv = (long) handle(Fn.C_OpenSession).invokeExact(slot, flags, MemorySegment.NULL,
                    MemorySegment.NULL, out);
            session.value = readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_OpenSession, e);
        }
    }

    @Override
    public long closeSession(long session) throws TokenException {
        try {
            return (long) handle(Fn.C_CloseSession).invokeExact(session);
        } catch (Throwable e) {
            throw failed(Fn.C_CloseSession, e);
        }
    }

    @Override
    public long login(long session, long userType, byte[] pin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = bytes(arena, pin);
            try {
                return (long) handle(Fn.C_Login).invokeExact(session, userType, bytes, (long) pin.length);
            } finally {
                clear(bytes);
            }
        } catch (Throwable e) {
            throw failed(Fn.C_Login, e);
        }
    }

    @Override
    public long logout(long session) throws TokenException {
        try {
            return (long) handle(Fn.C_Logout).invokeExact(session);
        } catch (Throwable e) {
            throw failed(Fn.C_Logout, e);
        }
    }

    // --- objects ---

    @Override
    public long createObject(long session, Template template, Ulong object) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ulong(arena, 0);
            long rv = (long) handle(Fn.C_CreateObject).invokeExact(session, template.write(arena, abi),
                    (long) template.size(), out);
            object.value = readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_CreateObject, e);
        }
    }

    @Override
    public long destroyObject(long session, long object) throws TokenException {
        try {
            return (long) handle(Fn.C_DestroyObject).invokeExact(session, object);
        } catch (Throwable e) {
            throw failed(Fn.C_DestroyObject, e);
        }
    }

    @Override
    public long getAttributeValue(long session, long object, Attribute[] template) throws TokenException {
        CStruct layout = CStruct.attribute(abi);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate((long) layout.size() * Math.max(1, template.length), 8);
            MemorySegment[] values = new MemorySegment[template.length];
            for (int i = 0; i < template.length; i++) {
                MemorySegment entry = array.asSlice((long) i * layout.size(), layout.size());
                byte[] value = template[i].value;
                values[i] = value == null || value.length == 0 ? MemorySegment.NULL : arena.allocate(value.length);
                layout.setUlong(entry, "type", template[i].type);
                layout.setPointer(entry, "pValue", values[i]);
                layout.setUlong(entry, "ulValueLen", value == null ? 0 : value.length);
            }
            long rv = (long) handle(Fn.C_GetAttributeValue).invokeExact(session, object, array,
                    (long) template.length);
            long unavailable = abi.ulongSize == 8 ? UNAVAILABLE : 0xFFFFFFFFL;
            for (int i = 0; i < template.length; i++) {
                long length = layout.getUlong(array.asSlice((long) i * layout.size(), layout.size()), "ulValueLen");
                template[i].length = length == unavailable ? UNAVAILABLE : length;
                byte[] value = template[i].value;
                if (value != null && length != unavailable && length <= value.length && length > 0) {
                    MemorySegment.copy(values[i], ValueLayout.JAVA_BYTE, 0, value, 0, (int) length);
                }
            }
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_GetAttributeValue, e);
        }
    }

    @Override
    public long setAttributeValue(long session, long object, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return (long) handle(Fn.C_SetAttributeValue).invokeExact(session, object, template.write(arena, abi),
                    (long) template.size());
        } catch (Throwable e) {
            throw failed(Fn.C_SetAttributeValue, e);
        }
    }

    @Override
    public long findObjectsInit(long session, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return (long) handle(Fn.C_FindObjectsInit).invokeExact(session, template.write(arena, abi),
                    (long) template.size());
        } catch (Throwable e) {
            throw failed(Fn.C_FindObjectsInit, e);
        }
    }

    @Override
    public long findObjects(long session, long[] objects, Ulong count) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handlesOut = ulongs(arena, objects);
            MemorySegment n = ulong(arena, 0);
            long rv = (long) handle(Fn.C_FindObjects).invokeExact(session, handlesOut, (long) objects.length, n);
            count.value = readUlong(n);
            if (rv == Ckr.CKR_OK) {
                copyUlongs(handlesOut, objects, count.value);
            }
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_FindObjects, e);
        }
    }

    @Override
    public long findObjectsFinal(long session) throws TokenException {
        try {
            return (long) handle(Fn.C_FindObjectsFinal).invokeExact(session);
        } catch (Throwable e) {
            throw failed(Fn.C_FindObjectsFinal, e);
        }
    }

    // --- keys and signatures ---

    @Override
    public long signInit(long session, long mechanism, long key) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return (long) handle(Fn.C_SignInit).invokeExact(session, mechanism(arena, mechanism), key);
        } catch (Throwable e) {
            throw failed(Fn.C_SignInit, e);
        }
    }

    @Override
    public long sign(long session, byte[] data, byte[] signature, Ulong length) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = bytes(arena, data);
            MemorySegment output = signature == null ? MemorySegment.NULL : arena.allocate(Math.max(1, signature.length));
            MemorySegment n = ulong(arena, signature == null ? 0 : signature.length);
            long rv = (long) handle(Fn.C_Sign).invokeExact(session, input, (long) data.length, output, n);
            length.value = readUlong(n);
            if (rv == Ckr.CKR_OK && signature != null) {
                MemorySegment.copy(output, ValueLayout.JAVA_BYTE, 0, signature, 0,
                        (int) Math.min(signature.length, length.value));
            }
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_Sign, e);
        }
    }

    @Override
    public long generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey,
                                Ulong publicHandle, Ulong privateHandle) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment publicOut = ulong(arena, 0);
            MemorySegment privateOut = ulong(arena, 0);
            long rv = (long) handle(Fn.C_GenerateKeyPair).invokeExact(session, mechanism(arena, mechanism),
                    publicKey.write(arena, abi), (long) publicKey.size(), privateKey.write(arena, abi),
                    (long) privateKey.size(), publicOut, privateOut);
            publicHandle.value = readUlong(publicOut);
            privateHandle.value = readUlong(privateOut);
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_GenerateKeyPair, e);
        }
    }

    @Override
    public long waitForSlotEvent(long flags, Ulong slot) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ulong(arena, 0);
            long rv = (long) handle(Fn.C_WaitForSlotEvent).invokeExact(flags, out, MemorySegment.NULL);
            slot.value = readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw failed(Fn.C_WaitForSlotEvent, e);
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

    @Override
    public String where() {
        return "in-process";
    }

    @Override
    public void close() {
        // the library stays loaded for the life of the process
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
