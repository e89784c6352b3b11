package ukey.app.renewal;

import static ukey.app.renewal.TokenCalls.call;
import static ukey.app.renewal.TokenCalls.run;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;

import ukey.cert.CertificateInfo;
import ukey.cert.Fingerprints;
import ukey.token.Identity;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenObject;
import ukey.token.TokenSession;

/**
 * The renewal's steps on a token whose key pairs are objects grouped by CKA_ID (PKCS#11): a key's reference is
 * its CKA_ID in hex. The only place in the renewal that knows CKA_IDs.
 */
final class Pkcs11TokenSteps implements RenewalTokenSteps {

    static final Backend BACKEND = new Backend() {
        @Override
        public String name() {
            return RenewalJournal.PKCS11;
        }

        @Override
        public String keyOf(TokenCertificate certificate) {
            return certificate.idHex();
        }

        @Override
        public String keyOf(Identity identity) {
            return identity.id(); // a PKCS#11 identity is named by its CKA_ID in hex
        }

        @Override
        public String keySpecFor(CertificateInfo current) throws RenewalException {
            return Pkcs11TokenSteps.keySpecFor(current.keyAlgorithm()).name();
        }

        @Override
        public RenewalTokenSteps open(Token token, TokenSession session, String currentKey) throws RenewalException {
            return new Pkcs11TokenSteps(token, call(() -> ObjectSession.of(session)));
        }
    };

    private static final List<ObjectKind> KEY_PAIR = List.of(ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY);

    private final Token token;
    private final ObjectSession session;

    private Pkcs11TokenSteps(Token token, ObjectSession session) {
        this.token = token;
        this.session = session;
    }

    /** The key pair the token makes in place of one with this algorithm: the same kind, never a silent other. */
    static KeySpec keySpecFor(String keyAlgorithm) throws RenewalException {
        return switch (keyAlgorithm) {
            case "RSA-2048" -> KeySpec.RSA_2048;
            case "RSA-3072" -> KeySpec.RSA_3072;
            case "EC-P256" -> KeySpec.EC_P256;
            case "EC-P384" -> KeySpec.EC_P384;
            default -> throw new RenewalException(RenewalError.KEY_NOT_SUPPORTED, keyAlgorithm);
        };
    }

    @Override
    public String newKey(String label, String keySpec, boolean decrypts) throws RenewalException {
        Optional<String> made = keyLabelled(label);
        if (made.isPresent()) {
            return made.get();
        }
        KeySpec spec = KeySpec.valueOf(keySpec);
        KeyUse use = decrypts ? KeyUse.SIGN_AND_DECRYPT : KeyUse.SIGN;
        return HexFormat.of().formatHex(call(() -> session.generateKeyPair(spec, use, null, label)).id());
    }

    /**
     * Finds the pair by its label and makes it whole. The token gives a new pair a temporary ID, then each half its
     * own (the SHA-1 of the public key) in a call of its own: a run cut short between them (a pulled key, a lost
     * answer) leaves the halves under different IDs. Each half of this label that belongs to the public key gets
     * that ID here, so a resume (or 放弃更新) finds both halves under one reference.
     */
    @Override
    public Optional<String> keyLabelled(String label) throws RenewalException {
        List<TokenObject> labelled = call(session::objects).stream()
                .filter(object -> KEY_PAIR.contains(object.kind()) && object.label().equals(label)).toList();
        Optional<SubjectPublicKeyInfo> publicKey = publicKeyOf(labelled, label);
        if (publicKey.isEmpty()) {
            // no public half to name the pair by: the private key's ID as it is
            return labelled.stream().filter(object -> object.kind() == ObjectKind.PRIVATE_KEY).findFirst()
                    .map(TokenObject::idHex);
        }
        byte[] id = ObjectSession.conventionalId(publicKey.get());
        for (String halfId : labelled.stream().map(TokenObject::idHex).distinct().toList()) {
            for (ObjectSession.KeyObject half : keysOf(halfId, publicKey.get())) {
                if (half.label().equals(label) && !Arrays.equals(half.id(), id)) {
                    run(() -> session.setId(half, id));
                }
            }
        }
        return Optional.of(HexFormat.of().formatHex(id));
    }

    /** The public key of the labelled public-key object, if there is one. */
    private Optional<SubjectPublicKeyInfo> publicKeyOf(List<TokenObject> labelled, String label)
            throws RenewalException {
        for (TokenObject object : labelled) {
            if (object.kind() == ObjectKind.PUBLIC_KEY) {
                for (ObjectSession.KeyObject half : call(() -> session.keyObjects(object.id(), List.of()))) {
                    if (half.kind() == ObjectKind.PUBLIC_KEY && half.label().equals(label)) {
                        return half.publicKey();
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public SubjectPublicKeyInfo publicKey(String key) throws RenewalException {
        return call(() -> session.publicKey(id(key)));
    }

    @Override
    public ContentSigner signer(String key, SubjectPublicKeyInfo publicKey) throws RenewalException {
        for (ObjectSession.KeyObject object : keysOf(key, publicKey)) {
            if (object.kind() == ObjectKind.PRIVATE_KEY) {
                return call(() -> session.signer(object));
            }
        }
        throw new RenewalException(RenewalError.TOKEN, null, new TokenException(TokenError.OBJECT_NOT_FOUND, null,
                "no private key " + key + " for this public key", null, null));
    }

    @Override
    public void write(String key, String label, X509CertificateHolder issued, boolean sameKey)
            throws RenewalException {
        String sha256 = Fingerprints.sha256(der(issued));
        boolean present = call(token::certificates).stream()
                .anyMatch(c -> c.info().map(i -> i.sha256().equals(sha256)).orElse(false));
        if (!present) {
            run(() -> session.writeCertificate(id(key), label, issued));
        }
        if (!sameKey) {
            for (ObjectKind kind : KEY_PAIR) {
                run(() -> session.setLabel(kind, id(key), label));
            }
        }
    }

    @Override
    public void selfTest(String key, X509CertificateHolder issued) throws RenewalException {
        ContentSigner signer = signer(key, issued.getSubjectPublicKeyInfo());
        try {
            SignatureSelfTest.check(signer, SignatureVerifiers.of(issued));
        } catch (OperatorCreationException e) {
            throw new RenewalException(RenewalError.SELF_TEST_FAILED, e.getMessage(), e);
        }
    }

    @Override
    public void retire(String key, X509CertificateHolder current, String label, boolean sameKey,
                       boolean certificatePresent) throws RenewalException {
        if (sameKey) {
            if (certificatePresent) {
                byte[] der = der(current);
                call(() -> session.destroyCertificate(der)); // the key now serves the new certificate
            }
            return;
        }
        SubjectPublicKeyInfo oldKey = current.getSubjectPublicKeyInfo();
        List<ObjectSession.KeyObject> keys = keysOf(key, oldKey);
        if (!certificatePresent) {
            if (!keys.isEmpty()) {
                throw KeyBinding.mismatch("the old certificate is gone but its key is still on the token");
            }
            return; // an earlier run retired it and stopped before the journal said so
        }
        boolean keep = RenewableCertificates.canDecrypt(current) || decryptsForAnother(current);
        if (keep) {
            String archived = RenewableCertificates.archivedLabel(label);
            if (RenewableCertificates.canDecrypt(current)) {
                run(() -> session.setLabel(ObjectKind.CERTIFICATE, id(key), archived));
                for (ObjectSession.KeyObject object : keys) {
                    run(() -> session.setLabel(object, archived));
                }
            } else {
                byte[] der = der(current); // its key stays for the other certificate, unlabelled
                call(() -> session.destroyCertificate(der));
            }
            return;
        }
        for (ObjectSession.KeyObject object : keys) {
            run(() -> session.destroy(object));
        }
        byte[] der = der(current);
        call(() -> session.destroyCertificate(der)); // last: until it is gone, a resume finds the key to retire
    }

    /** The private and public key objects under this reference that belong to this public key, and no others. */
    private List<ObjectSession.KeyObject> keysOf(String key, SubjectPublicKeyInfo publicKey) throws RenewalException {
        return call(() -> session.keyObjects(id(key), List.of(publicKey))).stream()
                .filter(object -> object.publicKey().filter(publicKey::equals).isPresent()).toList();
    }

    /** Another certificate on the token that can decrypt is for the same key: that key must stay. */
    private boolean decryptsForAnother(X509CertificateHolder current) throws RenewalException {
        String sha256 = Fingerprints.sha256(der(current));
        SubjectPublicKeyInfo publicKey = current.getSubjectPublicKeyInfo();
        for (TokenCertificate other : call(token::certificates)) {
            boolean sameKey = other.info().map(i -> i.publicKey().equals(publicKey)).orElse(true);
            boolean decrypts = other.info().map(CertificateInfo::canDecrypt).orElse(true);
            if (!Fingerprints.sha256(other.value()).equals(sha256) && sameKey && decrypts) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int dropNewKey(String key) throws RenewalException {
        List<SubjectPublicKeyInfo> published = call(() -> session.keyObjects(id(key), List.of())).stream()
                .filter(object -> object.kind() == ObjectKind.PUBLIC_KEY)
                .map(object -> object.publicKey().orElseThrow()).distinct().toList();
        // an unreadable certificate could be for any key: null stands for "maybe this one"
        List<SubjectPublicKeyInfo> certified = call(token::certificates).stream()
                .map(c -> c.info().map(CertificateInfo::publicKey).orElse(null)).toList();
        int destroyed = 0;
        for (ObjectSession.KeyObject object : call(() -> session.keyObjects(id(key), published))) {
            Optional<SubjectPublicKeyInfo> publicKey = object.publicKey();
            // a key whose owner is unknown, or that a certificate certifies, is never dropped
            if (publicKey.isPresent() && certified.stream().noneMatch(c -> c == null || c.equals(publicKey.get()))) {
                run(() -> session.destroy(object));
                destroyed++;
            }
        }
        return destroyed;
    }

    private static byte[] id(String key) {
        return HexFormat.of().parseHex(key);
    }

    private static byte[] der(X509CertificateHolder certificate) throws RenewalException {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new RenewalException(RenewalError.ISSUED_UNREADABLE, e.getMessage(), e);
        }
    }
}
