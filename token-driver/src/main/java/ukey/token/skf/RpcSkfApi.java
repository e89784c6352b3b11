package ukey.token.skf;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;

import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.host.Answer;
import ukey.token.host.LibraryHost;
import ukey.token.host.Op;
import ukey.token.host.Request;

/**
 * {@link SkfApi} served by a helper process ({@link LibraryHost}): each method is one request in the frames of
 * {@code ukey-host/schema.txt}. Handles are the host's ids with the host's generation in their upper 32 bits: a
 * handle of a host that crashed fails as SAR_INVALIDHANDLEERR (the key looks removed: connect and log in again)
 * instead of reaching whatever the new host gave the same id. Nothing is replayed into a new host.
 */
public final class RpcSkfApi implements SkfApi {

    private static final int SAR_INVALIDHANDLEERR = 0x0A000005;

    private final LibraryHost host;
    private Set<String> exports;

    public RpcSkfApi(LibraryHost host) {
        this.host = host;
    }

    public LibraryHost host() {
        return host;
    }

    @Override
    public String library() {
        return host.library().toString();
    }

    @Override
    public synchronized boolean has(String function) {
        if (exports == null) {
            try {
                Answer a = host.call(new Request(Op.EXPORTS));
                String names = new String(a.bytes(), StandardCharsets.UTF_8);
                a.done();
                exports = Set.of(names.split("\0"));
            } catch (TokenException e) {
                return false; // the next call says what is wrong
            }
        }
        return exports.contains(function.equals("SKF_GetContianerType") ? "SKF_GetContainerType" : function);
    }

    // ---- the frame helpers ----




    private static int sar(Answer a) throws TokenException {
        return (int) (long) a.ulong();
    }

    /** An answer that is only the return value. */
    private static int only(Answer a) throws TokenException {
        int rv = sar(a);
        a.done();
        return rv;
    }

    /** A handle's id for this host generation, or -1 when the handle belongs to an older host. */
    private static long id(long handle, int generation) {
        return (int) (handle >>> 32) == generation ? handle & 0xFFFFFFFFL : -1;
    }

    private long opened(long id, int generation) {
        return ((long) generation << 32) | (id & 0xFFFFFFFFL);
    }

    /** A call on a handle: only in its host's generation. */
    private Answer on(long handle, Op op, Function<Request, Request> fields)
            throws TokenException {
        int generation = host.start();
        long id = id(handle, generation);
        if (id < 0) {
            return null;
        }
        return host.call(fields.apply(new Request(op).u(id)), generation);
    }

    /** The two-call pattern's answer: rv, the size, the bytes written. */
    private static int sized(Answer a, byte[] buffer, Ref length) throws TokenException {
        if (a == null) {
            return SAR_INVALIDHANDLEERR;
        }
        int rv = sar(a);
        length.value = a.ulong();
        byte[] written = a.bytes();
        a.done();
        if (buffer != null) {
            System.arraycopy(written, 0, buffer, 0, Math.min(written.length, buffer.length));
        }
        return rv;
    }

    private static Integer capacity(byte[] buffer, Ref length) {
        return buffer == null ? null : (int) Math.min(buffer.length, length.value);
    }

    /** A call on a parent handle that opens a new one (application, container, session key). */
    private int opening(long parent, Op op, Function<Request, Request> fields, Ref out)
            throws TokenException {
        int generation = host.start();
        return handleOut(on(parent, op, fields), generation, out);
    }

    /** An answer of rv and a new handle. */
    private int handleOut(Answer a, int generation, Ref out) throws TokenException {
        if (a == null) {
            return SAR_INVALIDHANDLEERR;
        }
        int rv = sar(a);
        long id = a.ulong();
        a.done();
        out.value = opened(id, generation);
        return rv;
    }

    /** An answer of rv and a fixed-size structure. */
    private static int fixed(Answer a, byte[] out) throws TokenException {
        if (a == null) {
            return SAR_INVALIDHANDLEERR;
        }
        int rv = sar(a);
        byte[] bytes = a.bytes();
        a.done();
        System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, out.length));
        return rv;
    }

    private static int rvOf(Answer a) throws TokenException {
        return a == null ? SAR_INVALIDHANDLEERR : only(a);
    }

    private int retries(Answer a, Ref retriesLeft) throws TokenException {
        if (a == null) {
            return SAR_INVALIDHANDLEERR;
        }
        int rv = sar(a);
        retriesLeft.value = a.ulong();
        a.done();
        return rv;
    }

    // ---- devices ----

    @Override
    public int enumDev(boolean present, byte[] nameList, Ref size) throws TokenException {
        return sized(host.call(new Request(Op.SKF_EnumDev).b(present).o(capacity(nameList, size))), nameList, size);
    }

    @Override
    public int connectDev(byte[] name, Ref device) throws TokenException {
        int generation = host.start();
        return handleOut(host.call(new Request(Op.SKF_ConnectDev).s(name), generation), generation, device);
    }

    @Override
    public int disconnectDev(long device) throws TokenException {
        return rvOf(on(device, Op.SKF_DisConnectDev, r -> r));
    }

    @Override
    public int getDevInfo(long device, byte[] devInfo) throws TokenException {
        return fixed(on(device, Op.SKF_GetDevInfo, r -> r.u(devInfo.length)), devInfo);
    }

    @Override
    public int setLabel(long device, byte[] label) throws TokenException {
        return rvOf(on(device, Op.SKF_SetLabel, r -> r.s(label)));
    }

    // ---- access control ----

    @Override
    public int getPinInfo(long application, int pinType, Ref maxRetries, Ref retriesLeft, Ref defaultPin)
            throws TokenException {
        Answer a = on(application, Op.SKF_GetPINInfo, r -> r.u(pinType));
        if (a == null) {
            return SAR_INVALIDHANDLEERR;
        }
        int rv = sar(a);
        maxRetries.value = a.ulong();
        retriesLeft.value = a.ulong();
        defaultPin.value = a.ulong();
        a.done();
        return rv;
    }

    @Override
    public int verifyPin(long application, int pinType, byte[] pin, Ref retriesLeft) throws TokenException {
        return retries(on(application, Op.SKF_VerifyPIN, r -> r.u(pinType).k(pin)), retriesLeft);
    }

    @Override
    public int changePin(long application, int pinType, byte[] oldPin, byte[] newPin, Ref retriesLeft)
            throws TokenException {
        return retries(on(application, Op.SKF_ChangePIN, r -> r.u(pinType).k(oldPin).k(newPin)), retriesLeft);
    }

    @Override
    public int unblockPin(long application, byte[] adminPin, byte[] newUserPin, Ref retriesLeft)
            throws TokenException {
        return retries(on(application, Op.SKF_UnblockPIN, r -> r.k(adminPin).k(newUserPin)), retriesLeft);
    }

    @Override
    public int clearSecureState(long application) throws TokenException {
        return rvOf(on(application, Op.SKF_ClearSecureState, r -> r));
    }

    // ---- applications ----

    @Override
    public int enumApplication(long device, byte[] nameList, Ref size) throws TokenException {
        return sized(on(device, Op.SKF_EnumApplication, r -> r.o(capacity(nameList, size))), nameList, size);
    }

    @Override
    public int openApplication(long device, byte[] name, Ref application) throws TokenException {
        return opening(device, Op.SKF_OpenApplication, r -> r.s(name), application);
    }

    @Override
    public int closeApplication(long application) throws TokenException {
        return rvOf(on(application, Op.SKF_CloseApplication, r -> r));
    }

    // ---- containers ----

    @Override
    public int enumContainer(long application, byte[] nameList, Ref size) throws TokenException {
        return sized(on(application, Op.SKF_EnumContainer, r -> r.o(capacity(nameList, size))), nameList, size);
    }

    @Override
    public int createContainer(long application, byte[] name, Ref container) throws TokenException {
        return opening(application, Op.SKF_CreateContainer, r -> r.s(name), container);
    }

    @Override
    public int deleteContainer(long application, byte[] name) throws TokenException {
        return rvOf(on(application, Op.SKF_DeleteContainer, r -> r.s(name)));
    }

    @Override
    public int openContainer(long application, byte[] name, Ref container) throws TokenException {
        return opening(application, Op.SKF_OpenContainer, r -> r.s(name), container);
    }

    @Override
    public int closeContainer(long container) throws TokenException {
        return rvOf(on(container, Op.SKF_CloseContainer, r -> r));
    }

    @Override
    public int getContainerType(long container, Ref type) throws TokenException {
        return retries(on(container, Op.SKF_GetContainerType, r -> r), type);
    }

    @Override
    public int importCertificate(long container, boolean signing, byte[] der) throws TokenException {
        return rvOf(on(container, Op.SKF_ImportCertificate, r -> r.b(signing).s(der)));
    }

    @Override
    public int exportCertificate(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return sized(on(container, Op.SKF_ExportCertificate, r -> r.b(signing).o(capacity(buffer, length))), buffer,
                length);
    }

    // ---- keys ----

    @Override
    public int exportPublicKey(long container, boolean signing, byte[] buffer, Ref length) throws TokenException {
        return sized(on(container, Op.SKF_ExportPublicKey, r -> r.b(signing).o(capacity(buffer, length))), buffer,
                length);
    }

    @Override
    public int genEccKeyPair(long container, int algorithm, byte[] publicKeyBlob) throws TokenException {
        return fixed(on(container, Op.SKF_GenECCKeyPair, r -> r.u(algorithm).u(publicKeyBlob.length)), publicKeyBlob);
    }

    @Override
    public int importEccKeyPair(long container, byte[] envelopedKeyBlob) throws TokenException {
        return rvOf(on(container, Op.SKF_ImportECCKeyPair, r -> r.k(envelopedKeyBlob)));
    }

    @Override
    public int eccSignData(long container, byte[] digest, byte[] signatureBlob) throws TokenException {
        return fixed(on(container, Op.SKF_ECCSignData, r -> r.s(digest).u(signatureBlob.length)), signatureBlob);
    }

    @Override
    public int rsaSignData(long container, byte[] data, byte[] signature, Ref length) throws TokenException {
        return sized(on(container, Op.SKF_RSASignData, r -> r.s(data).o(capacity(signature, length))), signature,
                length);
    }

    @Override
    public int importSessionKey(long container, int algorithm, byte[] wrapped, Ref key) throws TokenException {
        return opening(container, Op.SKF_ImportSessionKey, r -> r.u(algorithm).s(wrapped), key);
    }

    @Override
    public int encryptInit(long key, byte[] blockCipherParam) throws TokenException {
        return rvOf(on(key, Op.SKF_EncryptInit, r -> r.s(blockCipherParam)));
    }

    @Override
    public int encrypt(long key, byte[] data, byte[] buffer, Ref length) throws TokenException {
        return sized(on(key, Op.SKF_Encrypt, r -> r.s(data).o(capacity(buffer, length))), buffer, length);
    }

    @Override
    public int closeHandle(long handle) throws TokenException {
        return rvOf(on(handle, Op.SKF_CloseHandle, r -> r));
    }

    /**
     * SKF_WaitForDevEvent, as an event: blocks (no deadline) until a device is inserted (1) or removed (2), while
     * other calls go on. Returns the event; the device's name goes into {@code name}.
     */
    public int waitForDevEvent(byte[] name, Ref length, Ref event) throws TokenException {
        Answer a = host.call(new Request(Op.SKF_WaitForDevEvent).o(name.length));
        int rv = sar(a);
        length.value = a.ulong();
        byte[] written = a.bytes();
        event.value = a.ulong();
        a.done();
        System.arraycopy(written, 0, name, 0, Math.min(written.length, name.length));
        return rv;
    }

    public int cancelWaitForDevEvent() throws TokenException {
        return only(host.call(new Request(Op.SKF_CancelWaitForDevEvent)));
    }

    @Override
    public void close() {
        host.close();
    }
}
