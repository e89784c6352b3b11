package ukey.token.skf;

import static ukey.token.skf.Native.bool;
import static ukey.token.skf.Native.buffer;
import static ukey.token.skf.Native.bytes;
import static ukey.token.skf.Native.copyBack;
import static ukey.token.skf.Native.handle;
import static ukey.token.skf.Native.handleOut;
import static ukey.token.skf.Native.readHandle;
import static ukey.token.skf.Native.readUlong;
import static ukey.token.skf.Native.secret;
import static ukey.token.skf.Native.text;
import static ukey.token.skf.Native.ulong;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * {@link SkfApi} by FFM downcalls into a vendor library loaded in this process (64-bit only: ULONG and BOOL are
 * 32-bit, handles pointer-sized, no {@code __stdcall}). Exports are looked up one by one and bound lazily: the
 * first call of a function makes its downcall handle, and a library without an optional export still loads.
 * Calls go through {@code invokeExact} with exact types, never {@code invokeWithArguments}.
 */
public final class FfmSkfApi implements SkfApi {

    private final Path path;
    private final FfmExports exports;

    private FfmSkfApi(Path path, FfmExports exports) {
        this.path = path;
        this.exports = exports;
    }

    /** Loads the library; it stays loaded for the life of the process (vendor libraries rarely survive dlclose). */
    public static FfmSkfApi load(Path library) throws TokenException {
        try {
            return new FfmSkfApi(library, new FfmExports(library, SymbolLookup.libraryLookup(library, Arena.global())));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null,
                    "cannot load " + library + ": " + e.getMessage(), null, e);
        }
    }

    @Override
    public String library() {
        return path.toString();
    }

    @Override
    public boolean has(String function) {
        return exports.has(function);
    }

    private interface Downcall {
        int call(MethodHandle handle, Arena arena) throws Throwable;
    }

    /** One call with a confined arena for its arguments; native PIN copies are cleared by {@link #secret}. */
    private int call(String function, Downcall downcall) throws TokenException {
        MethodHandle handle = exports.handle(function);
        try (Arena arena = Arena.ofConfined()) {
            return downcall.call(handle, arena);
        } catch (TokenException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.DEVICE_ERROR, null, function + " could not be called", null, e);
        }
    }

    /** The two-call pattern's single call: a buffer (or NULL) and its length in/out. */
    private int listCall(String function, byte[] buffer, Ref length, ListDowncall downcall) throws TokenException {
        return call(function, (h, arena) -> {
            MemorySegment out = buffer(arena, buffer);
            MemorySegment size = ulong(arena, buffer == null ? 0 : length.value);
            int rv = downcall.call(h, arena, out, size);
            length.value = readUlong(size);
            if (rv == Sar.OK) {
                copyBack(out, buffer, length.value);
            }
            return rv;
        });
    }

    private interface ListDowncall {
        int call(MethodHandle handle, Arena arena, MemorySegment buffer, MemorySegment size) throws Throwable;
    }

    // ---- devices ----

    @Override
    public int enumDev(boolean present, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumDev", nameList, size, (h, a, b, s) -> (int) h.invokeExact(bool(present), b, s));
    }

    @Override
    public int connectDev(byte[] name, Ref device) throws TokenException {
        return call("SKF_ConnectDev", (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.invokeExact(text(arena, name), out);
            device.value = readHandle(out);
            return rv;
        });
    }

    @Override
    public int disconnectDev(long device) throws TokenException {
        return call("SKF_DisConnectDev", (h, arena) -> (int) h.invokeExact(handle(device)));
    }

    @Override
    public int getDevInfo(long device, byte[] devInfo) throws TokenException {
        return call("SKF_GetDevInfo", (h, arena) -> {
            MemorySegment out = arena.allocate(devInfo.length, 8);
            int rv = (int) h.invokeExact(handle(device), out);
            copyBack(out, devInfo, devInfo.length);
            return rv;
        });
    }

    @Override
    public int setLabel(long device, byte[] label) throws TokenException {
        return call("SKF_SetLabel", (h, arena) -> (int) h.invokeExact(handle(device), text(arena, label)));
    }

    // ---- access control ----

    @Override
    public int getPinInfo(long application, int pinType, Ref maxRetries, Ref retriesLeft, Ref defaultPin)
            throws TokenException {
        return call("SKF_GetPINInfo", (h, arena) -> {
            MemorySegment max = ulong(arena, 0);
            MemorySegment left = ulong(arena, 0);
            MemorySegment isDefault = ulong(arena, 0);
            int rv = (int) h.invokeExact(handle(application), pinType, max, left, isDefault);
            maxRetries.value = readUlong(max);
            retriesLeft.value = readUlong(left);
            defaultPin.value = readUlong(isDefault);
            return rv;
        });
    }

    @Override
    public int verifyPin(long application, int pinType, byte[] pin, Ref retriesLeft) throws TokenException {
        return call("SKF_VerifyPIN", (h, arena) -> {
            MemorySegment pinText = text(arena, pin);
            MemorySegment left = ulong(arena, 0);
            int rv = secret(new MemorySegment[] {pinText},
                    () -> (int) h.invokeExact(handle(application), pinType, pinText, left));
            retriesLeft.value = readUlong(left);
            return rv;
        });
    }

    @Override
    public int changePin(long application, int pinType, byte[] oldPin, byte[] newPin, Ref retriesLeft)
            throws TokenException {
        return call("SKF_ChangePIN", (h, arena) -> {
            MemorySegment oldText = text(arena, oldPin);
            MemorySegment newText = text(arena, newPin);
            MemorySegment left = ulong(arena, 0);
            int rv = secret(new MemorySegment[] {oldText, newText},
                    () -> (int) h.invokeExact(handle(application), pinType, oldText, newText, left));
            retriesLeft.value = readUlong(left);
            return rv;
        });
    }

    @Override
    public int unblockPin(long application, byte[] adminPin, byte[] newUserPin, Ref retriesLeft)
            throws TokenException {
        return call("SKF_UnblockPIN", (h, arena) -> {
            MemorySegment adminText = text(arena, adminPin);
            MemorySegment newText = text(arena, newUserPin);
            MemorySegment left = ulong(arena, 0);
            int rv = secret(new MemorySegment[] {adminText, newText},
                    () -> (int) h.invokeExact(handle(application), adminText, newText, left));
            retriesLeft.value = readUlong(left);
            return rv;
        });
    }

    @Override
    public int clearSecureState(long application) throws TokenException {
        return call("SKF_ClearSecureState", (h, arena) -> (int) h.invokeExact(handle(application)));
    }

    // ---- applications ----

    @Override
    public int enumApplication(long device, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumApplication", nameList, size,
                (h, a, b, s) -> (int) h.invokeExact(handle(device), b, s));
    }

    @Override
    public int openApplication(long device, byte[] name, Ref application) throws TokenException {
        return openCall("SKF_OpenApplication", device, name, application);
    }

    @Override
    public int closeApplication(long application) throws TokenException {
        return call("SKF_CloseApplication", (h, arena) -> (int) h.invokeExact(handle(application)));
    }

    private int openCall(String function, long parent, byte[] name, Ref opened) throws TokenException {
        return call(function, (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.invokeExact(handle(parent), text(arena, name), out);
            opened.value = readHandle(out);
            return rv;
        });
    }

    // ---- containers ----

    @Override
    public int enumContainer(long application, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumContainer", nameList, size,
                (h, a, b, s) -> (int) h.invokeExact(handle(application), b, s));
    }

    @Override
    public int createContainer(long application, byte[] name, Ref container) throws TokenException {
        return openCall("SKF_CreateContainer", application, name, container);
    }

    @Override
    public int deleteContainer(long application, byte[] name) throws TokenException {
        return call("SKF_DeleteContainer", (h, arena) -> (int) h.invokeExact(handle(application), text(arena, name)));
    }

    @Override
    public int openContainer(long application, byte[] name, Ref container) throws TokenException {
        return openCall("SKF_OpenContainer", application, name, container);
    }

    @Override
    public int closeContainer(long container) throws TokenException {
        return call("SKF_CloseContainer", (h, arena) -> (int) h.invokeExact(handle(container)));
    }

    @Override
    public int getContainerType(long container, Ref type) throws TokenException {
        return call("SKF_GetContainerType", (h, arena) -> {
            MemorySegment out = ulong(arena, 0);
            int rv = (int) h.invokeExact(handle(container), out);
            type.value = readUlong(out);
            return rv;
        });
    }

    @Override
    public int importCertificate(long container, boolean signing, byte[] der) throws TokenException {
        return call("SKF_ImportCertificate", (h, arena) ->
                (int) h.invokeExact(handle(container), bool(signing), bytes(arena, der), der.length));
    }

    @Override
    public int exportCertificate(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_ExportCertificate", buffer, length,
                (h, a, b, s) -> (int) h.invokeExact(handle(container), bool(signing), b, s));
    }

    // ---- keys ----

    @Override
    public int exportPublicKey(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_ExportPublicKey", buffer, length,
                (h, a, b, s) -> (int) h.invokeExact(handle(container), bool(signing), b, s));
    }

    @Override
    public int genEccKeyPair(long container, int algorithm, byte[] publicKeyBlob) throws TokenException {
        return call("SKF_GenECCKeyPair", (h, arena) -> {
            MemorySegment out = arena.allocate(publicKeyBlob.length, 4);
            int rv = (int) h.invokeExact(handle(container), algorithm, out);
            copyBack(out, publicKeyBlob, publicKeyBlob.length);
            return rv;
        });
    }

    @Override
    public int importEccKeyPair(long container, byte[] envelopedKeyBlob) throws TokenException {
        return call("SKF_ImportECCKeyPair", (h, arena) -> {
            MemorySegment blob = bytes(arena, envelopedKeyBlob);
            return secret(new MemorySegment[] {blob}, () -> (int) h.invokeExact(handle(container), blob));
        });
    }

    @Override
    public int eccSignData(long container, byte[] digest, byte[] signatureBlob) throws TokenException {
        return call("SKF_ECCSignData", (h, arena) -> {
            MemorySegment out = arena.allocate(signatureBlob.length, 4);
            int rv = (int) h.invokeExact(handle(container), bytes(arena, digest), digest.length, out);
            copyBack(out, signatureBlob, signatureBlob.length);
            return rv;
        });
    }

    @Override
    public int rsaSignData(long container, byte[] data, byte[] signature, Ref length) throws TokenException {
        return listCall("SKF_RSASignData", signature, length,
                (h, a, b, s) -> (int) h.invokeExact(handle(container), bytes(a, data), data.length, b, s));
    }

    @Override
    public int importSessionKey(long container, int algorithm, byte[] wrapped, Ref key) throws TokenException {
        return call("SKF_ImportSessionKey", (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.invokeExact(handle(container), algorithm, bytes(arena, wrapped), wrapped.length, out);
            key.value = readHandle(out);
            return rv;
        });
    }

    @Override
    public int encryptInit(long key, byte[] blockCipherParam) throws TokenException {
        return call("SKF_EncryptInit", (h, arena) -> {
            MemorySegment parameter = arena.allocate(FfmExports.BLOCK_CIPHER_PARAM);
            MemorySegment.copy(blockCipherParam, 0, parameter, ValueLayout.JAVA_BYTE, 0,
                    (int) Math.min(blockCipherParam.length, FfmExports.BLOCK_CIPHER_PARAM.byteSize()));
            return (int) h.invokeExact(handle(key), parameter);
        });
    }

    @Override
    public int encrypt(long key, byte[] data, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_Encrypt", buffer, length,
                (h, a, b, s) -> (int) h.invokeExact(handle(key), bytes(a, data), data.length, b, s));
    }

    @Override
    public int closeHandle(long handle) throws TokenException {
        return call("SKF_CloseHandle", (h, arena) -> (int) h.invokeExact(handle(handle)));
    }

    @Override
    public void close() {
        exports.clear();
    }
}
