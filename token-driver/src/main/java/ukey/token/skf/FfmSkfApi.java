package ukey.token.skf;

import static ukey.token.skf.Native.bool;
import static ukey.token.skf.Native.buffer;
import static ukey.token.skf.Native.bytes;
import static ukey.token.skf.Native.copyBack;
import static ukey.token.skf.Native.handleOut;
import static ukey.token.skf.Native.p;
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
import ukey.token.ffm.NativeFunction;

/**
 * {@link SkfApi} by FFM downcalls into a vendor library loaded in this process (64-bit only: ULONG and BOOL are
 * 32-bit, handles pointer-sized, no {@code __stdcall}). Exports are looked up one by one and bound lazily: the
 * first call of a function makes its downcall handle, and a library without an optional export still loads.
 * Calls go through {@link NativeFunction}: on x86-64 one downcall shape for all, pointers passed as addresses.
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
        int call(NativeFunction function, Arena arena) throws Throwable;
    }

    /**
     * One call with a confined arena for its arguments, open until the call has returned (pointers go to C as
     * addresses); native PIN copies are cleared by {@link #secret}.
     */
    private int call(String function, Downcall downcall) throws TokenException {
        NativeFunction bound = exports.function(function);
        try (Arena arena = Arena.ofConfined()) {
            return downcall.call(bound, arena);
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
        int call(NativeFunction function, Arena arena, MemorySegment buffer, MemorySegment size) throws Throwable;
    }

    // ---- devices ----

    @Override
    public int enumDev(boolean present, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumDev", nameList, size, (h, a, b, s) -> (int) h.call(bool(present), p(b), p(s)));
    }

    @Override
    public int connectDev(byte[] name, Ref device) throws TokenException {
        return call("SKF_ConnectDev", (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.call(p(text(arena, name)), p(out));
            device.value = readHandle(out);
            return rv;
        });
    }

    @Override
    public int disconnectDev(long device) throws TokenException {
        return call("SKF_DisConnectDev", (h, arena) -> (int) h.call(device));
    }

    @Override
    public int getDevInfo(long device, byte[] devInfo) throws TokenException {
        return call("SKF_GetDevInfo", (h, arena) -> {
            MemorySegment out = arena.allocate(devInfo.length, 8);
            int rv = (int) h.call(device, p(out));
            copyBack(out, devInfo, devInfo.length);
            return rv;
        });
    }

    @Override
    public int setLabel(long device, byte[] label) throws TokenException {
        return call("SKF_SetLabel", (h, arena) -> (int) h.call(device, p(text(arena, label))));
    }

    // ---- access control ----

    @Override
    public int getPinInfo(long application, int pinType, Ref maxRetries, Ref retriesLeft, Ref defaultPin)
            throws TokenException {
        return call("SKF_GetPINInfo", (h, arena) -> {
            MemorySegment max = ulong(arena, 0);
            MemorySegment left = ulong(arena, 0);
            MemorySegment isDefault = ulong(arena, 0);
            int rv = (int) h.call(application, pinType, p(max), p(left), p(isDefault));
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
                    () -> (int) h.call(application, pinType, p(pinText), p(left)));
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
                    () -> (int) h.call(application, pinType, p(oldText), p(newText), p(left)));
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
                    () -> (int) h.call(application, p(adminText), p(newText), p(left)));
            retriesLeft.value = readUlong(left);
            return rv;
        });
    }

    @Override
    public int clearSecureState(long application) throws TokenException {
        return call("SKF_ClearSecureState", (h, arena) -> (int) h.call(application));
    }

    // ---- applications ----

    @Override
    public int enumApplication(long device, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumApplication", nameList, size,
                (h, a, b, s) -> (int) h.call(device, p(b), p(s)));
    }

    @Override
    public int openApplication(long device, byte[] name, Ref application) throws TokenException {
        return openCall("SKF_OpenApplication", device, name, application);
    }

    @Override
    public int closeApplication(long application) throws TokenException {
        return call("SKF_CloseApplication", (h, arena) -> (int) h.call(application));
    }

    private int openCall(String function, long parent, byte[] name, Ref opened) throws TokenException {
        return call(function, (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.call(parent, p(text(arena, name)), p(out));
            opened.value = readHandle(out);
            return rv;
        });
    }

    // ---- containers ----

    @Override
    public int enumContainer(long application, byte[] nameList, Ref size) throws TokenException {
        return listCall("SKF_EnumContainer", nameList, size,
                (h, a, b, s) -> (int) h.call(application, p(b), p(s)));
    }

    @Override
    public int createContainer(long application, byte[] name, Ref container) throws TokenException {
        return openCall("SKF_CreateContainer", application, name, container);
    }

    @Override
    public int deleteContainer(long application, byte[] name) throws TokenException {
        return call("SKF_DeleteContainer", (h, arena) -> (int) h.call(application, p(text(arena, name))));
    }

    @Override
    public int openContainer(long application, byte[] name, Ref container) throws TokenException {
        return openCall("SKF_OpenContainer", application, name, container);
    }

    @Override
    public int closeContainer(long container) throws TokenException {
        return call("SKF_CloseContainer", (h, arena) -> (int) h.call(container));
    }

    @Override
    public int getContainerType(long container, Ref type) throws TokenException {
        return call("SKF_GetContainerType", (h, arena) -> {
            MemorySegment out = ulong(arena, 0);
            int rv = (int) h.call(container, p(out));
            type.value = readUlong(out);
            return rv;
        });
    }

    @Override
    public int importCertificate(long container, boolean signing, byte[] der) throws TokenException {
        return call("SKF_ImportCertificate", (h, arena) ->
                (int) h.call(container, bool(signing), p(bytes(arena, der)), der.length));
    }

    @Override
    public int exportCertificate(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_ExportCertificate", buffer, length,
                (h, a, b, s) -> (int) h.call(container, bool(signing), p(b), p(s)));
    }

    // ---- keys ----

    @Override
    public int exportPublicKey(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_ExportPublicKey", buffer, length,
                (h, a, b, s) -> (int) h.call(container, bool(signing), p(b), p(s)));
    }

    @Override
    public int genEccKeyPair(long container, int algorithm, byte[] publicKeyBlob) throws TokenException {
        return call("SKF_GenECCKeyPair", (h, arena) -> {
            MemorySegment out = arena.allocate(publicKeyBlob.length, 4);
            int rv = (int) h.call(container, algorithm, p(out));
            copyBack(out, publicKeyBlob, publicKeyBlob.length);
            return rv;
        });
    }

    @Override
    public int importEccKeyPair(long container, byte[] envelopedKeyBlob) throws TokenException {
        return call("SKF_ImportECCKeyPair", (h, arena) -> {
            MemorySegment blob = bytes(arena, envelopedKeyBlob);
            return secret(new MemorySegment[] {blob}, () -> (int) h.call(container, p(blob)));
        });
    }

    @Override
    public int eccSignData(long container, byte[] digest, byte[] signatureBlob) throws TokenException {
        return call("SKF_ECCSignData", (h, arena) -> {
            MemorySegment out = arena.allocate(signatureBlob.length, 4);
            int rv = (int) h.call(container, p(bytes(arena, digest)), digest.length, p(out));
            copyBack(out, signatureBlob, signatureBlob.length);
            return rv;
        });
    }

    @Override
    public int rsaSignData(long container, byte[] data, byte[] signature, Ref length) throws TokenException {
        return listCall("SKF_RSASignData", signature, length,
                (h, a, b, s) -> (int) h.call(container, p(bytes(a, data)), data.length, p(b), p(s)));
    }

    @Override
    public int importSessionKey(long container, int algorithm, byte[] wrapped, Ref key) throws TokenException {
        return call("SKF_ImportSessionKey", (h, arena) -> {
            MemorySegment out = handleOut(arena);
            int rv = (int) h.call(container, algorithm, p(bytes(arena, wrapped)), wrapped.length, p(out));
            key.value = readHandle(out);
            return rv;
        });
    }

    @Override
    public int encryptInit(long key, byte[] blockCipherParam) throws TokenException {
        // BLOCKCIPHERPARAM goes by value: not an integer-class argument, so this one keeps its exact downcall
        MethodHandle exact = exports.exactHandle("SKF_EncryptInit");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parameter = arena.allocate(FfmExports.BLOCK_CIPHER_PARAM);
            MemorySegment.copy(blockCipherParam, 0, parameter, ValueLayout.JAVA_BYTE, 0,
                    (int) Math.min(blockCipherParam.length, FfmExports.BLOCK_CIPHER_PARAM.byteSize()));
            return (int) exact.invokeExact(MemorySegment.ofAddress(key), parameter);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException(TokenError.DEVICE_ERROR, null, "SKF_EncryptInit could not be called", null, e);
        }
    }

    @Override
    public int encrypt(long key, byte[] data, byte[] buffer, Ref length) throws TokenException {
        return listCall("SKF_Encrypt", buffer, length,
                (h, a, b, s) -> (int) h.call(key, p(bytes(a, data)), data.length, p(b), p(s)));
    }

    @Override
    public int closeHandle(long handle) throws TokenException {
        return call("SKF_CloseHandle", (h, arena) -> (int) h.call(handle));
    }

    @Override
    public void close() {
        exports.clear();
    }
}
