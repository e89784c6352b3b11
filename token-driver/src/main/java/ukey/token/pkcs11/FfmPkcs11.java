package ukey.token.pkcs11;

import static ukey.token.pkcs11.FfmBinding.p;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import ukey.token.TokenException;
import ukey.token.pkcs11.FfmBinding.Fn;

/**
 * {@link Pkcs11Calls} in this process, through the library's CK_FUNCTION_LIST with Java's FFM API
 * ({@link FfmBinding}: each function read from the list on its first call; on x86-64 all through one downcall shape).
 */
final class FfmPkcs11 implements Pkcs11Calls {

    private final Path path;
    private final FfmBinding ffm;

    private FfmPkcs11(Path path, FfmBinding ffm) {
        this.path = path;
        this.ffm = ffm;
    }

    /** Loads the library and reads its function list. Does not initialise it. */
    static FfmPkcs11 load(Path path) throws TokenException {
        return new FfmPkcs11(path, FfmBinding.load(path));
    }

    // --- library ---

    @Override
    public long initialize() throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.initializeArgs(ffm.abi);
            MemorySegment args = arena.allocate(layout.size(), 8);
            layout.setUlong(args, "flags", Ck.CKF_OS_LOCKING_OK);
            return ffm.function(Fn.C_Initialize).call(p(args));
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_Initialize, e);
        }
    }

    @Override
    public long finalizeLibrary() throws TokenException {
        try {
            return ffm.function(Fn.C_Finalize).call(0);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_Finalize, e);
        }
    }

    @Override
    public long getInfo(Ref<CkInfo> info) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.info(ffm.abi);
            MemorySegment struct = arena.allocate(layout.size(), 8);
            long rv = ffm.function(Fn.C_GetInfo).call(p(struct));
            info.value = new CkInfo(FfmBinding.field(layout, struct, "cryptokiVersion", 2),
                    FfmBinding.field(layout, struct, "manufacturerID", 32), layout.getUlong(struct, "flags"),
                    FfmBinding.field(layout, struct, "libraryDescription", 32), FfmBinding.field(layout, struct, "libraryVersion", 2));
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_GetInfo, e);
        }
    }

    @Override
    public long getSlotList(boolean tokenPresent, long[] slots, Ulong count) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = ffm.ulong(arena, slots == null ? 0 : slots.length);
            MemorySegment list = ffm.ulongs(arena, slots);
            long rv = ffm.function(Fn.C_GetSlotList).call(tokenPresent ? 1 : 0, p(list), p(n));
            count.value = ffm.readUlong(n);
            if (rv == Ckr.CKR_OK && slots != null) {
                ffm.copyUlongs(list, slots, count.value);
            }
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_GetSlotList, e);
        }
    }

    @Override
    public long getTokenInfo(long slot, Ref<CkTokenInfo> info) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            CStruct layout = CStruct.tokenInfo(ffm.abi);
            MemorySegment s = arena.allocate(layout.size(), 8);
            long rv = ffm.function(Fn.C_GetTokenInfo).call(slot, p(s));
            info.value = new CkTokenInfo(FfmBinding.field(layout, s, "label", 32), FfmBinding.field(layout, s, "manufacturerID", 32),
                    FfmBinding.field(layout, s, "model", 16), FfmBinding.field(layout, s, "serialNumber", 16), layout.getUlong(s, "flags"),
                    layout.getUlong(s, "ulMaxPinLen"), layout.getUlong(s, "ulMinPinLen"),
                    FfmBinding.field(layout, s, "hardwareVersion", 2), FfmBinding.field(layout, s, "firmwareVersion", 2));
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_GetTokenInfo, e);
        }
    }

    // --- sessions and PINs ---

    @Override
    public long initPin(long session, byte[] pin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = FfmBinding.bytes(arena, pin);
            try {
                return ffm.function(Fn.C_InitPIN).call(session, p(bytes), pin.length);
            } finally {
                FfmBinding.clear(bytes);
            }
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_InitPIN, e);
        }
    }

    @Override
    public long setPin(long session, byte[] oldPin, byte[] newPin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment oldBytes = FfmBinding.bytes(arena, oldPin);
            MemorySegment newBytes = FfmBinding.bytes(arena, newPin);
            try {
                return ffm.function(Fn.C_SetPIN).call(session, p(oldBytes), oldPin.length, p(newBytes),
                        newPin.length);
            } finally {
                FfmBinding.clear(oldBytes);
                FfmBinding.clear(newBytes);
            }
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_SetPIN, e);
        }
    }

    @Override
    public long openSession(long slot, long flags, Ulong session) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ffm.ulong(arena, 0);
            long rv = ffm.function(Fn.C_OpenSession).call(slot, flags, 0, 0, p(out));
            session.value = ffm.readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_OpenSession, e);
        }
    }

    @Override
    public long closeSession(long session) throws TokenException {
        try {
            return ffm.function(Fn.C_CloseSession).call(session);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_CloseSession, e);
        }
    }

    @Override
    public long login(long session, long userType, byte[] pin) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = FfmBinding.bytes(arena, pin);
            try {
                return ffm.function(Fn.C_Login).call(session, userType, p(bytes), pin.length);
            } finally {
                FfmBinding.clear(bytes);
            }
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_Login, e);
        }
    }

    @Override
    public long logout(long session) throws TokenException {
        try {
            return ffm.function(Fn.C_Logout).call(session);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_Logout, e);
        }
    }

    // --- objects ---

    @Override
    public long createObject(long session, Template template, Ulong object) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ffm.ulong(arena, 0);
            long rv = ffm.function(Fn.C_CreateObject).call(session, p(template.write(arena, ffm.abi)),
                    template.size(), p(out));
            object.value = ffm.readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_CreateObject, e);
        }
    }

    @Override
    public long destroyObject(long session, long object) throws TokenException {
        try {
            return ffm.function(Fn.C_DestroyObject).call(session, object);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_DestroyObject, e);
        }
    }

    @Override
    public long getAttributeValue(long session, long object, Attribute[] template) throws TokenException {
        CStruct layout = CStruct.attribute(ffm.abi);
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
            long rv = ffm.function(Fn.C_GetAttributeValue).call(session, object, p(array),
                    template.length);
            long unavailable = ffm.abi.ulongSize == 8 ? UNAVAILABLE : 0xFFFFFFFFL;
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
            throw FfmBinding.failed(Fn.C_GetAttributeValue, e);
        }
    }

    @Override
    public long setAttributeValue(long session, long object, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return ffm.function(Fn.C_SetAttributeValue).call(session, object,
                    p(template.write(arena, ffm.abi)), template.size());
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_SetAttributeValue, e);
        }
    }

    @Override
    public long findObjectsInit(long session, Template template) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return ffm.function(Fn.C_FindObjectsInit).call(session, p(template.write(arena, ffm.abi)),
                    template.size());
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_FindObjectsInit, e);
        }
    }

    @Override
    public long findObjects(long session, long[] objects, Ulong count) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handlesOut = ffm.ulongs(arena, objects);
            MemorySegment n = ffm.ulong(arena, 0);
            long rv = ffm.function(Fn.C_FindObjects).call(session, p(handlesOut), objects.length, p(n));
            count.value = ffm.readUlong(n);
            if (rv == Ckr.CKR_OK) {
                ffm.copyUlongs(handlesOut, objects, count.value);
            }
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_FindObjects, e);
        }
    }

    @Override
    public long findObjectsFinal(long session) throws TokenException {
        try {
            return ffm.function(Fn.C_FindObjectsFinal).call(session);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_FindObjectsFinal, e);
        }
    }

    // --- keys and signatures ---

    @Override
    public long signInit(long session, long mechanism, long key) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            return ffm.function(Fn.C_SignInit).call(session, p(ffm.mechanism(arena, mechanism)), key);
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_SignInit, e);
        }
    }

    @Override
    public long sign(long session, byte[] data, byte[] signature, Ulong length) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = FfmBinding.bytes(arena, data);
            MemorySegment output = signature == null ? MemorySegment.NULL : arena.allocate(Math.max(1, signature.length));
            MemorySegment n = ffm.ulong(arena, signature == null ? 0 : signature.length);
            long rv = ffm.function(Fn.C_Sign).call(session, p(input), data.length, p(output), p(n));
            length.value = ffm.readUlong(n);
            if (rv == Ckr.CKR_OK && signature != null) {
                MemorySegment.copy(output, ValueLayout.JAVA_BYTE, 0, signature, 0,
                        (int) Math.min(signature.length, length.value));
            }
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_Sign, e);
        }
    }

    @Override
    public long generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey,
                                Ulong publicHandle, Ulong privateHandle) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment publicOut = ffm.ulong(arena, 0);
            MemorySegment privateOut = ffm.ulong(arena, 0);
            long rv = ffm.function(Fn.C_GenerateKeyPair).call(session, p(ffm.mechanism(arena, mechanism)),
                    p(publicKey.write(arena, ffm.abi)), publicKey.size(), p(privateKey.write(arena, ffm.abi)),
                    privateKey.size(), p(publicOut), p(privateOut));
            publicHandle.value = ffm.readUlong(publicOut);
            privateHandle.value = ffm.readUlong(privateOut);
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_GenerateKeyPair, e);
        }
    }

    @Override
    public long waitForSlotEvent(long flags, Ulong slot) throws TokenException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = ffm.ulong(arena, 0);
            long rv = ffm.function(Fn.C_WaitForSlotEvent).call(flags, p(out), 0);
            slot.value = ffm.readUlong(out);
            return rv;
        } catch (Throwable e) {
            throw FfmBinding.failed(Fn.C_WaitForSlotEvent, e);
        }
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
