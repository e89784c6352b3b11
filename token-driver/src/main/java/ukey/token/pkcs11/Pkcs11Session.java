package ukey.token.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import ukey.token.Backend;
import ukey.token.Identities;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenObject;

/**
 * A logged-in read/write session. Keys made here never leave the token. Every token call goes through
 * {@link #guard}; what a key pair is asked for, how key attributes decode and how a private key proves whose it is
 * live in {@link KeyPairTemplates}, {@link KeyAttributes} and {@link PrivateKeyIdentity}.
 */
final class Pkcs11Session implements ObjectSession {

    private final Pkcs11Token token;
    private final Pkcs11 p11;
    private final long session;
    private boolean closed;

    Pkcs11Session(Pkcs11Token token, long session) {
        this.token = token;
        this.p11 = token.provider().p11();
        this.session = session;
    }

    // --- identities: one per certificate, named by the hex CKA_ID (see Identities.fromPkcs11) ---

    @Override
    public List<Identity> identities() throws TokenException {
        return Identities.fromPkcs11(certificates());
    }

    @Override
    public Identity createIdentity(String name, KeySpec spec) throws TokenException {
        GeneratedKey key = generateKeyPair(spec, null, name);
        KeyHalf signing = KeyHalf.of(KeyHalf.Usage.SIGN, null, true);
        return new Identity(HexFormat.of().formatHex(key.id()), name, Backend.PKCS11, Optional.empty(),
                Optional.of(signing), Optional.empty(), spec.algorithm());
    }

    @Override
    public SubjectPublicKeyInfo publicKey(String identityId, KeyHalf.Usage usage) throws TokenException {
        return publicKey(ckaId(identityId));
    }

    @Override
    public ContentSigner signer(String identityId) throws TokenException {
        return signer(ckaId(identityId));
    }

    @Override
    public void writeCertificate(String identityId, KeyHalf.Usage usage, X509CertificateHolder certificate)
            throws TokenException {
        byte[] id = ckaId(identityId);
        String label = objects().stream().filter(o -> o.kind() == ObjectKind.PRIVATE_KEY
                && Arrays.equals(o.id(), id)).map(TokenObject::label).findFirst().orElse("");
        writeCertificate(id, label, certificate);
    }

    @Override
    public void deleteIdentity(String identityId) throws TokenException {
        byte[] id = ckaId(identityId);
        for (ObjectKind kind : List.of(ObjectKind.CERTIFICATE, ObjectKind.PUBLIC_KEY, ObjectKind.PRIVATE_KEY)) {
            destroy(kind, id);
        }
    }

    private static byte[] ckaId(String identityId) throws TokenException {
        try {
            return HexFormat.of().parseHex(identityId);
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.OBJECT_NOT_FOUND, "not an identity of this token: " + identityId);
        }
    }

    // --- CKA_IDs ---

    @Override
    public GeneratedKey generateKeyPair(KeySpec spec, KeyUse use, byte[] id, String label) throws TokenException {
        if (spec == KeySpec.SM2) {
            throw new TokenException(TokenError.NOT_SUPPORTED, "PKCS#11 has no standard SM2 mechanism");
        }
        // Without an ID, a temporary one is replaced by the key's SHA-1 once the public key is known.
        byte[] keyId = id != null ? id.clone() : temporaryId();
        KeyPairTemplates pair = KeyPairTemplates.of(spec, use, keyId, label);
        long[] handles = guard(() -> p11.generateKeyPair(session, pair.mechanism(), pair.publicKey(),
                pair.privateKey()));
        SubjectPublicKeyInfo spki = publicKeyOf(handles[0]);
        if (id == null) {
            keyId = ObjectSession.conventionalId(spki);
            Template newId = new Template().bytes(Ck.CKA_ID, keyId);
            for (long handle : handles) {
                setAttributes(handle, newId);
            }
        }
        return new GeneratedKey(keyId, label, spec, spki);
    }

    @Override
    public SubjectPublicKeyInfo publicKey(byte[] id) throws TokenException {
        long[] keys = find(Ck.CKO_PUBLIC_KEY, id);
        if (keys.length > 0) {
            return publicKeyOf(keys[0]);
        }
        long[] certificates = find(Ck.CKO_CERTIFICATE, id);
        if (certificates.length > 0) {
            byte[] value = attributes(certificates[0], Ck.CKA_VALUE).get(Ck.CKA_VALUE);
            try {
                return new X509CertificateHolder(value).getSubjectPublicKeyInfo();
            } catch (IOException | RuntimeException e) {
                throw new TokenException(TokenError.OBJECT_NOT_FOUND, null,
                        "the certificate with this ID does not parse", null, e);
            }
        }
        throw notFound("public key", id);
    }

    @Override
    public ContentSigner signer(byte[] id) throws TokenException {
        long[] keys = find(Ck.CKO_PRIVATE_KEY, id);
        if (keys.length == 0) {
            throw notFound("private key", id);
        }
        return signer(keys[0]);
    }

    @Override
    public ContentSigner signer(KeyObject key) throws TokenException {
        if (key.kind() != ObjectKind.PRIVATE_KEY) {
            throw new IllegalArgumentException("only a private key signs");
        }
        return signer(key.handle());
    }

    private ContentSigner signer(long handle) throws TokenException {
        long keyType = KeyAttributes.keyType(attributes(handle, Ck.CKA_KEY_TYPE));
        if (keyType != Ck.CKK_RSA && keyType != Ck.CKK_EC) {
            throw new TokenException(TokenError.NOT_SUPPORTED, null, "key type " + keyType + " cannot sign here",
                    null, null);
        }
        long mechanism = keyType == Ck.CKK_RSA ? Ck.CKM_RSA_PKCS : Ck.CKM_ECDSA;
        return new TokenSigner(keyType == Ck.CKK_RSA, data -> sign(mechanism, handle, data));
    }

    @Override
    public void writeCertificate(byte[] id, String label, X509CertificateHolder certificate) throws TokenException {
        try {
            Template template = new Template()
                    .ulong(Ck.CKA_CLASS, Ck.CKO_CERTIFICATE).ulong(Ck.CKA_CERTIFICATE_TYPE, Ck.CKC_X_509)
                    .bool(Ck.CKA_TOKEN, true).bool(Ck.CKA_PRIVATE, false).bytes(Ck.CKA_ID, id)
                    .utf8(Ck.CKA_LABEL, label)
                    .bytes(Ck.CKA_SUBJECT, certificate.getSubject().getEncoded())
                    .bytes(Ck.CKA_ISSUER, certificate.getIssuer().getEncoded())
                    .bytes(Ck.CKA_SERIAL_NUMBER, new ASN1Integer(certificate.getSerialNumber()).getEncoded())
                    .bytes(Ck.CKA_VALUE, certificate.getEncoded());
            guard(() -> p11.createObject(session, template));
        } catch (IOException e) {
            throw new TokenException(TokenError.OTHER, null, "certificate does not encode", null, e);
        }
    }

    @Override
    public List<TokenObject> objects() throws TokenException {
        List<TokenObject> objects = new ArrayList<>();
        for (ObjectKind kind : List.of(ObjectKind.CERTIFICATE, ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
            Template ofKind = new Template().ulong(Ck.CKA_CLASS, ckClass(kind));
            for (long handle : guard(() -> p11.findObjects(session, ofKind))) {
                Map<Long, byte[]> values = attributes(handle, Ck.CKA_ID, Ck.CKA_LABEL);
                objects.add(new TokenObject(kind, values.getOrDefault(Ck.CKA_ID, new byte[0]),
                        new String(values.getOrDefault(Ck.CKA_LABEL, new byte[0]), StandardCharsets.UTF_8)));
            }
        }
        if (objects.isEmpty()) {
            token.slot(); // nothing listed: make sure it is not because the key is gone
        }
        return objects;
    }

    /** Certificates with their parsed form, as seen logged in (so private keys are seen directly). */
    List<ukey.token.TokenCertificate> certificates() throws TokenException {
        return guard(() -> Pkcs11Token.certificates(p11, session));
    }

    @Override
    public void setLabel(ObjectKind kind, byte[] id, String label) throws TokenException {
        Template template = new Template().utf8(Ck.CKA_LABEL, label);
        for (long handle : find(ckClass(kind), id)) {
            setAttributes(handle, template);
        }
    }

    @Override
    public int destroy(ObjectKind kind, byte[] id) throws TokenException {
        long[] handles = find(ckClass(kind), id);
        for (long handle : handles) {
            destroyObject(handle);
        }
        return handles.length;
    }

    @Override
    public int destroyCertificate(byte[] der) throws TokenException {
        long[] handles = present(guard(() -> p11.findObjects(session,
                new Template().ulong(Ck.CKA_CLASS, Ck.CKO_CERTIFICATE).bytes(Ck.CKA_VALUE, der))));
        for (long handle : handles) {
            destroyObject(handle);
        }
        return handles.length;
    }

    @Override
    public List<KeyObject> keyObjects(byte[] id, List<SubjectPublicKeyInfo> candidates) throws TokenException {
        List<KeyObject> keys = new ArrayList<>();
        for (ObjectKind kind : List.of(ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
            for (long handle : guard(() -> p11.findObjects(session,
                    new Template().ulong(Ck.CKA_CLASS, ckClass(kind)).bytes(Ck.CKA_ID, id)))) {
                Map<Long, byte[]> values = attributes(handle, Ck.CKA_LABEL);
                String label = new String(values.getOrDefault(Ck.CKA_LABEL, new byte[0]), StandardCharsets.UTF_8);
                Optional<SubjectPublicKeyInfo> publicKey = kind == ObjectKind.PUBLIC_KEY
                        ? Optional.of(publicKeyOf(handle)) : PrivateKeyIdentity.of(this, handle, candidates);
                keys.add(new KeyObject(kind, id.clone(), label, publicKey, handle));
            }
        }
        if (keys.isEmpty()) {
            token.slot(); // nothing found: make sure it is not because the key is gone
        }
        return keys;
    }

    @Override
    public void destroy(KeyObject key) throws TokenException {
        destroyObject(key.handle());
    }

    @Override
    public void setLabel(KeyObject key, String label) throws TokenException {
        setAttributes(key.handle(), new Template().utf8(Ck.CKA_LABEL, label));
    }

    @Override
    public void setId(KeyObject key, byte[] id) throws TokenException {
        setAttributes(key.handle(), new Template().bytes(Ck.CKA_ID, id));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (token.provider().loginReleased(token.serial())) {
            p11.logout(session);
        }
        token.provider().closeSession(session);
    }

    // --- helpers ---

    private interface Call<T> {
        T run() throws TokenException;
    }

    /** Runs a call; when the token went away under it, tells the provider to rescan. */
    private <T> T guard(Call<T> call) throws TokenException {
        if (closed) {
            throw new TokenException(TokenError.LOGIN_REQUIRED, "session closed");
        }
        try {
            return call.run();
        } catch (TokenException e) {
            throw token.rescanOn(e);
        }
    }

    // attributes and sign are the guarded calls PrivateKeyIdentity needs to read a key and make it prove itself

    Map<Long, byte[]> attributes(long handle, long... types) throws TokenException {
        return guard(() -> p11.attributes(session, handle, types));
    }

    byte[] sign(long mechanism, long handle, byte[] data) throws TokenException {
        return guard(() -> p11.sign(session, mechanism, handle, data));
    }

    private void setAttributes(long handle, Template template) throws TokenException {
        guard(() -> {
            p11.setAttributes(session, handle, template);
            return null;
        });
    }

    private void destroyObject(long handle) throws TokenException {
        guard(() -> {
            p11.destroyObject(session, handle);
            return null;
        });
    }

    private long[] find(long ckClass, byte[] id) throws TokenException {
        return present(guard(() -> p11.findObjects(session,
                new Template().ulong(Ck.CKA_CLASS, ckClass).bytes(Ck.CKA_ID, id))));
    }

    /**
     * A pulled key's library may find nothing instead of failing: an empty result counts only while the token
     * is still there, or a destroy of nothing would pass for done.
     */
    private long[] present(long[] found) throws TokenException {
        if (found.length == 0) {
            token.slot();
        }
        return found;
    }

    private static long ckClass(ObjectKind kind) {
        return switch (kind) {
            case CERTIFICATE -> Ck.CKO_CERTIFICATE;
            case PRIVATE_KEY -> Ck.CKO_PRIVATE_KEY;
            case PUBLIC_KEY -> Ck.CKO_PUBLIC_KEY;
            case OTHER -> throw new IllegalArgumentException("no class for OTHER");
        };
    }

    private SubjectPublicKeyInfo publicKeyOf(long handle) throws TokenException {
        return KeyAttributes.publicKey(attributes(handle, KeyAttributes.publicKeyTypes()));
    }

    private static byte[] temporaryId() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        return id;
    }

    /** The token is known to be present here: {@link #find} checked it when it found nothing. */
    private static TokenException notFound(String what, byte[] id) {
        return new TokenException(TokenError.OBJECT_NOT_FOUND, null,
                "no " + what + " with ID " + HexFormat.of().formatHex(id), null, null);
    }
}
