package ukey.token.skf;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Cipher;
import ukey.cert.gm.Sm2EnvelopedKey;

import ukey.token.Backend;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenObject;
import ukey.token.TokenSession;

/**
 * A session with the user PIN verified on the key's main application, over a connection of its own: every handle
 * dies when the key is pulled (TOKEN_REMOVED from then on, also after re-insertion). Identity ids name containers
 * of the main application. Closing clears the verified state (SKF_ClearSecureState) and disconnects.
 */
final class SkfSession implements TokenSession {

    /** SGD_SM2_1: SM2 signing keys (SKF_GenECCKeyPair). */
    private static final int SGD_SM2_1 = 0x00020200;
    /** BLOCKCIPHERPARAM with no IV, no padding, no feedback: ECB over whole blocks. */
    private static final byte[] ECB_NO_PADDING = new byte[44];

    private final SkfToken token;
    private final SkfLibrary library;
    private final SkfConnection connection;
    private final String application;
    private final long applicationHandle;
    private volatile boolean closed;

    SkfSession(SkfToken token, SkfConnection connection, String application, long applicationHandle) {
        this.token = token;
        this.library = token.provider().skf();
        this.connection = connection;
        this.application = application;
        this.applicationHandle = applicationHandle;
    }

    @Override
    public List<Identity> identities() throws TokenException {
        return run(api -> SkfContainers.list(api, library, connection));
    }

    @Override
    public Identity createIdentity(String name, KeySpec spec) throws TokenException {
        if (spec != KeySpec.SM2) {
            throw new TokenException(TokenError.NOT_SUPPORTED, "SKF keys are made here as SM2 only, not " + spec);
        }
        return run(api -> {
            SkfApi.Ref handle = new SkfApi.Ref();
            Sar.check("SKF_CreateContainer", api.createContainer(applicationHandle, library.encode(name), handle));
            try {
                byte[] blob = new byte[SkfBlobs.PUBLIC_KEY_BLOB_BYTES];
                Sar.check("SKF_GenECCKeyPair", api.genEccKeyPair(handle.value, SGD_SM2_1, blob));
                SkfBlobs.publicKeyInfo(blob); // a blob that is no SM2 point fails here, and the container goes
            } catch (GmFormatException e) {
                SkfConnection.quietly(() -> api.closeContainer(handle.value));
                SkfConnection.quietly(() -> api.deleteContainer(applicationHandle, library.encode(name)));
                throw new TokenException(TokenError.DEVICE_ERROR, null, "SKF_GenECCKeyPair: " + e.getMessage(),
                        null, e);
            } catch (TokenException | RuntimeException e) {
                SkfConnection.quietly(() -> api.closeContainer(handle.value));
                SkfConnection.quietly(() -> api.deleteContainer(applicationHandle, library.encode(name)));
                throw e;
            }
            SkfConnection.quietly(() -> api.closeContainer(handle.value));
            return new Identity(SkfContainers.id(application, name), name, Backend.SKF, Optional.of(name),
                    Optional.of(KeyHalf.of(KeyHalf.Usage.SIGN, null, true)), Optional.empty(), "SM2");
        });
    }

    @Override
    public SubjectPublicKeyInfo publicKey(String identityId, KeyHalf.Usage usage) throws TokenException {
        return withContainer(identityId, (api, container) -> SkfKeys.publicKey(api, container, usage));
    }

    @Override
    public ContentSigner signer(String identityId) throws TokenException {
        SubjectPublicKeyInfo key = withContainer(identityId, SkfKeys::verificationKey);
        if (Sm2.isSm2(key)) {
            return new VerifyingSm2Signer(key, digest -> withContainer(identityId, (api, container) -> {
                byte[] blob = new byte[SkfBlobs.SIGNATURE_BLOB_BYTES];
                Sar.check("SKF_ECCSignData", api.eccSignData(container, digest, blob));
                return blob;
            }));
        }
        return new SkfRsaSigner(key, digestInfo -> withContainer(identityId, (api, container) -> {
            byte[] signature = new byte[1024];
            SkfApi.Ref length = new SkfApi.Ref(signature.length);
            Sar.check("SKF_RSASignData", api.rsaSignData(container, digestInfo, signature, length));
            return Arrays.copyOf(signature, (int) Math.min(length.value, signature.length));
        }));
    }

    @Override
    public void writeCertificate(String identityId, KeyHalf.Usage usage, X509CertificateHolder certificate)
            throws TokenException {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (IOException e) {
            throw new TokenException(TokenError.OTHER, null, "certificate does not encode", null, e);
        }
        withContainer(identityId, (api, container) -> {
            Sar.check("SKF_ImportCertificate", api.importCertificate(container, usage == KeyHalf.Usage.SIGN, der));
            return null;
        });
    }

    @Override
    public void importEncryptionKeyPair(String identityId, byte[] envelopedKeyBlob) throws TokenException {
        byte[] blob;
        try {
            blob = SkfEnvelopes.relayout(envelopedKeyBlob, library.options().envelope());
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.NOT_SUPPORTED, null, "enveloped key: " + e.getMessage(), null, e);
        }
        importEnvelope(identityId, blob);
    }

    @Override
    public void importEncryptionKeyPair(String identityId, Sm2EnvelopedKey envelope) throws TokenException {
        byte[] blob;
        try {
            blob = SkfBlobs.envelopedKeyBlob(envelope, library.options().envelope());
        } catch (GmFormatException e) {
            throw new TokenException(TokenError.NOT_SUPPORTED, null, "enveloped key: " + e.getMessage(), null, e);
        }
        importEnvelope(identityId, blob);
    }

    private void importEnvelope(String identityId, byte[] blob) throws TokenException {
        try {
            withContainer(identityId, (api, container) -> {
                Sar.check("SKF_ImportECCKeyPair", api.importEccKeyPair(container, blob));
                return null;
            });
        } finally {
            Arrays.fill(blob, (byte) 0);
        }
    }

    @Override
    public byte[] encryptWithWrappedKey(String identityId, byte[] wrappedKey, byte[] block) throws TokenException {
        byte[] cipherBlob;
        try {
            cipherBlob = SkfBlobs.cipherBlob(Sm2Cipher.fromC1C3C2(wrappedKey));
        } catch (GmFormatException e) {
            throw new TokenException(TokenError.OTHER, null, e.getMessage(), null, e);
        }
        return withContainer(identityId, (api, container) -> {
            SkfApi.Ref key = new SkfApi.Ref();
            Sar.check("SKF_ImportSessionKey", api.importSessionKey(container, SkfBlobs.SGD_SM4_ECB, cipherBlob, key));
            try {
                Sar.check("SKF_EncryptInit", api.encryptInit(key.value, ECB_NO_PADDING));
                byte[] out = new byte[block.length + 32];
                SkfApi.Ref length = new SkfApi.Ref(out.length);
                Sar.check("SKF_Encrypt", api.encrypt(key.value, block, out, length));
                return Arrays.copyOf(out, (int) Math.min(length.value, out.length));
            } finally {
                SkfConnection.quietly(() -> api.closeHandle(key.value));
            }
        });
    }

    @Override
    public void deleteIdentity(String identityId) throws TokenException {
        String container = containerName(identityId);
        run(api -> {
            Sar.check("SKF_DeleteContainer", api.deleteContainer(applicationHandle, library.encode(container)));
            return null;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            library.run(api -> {
                SkfConnection.quietly(() -> api.clearSecureState(applicationHandle));
                connection.close(api);
                return null;
            });
        } catch (TokenException | RuntimeException ignored) {
            // the library is closing: its handles go with it
        }
    }

    // ---- helpers ----

    private <T> T run(SkfLibrary.Work<T> work) throws TokenException {
        if (closed) {
            throw new TokenException(TokenError.LOGIN_REQUIRED, "session closed");
        }
        return library.run(work);
    }

    private interface ContainerWork<T> {
        T run(SkfApi api, long container) throws TokenException;
    }

    private <T> T withContainer(String identityId, ContainerWork<T> work) throws TokenException {
        String name = containerName(identityId);
        return run(api -> {
            long container = SkfContainers.open(api, library, applicationHandle, name);
            try {
                return work.run(api, container);
            } finally {
                SkfConnection.quietly(() -> api.closeContainer(container));
            }
        });
    }

    private String containerName(String identityId) throws TokenException {
        String prefix = application + "/";
        if (!identityId.startsWith(prefix) || identityId.length() == prefix.length()) {
            throw new TokenException(TokenError.OBJECT_NOT_FOUND,
                    "not a container of application " + application + ": " + identityId);
        }
        return identityId.substring(prefix.length());
    }
}
