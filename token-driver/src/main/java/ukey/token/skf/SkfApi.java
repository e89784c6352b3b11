package ukey.token.skf;

import ukey.token.TokenException;

/**
 * The raw SKF calls of one vendor library, one method per C function of GM/T 0016-2012 that the client uses,
 * with Java types: byte arrays for strings (already in the library's charset, without the NUL), structures
 * (as their bytes in the C layout) and buffers; {@code long} for handles (opaque: an address in-process, a
 * host's id over a pipe); {@link Ref} for every out-parameter. Each method returns the SAR code the library
 * answered and never interprets it: the two-call size pattern, error mapping and retries live above, in
 * {@link SkfLibrary}, so an implementation that forwards the calls to a helper process behaves alike.
 *
 * <p>Buffers follow the C convention: a null {@code buffer} passes NULL (the size query); otherwise the caller sets
 * {@code length.value} to the bytes the buffer offers, and the implementation copies back what the library wrote.
 * A method throws {@link TokenException} only when it cannot call the library at all (NOT_SUPPORTED for an export
 * the library lacks, DEVICE_ERROR when the call itself failed).
 *
 * <p>Implementations need not be thread-safe: {@link SkfLibrary} makes every call on one thread.
 */
public interface SkfApi extends AutoCloseable {

    /** An out-parameter: a ULONG, BOOL or handle that the library writes. */
    final class Ref {
        public long value;

        public Ref() {
        }

        public Ref(long value) {
            this.value = value;
        }
    }

    /** The library's path, or a name for logs. */
    String library();

    /** True when the library exports this function (by its standard name; the misspelled GetContianerType counts). */
    boolean has(String function);

    // ---- devices ----

    int enumDev(boolean present, byte[] nameList, Ref size) throws TokenException;

    int connectDev(byte[] name, Ref device) throws TokenException;

    int disconnectDev(long device) throws TokenException;

    /** SKF_GetDevInfo into a buffer at least as large as any DEVINFO (packed 294, natural 296 bytes). */
    int getDevInfo(long device, byte[] devInfo) throws TokenException;

    int setLabel(long device, byte[] label) throws TokenException;

    // ---- access control ----

    int getPinInfo(long application, int pinType, Ref maxRetries, Ref retriesLeft, Ref defaultPin)
            throws TokenException;

    int verifyPin(long application, int pinType, byte[] pin, Ref retriesLeft) throws TokenException;

    int changePin(long application, int pinType, byte[] oldPin, byte[] newPin, Ref retriesLeft)
            throws TokenException;

    int unblockPin(long application, byte[] adminPin, byte[] newUserPin, Ref retriesLeft) throws TokenException;

    int clearSecureState(long application) throws TokenException;

    // ---- applications ----

    int enumApplication(long device, byte[] nameList, Ref size) throws TokenException;

    int openApplication(long device, byte[] name, Ref application) throws TokenException;

    int closeApplication(long application) throws TokenException;

    // ---- containers ----

    int enumContainer(long application, byte[] nameList, Ref size) throws TokenException;

    int createContainer(long application, byte[] name, Ref container) throws TokenException;

    int deleteContainer(long application, byte[] name) throws TokenException;

    int openContainer(long application, byte[] name, Ref container) throws TokenException;

    int closeContainer(long container) throws TokenException;

    /** SKF_GetContainerType, or the misspelled SKF_GetContianerType some vendors export: 0 empty, 1 RSA, 2 ECC. */
    int getContainerType(long container, Ref type) throws TokenException;

    int importCertificate(long container, boolean signing, byte[] der) throws TokenException;

    int exportCertificate(long container, boolean signing, byte[] buffer, Ref length) throws TokenException;

    // ---- keys ----

    /** SKF_ExportPublicKey: an ECCPUBLICKEYBLOB (132 bytes) or RSAPUBLICKEYBLOB, by the container's type. */
    int exportPublicKey(long container, boolean signing, byte[] buffer, Ref length) throws TokenException;

    /** SKF_GenECCKeyPair into the 132-byte ECCPUBLICKEYBLOB {@code publicKeyBlob}. */
    int genEccKeyPair(long container, int algorithm, byte[] publicKeyBlob) throws TokenException;

    /** SKF_ImportECCKeyPair of an ENVELOPEDKEYBLOB. */
    int importEccKeyPair(long container, byte[] envelopedKeyBlob) throws TokenException;

    /** SKF_ECCSignData over a digest, into the 128-byte ECCSIGNATUREBLOB {@code signatureBlob}. */
    int eccSignData(long container, byte[] digest, byte[] signatureBlob) throws TokenException;

    int rsaSignData(long container, byte[] data, byte[] signature, Ref length) throws TokenException;

    /** SKF_ImportSessionKey of wrapped data (an ECCCIPHERBLOB for SM2 containers). */
    int importSessionKey(long container, int algorithm, byte[] wrapped, Ref key) throws TokenException;

    /** SKF_EncryptInit with a BLOCKCIPHERPARAM (44 bytes) passed by value, as the standard declares it. */
    int encryptInit(long key, byte[] blockCipherParam) throws TokenException;

    int encrypt(long key, byte[] data, byte[] buffer, Ref length) throws TokenException;

    int closeHandle(long handle) throws TokenException;

    /** Lets the library go (in-process: nothing; vendor libraries rarely survive unloading). */
    @Override
    void close();
}
