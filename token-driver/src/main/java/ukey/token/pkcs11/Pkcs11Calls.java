package ukey.token.pkcs11;

import ukey.token.TokenException;

/**
 * The PKCS#11 functions this client calls, one method per C function and with C's meaning: each returns the
 * CK_RV and fills its output parameters as the C function fills them, nothing more. Two implementations: FFM
 * downcalls in this process ({@link FfmPkcs11}) and calls to a helper process that loads the library
 * ({@link RpcPkcs11}). The two-call helpers, error mapping and retries sit above, in {@link Pkcs11}, so both
 * behave alike.
 *
 * <p>Conventions: a CK_ULONG is a Java long, unsigned (a 32-bit library's values zero-extended), and
 * CK_UNAVAILABLE_INFORMATION is -1 whatever the library's CK_ULONG width; an output buffer is an array whose
 * length is the capacity, or null to ask for the size; PINs arrive as bytes the caller clears afterwards.
 * C_Initialize always asks for the operating system's locking and passes no callbacks. A method throws only
 * when the call could not be made at all (the helper process died, hung, or the library is disabled).
 */
interface Pkcs11Calls extends AutoCloseable {

    /** A CK_ULONG output parameter. */
    final class Ulong {
        long value;

        Ulong() {
        }

        Ulong(long value) {
            this.value = value;
        }
    }

    /** An output parameter of a struct type, decoded. */
    final class Ref<T> {
        T value;
    }

    /** A CK_ATTRIBUTE of C_GetAttributeValue: value null asks for the length, else its length is the capacity. */
    final class Attribute {
        final long type;
        byte[] value;
        long length;

        Attribute(long type) {
            this.type = type;
        }
    }

    /** CK_INFO, its fields as the library wrote them. */
    record CkInfo(byte[] cryptokiVersion, byte[] manufacturerId, long flags, byte[] libraryDescription,
                  byte[] libraryVersion) {
    }

    /** CK_TOKEN_INFO, its fields as the library wrote them (the counters this client does not read left out). */
    record CkTokenInfo(byte[] label, byte[] manufacturerId, byte[] model, byte[] serialNumber, long flags,
                       long maxPinLen, long minPinLen, byte[] hardwareVersion, byte[] firmwareVersion) {
    }

    /** CK_UNAVAILABLE_INFORMATION as every implementation reports it. */
    long UNAVAILABLE = -1L;

    /** C_Initialize with CKF_OS_LOCKING_OK and no mutex functions. */
    long initialize() throws TokenException;

    long finalizeLibrary() throws TokenException;

    long getInfo(Ref<CkInfo> info) throws TokenException;

    long getSlotList(boolean tokenPresent, long[] slots, Ulong count) throws TokenException;

    long getTokenInfo(long slot, Ref<CkTokenInfo> info) throws TokenException;

    long initPin(long session, byte[] pin) throws TokenException;

    long setPin(long session, byte[] oldPin, byte[] newPin) throws TokenException;

    /** C_OpenSession without a notification callback. */
    long openSession(long slot, long flags, Ulong session) throws TokenException;

    long closeSession(long session) throws TokenException;

    long login(long session, long userType, byte[] pin) throws TokenException;

    long logout(long session) throws TokenException;

    long createObject(long session, Template template, Ulong object) throws TokenException;

    long destroyObject(long session, long object) throws TokenException;

    long getAttributeValue(long session, long object, Attribute[] template) throws TokenException;

    long setAttributeValue(long session, long object, Template template) throws TokenException;

    long findObjectsInit(long session, Template template) throws TokenException;

    long findObjects(long session, long[] objects, Ulong count) throws TokenException;

    long findObjectsFinal(long session) throws TokenException;

    /** C_SignInit with a mechanism that takes no parameter. */
    long signInit(long session, long mechanism, long key) throws TokenException;

    long sign(long session, byte[] data, byte[] signature, Ulong length) throws TokenException;

    /** C_GenerateKeyPair with a mechanism that takes no parameter. */
    long generateKeyPair(long session, long mechanism, Template publicKey, Template privateKey, Ulong publicHandle,
                         Ulong privateHandle) throws TokenException;

    /** C_WaitForSlotEvent: blocks unless flags has CKF_DONT_BLOCK; never under a deadline. */
    long waitForSlotEvent(long flags, Ulong slot) throws TokenException;

    /** Where the library runs, for logs: "in-process" or the helper process. */
    String where();

    /** Lets the library go: nothing for an in-process library (it stays loaded), the end of a helper process. */
    @Override
    void close();
}
