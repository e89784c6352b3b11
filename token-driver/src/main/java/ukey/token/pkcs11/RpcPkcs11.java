package ukey.token.pkcs11;

import ukey.token.TokenException;
import ukey.token.host.Answer;
import ukey.token.host.LibraryHost;
import ukey.token.host.Op;
import ukey.token.host.Request;

/**
 * {@link Pkcs11Calls} served by a helper process ({@link LibraryHost}): each method becomes one request in the
 * frames of {@code ukey-host/schema.txt}. Session handles carry the host's generation in their upper 32 bits, so a
 * session of a host that crashed and was restarted fails as CKR_SESSION_HANDLE_INVALID (the key looks removed,
 * log in again) and never reaches the new host's session of the same number. After a restart the library is
 * initialised again before the next call; a login, and so a PIN, is never replayed.
 */
final class RpcPkcs11 implements Pkcs11Calls {

    private static final long CKR_SESSION_HANDLE_INVALID = 0xB3L;

    private final LibraryHost host;
    /** C_Initialize was asked for (and not finalized since); the generation of the host that ran it. */
    private boolean initialized;
    private int initializedIn;

    RpcPkcs11(LibraryHost host) {
        this.host = host;
    }

    LibraryHost host() {
        return host;
    }

    /** A running host, initialised if the caller initialised the library; returns its generation. */
    private synchronized int ready() throws TokenException {
        int generation = host.start();
        if (initialized && initializedIn != generation) {
            initializedIn = generation;
            rv(host.call(new Request(Op.C_Initialize), generation)); // a failure shows in the next call
        }
        return generation;
    }

    private Answer call(Request request) throws TokenException {
        return host.call(request, ready());
    }

    /** A call on a session: only in the generation the session was opened in. */
    private Answer inSession(long session, Request request) throws TokenException {
        int generation = ready();
        if ((int) (session >>> 32) != generation) {
            request.clear(); // never sent: its PIN, if any, goes now
            return null;
        }
        return host.call(request, generation);
    }

    private static long hostSession(long session) {
        return session & 0xFFFFFFFFL;
    }

    /** The first field, the CK_RV, of an answer with nothing else. */
    private static long rv(Answer answer) throws TokenException {
        if (answer == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = answer.ulong();
        answer.done();
        return rv;
    }





    private static Request template(Request request, Template template) {
        request.t(template.size());
        for (Template.Entry entry : template.entries()) {
            switch (entry.value()) {
                case Template.Bool b -> request.bool(entry.type(), b.value());
                case Template.Ulong u -> request.ulong(entry.type(), u.value());
                case Template.Bytes b -> request.bytes(entry.type(), b.value());
            }
        }
        return request;
    }

    // --- library ---

    @Override
    public long initialize() throws TokenException {
        int generation = host.start();
        long rv = rv(host.call(new Request(Op.C_Initialize), generation));
        synchronized (this) {
            initialized = true;
            initializedIn = generation;
        }
        return rv;
    }

    @Override
    public long finalizeLibrary() throws TokenException {
        synchronized (this) {
            initialized = false;
        }
        return rv(host.call(new Request(Op.C_Finalize)));
    }

    @Override
    public long getInfo(Ref<CkInfo> info) throws TokenException {
        Answer a = call(new Request(Op.C_GetInfo));
        long rv = a.ulong();
        info.value = new CkInfo(a.bytes(), a.bytes(), a.ulong(), a.bytes(), a.bytes());
        a.done();
        return rv;
    }

    @Override
    public long getSlotList(boolean tokenPresent, long[] slots, Ulong count) throws TokenException {
        Answer a = call(new Request(Op.C_GetSlotList).b(tokenPresent).o(slots == null ? null : slots.length));
        long rv = a.ulong();
        count.value = a.ulong();
        long[] values = a.ulongs();
        a.done();
        if (slots != null) {
            System.arraycopy(values, 0, slots, 0, Math.min(values.length, slots.length));
        }
        return rv;
    }

    @Override
    public long getTokenInfo(long slot, Ref<CkTokenInfo> info) throws TokenException {
        Answer a = call(new Request(Op.C_GetTokenInfo).u(slot));
        long rv = a.ulong();
        info.value = new CkTokenInfo(a.bytes(), a.bytes(), a.bytes(), a.bytes(), a.ulong(), a.ulong(), a.ulong(), a.bytes(),
                a.bytes());
        a.done();
        return rv;
    }

    // --- sessions and PINs ---

    @Override
    public long initPin(long session, byte[] pin) throws TokenException {
        return rv(inSession(session, new Request(Op.C_InitPIN).u(hostSession(session)).k(pin)));
    }

    @Override
    public long setPin(long session, byte[] oldPin, byte[] newPin) throws TokenException {
        return rv(inSession(session, new Request(Op.C_SetPIN).u(hostSession(session)).k(oldPin).k(newPin)));
    }

    @Override
    public long openSession(long slot, long flags, Ulong session) throws TokenException {
        int generation = ready();
        Answer a = host.call(new Request(Op.C_OpenSession).u(slot).u(flags), generation);
        long rv = a.ulong();
        long id = a.ulong();
        a.done();
        session.value = ((long) generation << 32) | (id & 0xFFFFFFFFL);
        return rv;
    }

    @Override
    public long closeSession(long session) throws TokenException {
        return rv(inSession(session, new Request(Op.C_CloseSession).u(hostSession(session))));
    }

    @Override
    public long login(long session, long userType, byte[] pin) throws TokenException {
        return rv(inSession(session, new Request(Op.C_Login).u(hostSession(session)).u(userType).k(pin)));
    }

    @Override
    public long logout(long session) throws TokenException {
        return rv(inSession(session, new Request(Op.C_Logout).u(hostSession(session))));
    }

    // --- objects ---

    @Override
    public long createObject(long session, Template template, Ulong object) throws TokenException {
        Answer a = inSession(session, template(new Request(Op.C_CreateObject).u(hostSession(session)), template));
        if (a == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = a.ulong();
        object.value = a.ulong();
        a.done();
        return rv;
    }

    @Override
    public long destroyObject(long session, long object) throws TokenException {
        return rv(inSession(session, new Request(Op.C_DestroyObject).u(hostSession(session)).u(object)));
    }

    @Override
    public long getAttributeValue(long session, long object, Attribute[] template) throws TokenException {
        Request request = new Request(Op.C_GetAttributeValue).u(hostSession(session)).u(object).q(template.length);
        for (Attribute attribute : template) {
            request.query(attribute.type, attribute.value == null ? null : attribute.value.length);
        }
        Answer a = inSession(session, request);
        if (a == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = a.ulong();
        Answer.Attribute[] values = a.attributes();
        a.done();
        for (int i = 0; i < Math.min(values.length, template.length); i++) {
            template[i].length = values[i].length();
            byte[] value = template[i].value;
            if (value != null && values[i].value().length <= value.length) {
                System.arraycopy(values[i].value(), 0, value, 0, values[i].value().length);
            }
        }
        return rv;
    }

    @Override
    public long setAttributeValue(long session, long object, Template template) throws TokenException {
        return rv(inSession(session,
                template(new Request(Op.C_SetAttributeValue).u(hostSession(session)).u(object), template)));
    }

    @Override
    public long findObjectsInit(long session, Template template) throws TokenException {
        return rv(inSession(session, template(new Request(Op.C_FindObjectsInit).u(hostSession(session)), template)));
    }

    @Override
    public long findObjects(long session, long[] objects, Ulong count) throws TokenException {
        Answer a = inSession(session, new Request(Op.C_FindObjects).u(hostSession(session)).u(objects.length));
        if (a == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = a.ulong();
        long[] found = a.ulongs();
        a.done();
        count.value = Math.min(found.length, objects.length);
        System.arraycopy(found, 0, objects, 0, (int) count.value);
        return rv;
    }

    @Override
    public long findObjectsFinal(long session) throws TokenException {
        return rv(inSession(session, new Request(Op.C_FindObjectsFinal).u(hostSession(session))));
    }

    // --- keys and signatures ---

    @Override
    public long signInit(long session, long mechanism, long key) throws TokenException {
        return rv(inSession(session, new Request(Op.C_SignInit).u(hostSession(session)).u(mechanism).u(key)));
    }

    @Override
    public long sign(long session, byte[] data, byte[] signature, Ulong length) throws TokenException {
        Answer a = inSession(session, new Request(Op.C_Sign).u(hostSession(session)).s(data)
                .o(signature == null ? null : signature.length));
        if (a == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = a.ulong();
        length.value = a.ulong();
        byte[] value = a.bytes();
        a.done();
        if (signature != null) {
            System.arraycopy(value, 0, signature, 0, Math.min(value.length, signature.length));
        }
        return rv;
    }

    @Override
    public long generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey,
                                Ulong publicHandle, Ulong privateHandle) throws TokenException {
        Request request = new Request(Op.C_GenerateKeyPair).u(hostSession(session)).u(mechanism);
        Answer a = inSession(session, template(template(request, publicKey), privateKey));
        if (a == null) {
            return CKR_SESSION_HANDLE_INVALID;
        }
        long rv = a.ulong();
        publicHandle.value = a.ulong();
        privateHandle.value = a.ulong();
        a.done();
        return rv;
    }

    @Override
    public long waitForSlotEvent(long flags, Ulong slot) throws TokenException {
        Answer a = call(new Request(Op.C_WaitForSlotEvent).u(flags));
        long rv = a.ulong();
        slot.value = a.ulong();
        a.done();
        return rv;
    }

    @Override
    public String where() {
        return host.name();
    }

    @Override
    public void close() {
        host.close();
    }
}
