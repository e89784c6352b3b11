package ukey.app.renewal;

import static ukey.app.renewal.TokenCalls.call;
import static ukey.app.renewal.TokenCalls.run;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.cert.CertificateInfo;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2Verifiers;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.KeySpec;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.sm2.EncryptionKeyCheck;

/**
 * The renewal's steps on an SKF key (SM2 dual certificates): a key's reference is its container's name. The new
 * signing key pair is made in a new container whose name the journal holds before it is made; the CA's encryption
 * key pair is imported into it, enveloped to that signing key. SKF deletes keys only with their container, and the
 * old container holds the encryption key that opens bids sealed to the old certificate: the whole old container
 * stays. The only place in the renewal that knows containers.
 */
final class SkfTokenSteps implements RenewalTokenSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SkfTokenSteps.class);

    static final Backend BACKEND = new Backend() {
        @Override
        public String name() {
            return "skf";
        }

        /** SKF tokens list each half's certificate with its container's name as the label. */
        @Override
        public String keyOf(TokenCertificate certificate) {
            return certificate.label();
        }

        @Override
        public String keyOf(Identity identity) {
            return identity.container().orElse(identity.name());
        }

        @Override
        public String keySpecFor(CertificateInfo current) throws RenewalException {
            if (!current.keyAlgorithm().startsWith("SM2")) {
                throw new RenewalException(RenewalError.KEY_NOT_SUPPORTED, current.keyAlgorithm() + " on an SKF key");
            }
            return KeySpec.SM2.name();
        }

        @Override
        public void checkRoom(Token token, RenewalJournal journal) throws RenewalException {
            SkfRoom.check(token, journal);
        }

        @Override
        public RenewalTokenSteps open(Token token, TokenSession session, String currentKey) {
            return new SkfTokenSteps(session, currentKey);
        }
    };

    private final TokenSession session;
    private final String currentKey;

    private SkfTokenSteps(TokenSession session, String currentKey) {
        this.session = session;
        this.currentKey = currentKey;
    }

    /** A container name no container on the key has: the renewal's own, whatever the key held before. */
    @Override
    public String newKeyName(String renewalId) throws RenewalException {
        Set<String> taken = new HashSet<>();
        for (Identity identity : call(session::identities)) {
            identity.container().ifPresent(taken::add);
        }
        String base = "ukey-renewal-" + renewalId.substring(0, 8);
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    @Override
    public String newKey(String label, String keySpec, boolean decrypts) throws RenewalException {
        Optional<Identity> made = container(label);
        if (made.isPresent()) {
            if (made.get().signing().filter(KeyHalf::hasPrivateKey).isPresent()) {
                return label; // an interrupted run made it
            }
            // made, but killed before its key pair: the name is the renewal's own, so start it again
            run(() -> session.deleteIdentity(made.get().id()));
        }
        try {
            session.createIdentity(label, KeySpec.valueOf(keySpec));
        } catch (TokenException e) {
            throw full(e).orElseGet(() -> RenewalException.of(e));
        }
        LOG.info("new container {} with an SM2 signing key pair", label);
        return label;
    }

    @Override
    public SubjectPublicKeyInfo publicKey(String key) throws RenewalException {
        String id = id(key);
        return call(() -> session.publicKey(id, KeyHalf.Usage.SIGN));
    }

    @Override
    public Optional<String> keyLabelled(String label) throws RenewalException {
        return container(label).filter(i -> i.signing().filter(KeyHalf::hasPrivateKey).isPresent())
                .map(i -> label);
    }

    @Override
    public ContentSigner signer(String key, SubjectPublicKeyInfo publicKey) throws RenewalException {
        String id = id(key);
        SubjectPublicKeyInfo onToken = call(() -> session.publicKey(id, KeyHalf.Usage.SIGN));
        if (!Sm2.sameKey(onToken, publicKey) && !onToken.equals(publicKey)) {
            throw new RenewalException(RenewalError.TOKEN, null, new TokenException(TokenError.OBJECT_NOT_FOUND,
                    null, "container " + key + " signs with another key", null, null));
        }
        return call(() -> session.signer(id));
    }

    @Override
    public void write(String key, String label, X509CertificateHolder issued, boolean sameKey)
            throws RenewalException {
        Identity identity = identity(key);
        if (!holds(identity.signing(), issued)) {
            write(identity.id(), KeyHalf.Usage.SIGN, issued);
        }
    }

    @Override
    public void writeEncryption(String key, EncryptionHalf half) throws RenewalException {
        Identity identity = identity(key);
        if (!imported(identity, half.envelope().publicKeyInfo())) {
            try {
                session.importEncryptionKeyPair(identity.id(), half.envelope());
            } catch (TokenException e) {
                throw refusedOrInterrupted(identity.id(), e);
            }
            LOG.info("the CA's encryption key pair imported into container {}", key);
        }
        if (!holds(identity.encryption(), half.certificate())) {
            write(identity.id(), KeyHalf.Usage.ENCRYPT, half.certificate());
        }
    }

    /** The encryption key pair there is the envelope's (a run cut short after the import). */
    private boolean imported(Identity identity, SubjectPublicKeyInfo enveloped) throws RenewalException {
        if (identity.encryption().filter(KeyHalf::hasPrivateKey).isEmpty()) {
            return false;
        }
        return Sm2.sameKey(call(() -> session.publicKey(identity.id(), KeyHalf.Usage.ENCRYPT)), enveloped);
    }

    /**
     * Why an import failed: the key went away (resume finishes), it is full, or the key in hand refused the
     * envelope — it was not made for the new signing key, or its layout is not the library's (ISSUED_ENCRYPTION).
     */
    private RenewalException refusedOrInterrupted(String id, TokenException e) {
        Optional<RenewalException> full = full(e);
        if (full.isPresent()) {
            return full.get();
        }
        if (e.error() == TokenError.LOGIN_REQUIRED || e.error() == TokenError.PIN_LOCKED) {
            return RenewalException.of(e);
        }
        try {
            session.publicKey(id, KeyHalf.Usage.SIGN); // still there and answering: it was the envelope
        } catch (TokenException gone) {
            return RenewalException.of(e);
        }
        return new RenewalException(RenewalError.ISSUED_ENCRYPTION,
                "the key refused the CA's enveloped encryption key (" + e.codeName().orElse(e.error().name()) + ")", e);
    }

    @Override
    public void selfTest(String key, X509CertificateHolder issued) throws RenewalException {
        ContentSigner signer = signer(key, issued.getSubjectPublicKeyInfo());
        try {
            SignatureSelfTest.check(signer, Sm2Verifiers.provider(issued.getSubjectPublicKeyInfo()));
        } catch (GmFormatException e) {
            throw new RenewalException(RenewalError.SELF_TEST_FAILED, "not an SM2 certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void selfTestEncryption(String key, X509CertificateHolder encryptionCertificate) throws RenewalException {
        String id = id(key);
        boolean opens = call(() -> EncryptionKeyCheck.proves(session, id, encryptionCertificate
                .getSubjectPublicKeyInfo()));
        if (!opens) {
            throw new RenewalException(RenewalError.ISSUED_ENCRYPTION,
                    "the imported encryption key does not open what is sealed to its certificate");
        }
    }

    @Override
    public Optional<X509CertificateHolder> encryptionCertificate(String key) throws RenewalException {
        Optional<byte[]> der = identity(key).encryption().flatMap(KeyHalf::certificate);
        if (der.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new X509CertificateHolder(der.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable old certificate sets no bar the new one must pass
        }
    }

    /**
     * Nothing is destroyed: an SKF container holds the signing and the encryption key together, SKF deletes keys
     * only with their container, and the encryption key must keep opening what was sealed to the old certificate.
     * The old container is archived by being superseded ({@link RenewableCertificates#archived}).
     */
    @Override
    public void retire(String key, X509CertificateHolder current, String label, boolean sameKey,
                       boolean certificatePresent) {
        LOG.info("the old container {} is kept whole: its encryption key still opens what was sealed to it", key);
    }

    /** Deletes the renewal's new container (keys and certificates), never the old one. */
    @Override
    public int dropNewKey(String key) throws RenewalException {
        if (key.equals(currentKey)) {
            throw KeyBinding.mismatch("the journal names the old container " + key + " as the new one");
        }
        Optional<Identity> made = container(key);
        if (made.isEmpty()) {
            return 0;
        }
        run(() -> session.deleteIdentity(made.get().id()));
        LOG.info("new container {} deleted", key);
        return 1;
    }

    private Optional<Identity> container(String name) throws RenewalException {
        List<Identity> identities = call(session::identities);
        return identities.stream().filter(i -> i.container().filter(name::equals).isPresent()).findFirst();
    }

    private Identity identity(String key) throws RenewalException {
        return container(key).orElseThrow(() -> new RenewalException(RenewalError.TOKEN, null,
                new TokenException(TokenError.OBJECT_NOT_FOUND, null, "no container " + key, null, null)));
    }

    private String id(String key) throws RenewalException {
        return identity(key).id();
    }

    private void write(String id, KeyHalf.Usage usage, X509CertificateHolder certificate) throws RenewalException {
        try {
            session.writeCertificate(id, usage, certificate);
        } catch (TokenException e) {
            throw full(e).orElseGet(() -> RenewalException.of(e));
        }
    }

    private static boolean holds(Optional<KeyHalf> half, X509CertificateHolder certificate) throws RenewalException {
        Optional<byte[]> there = half.flatMap(KeyHalf::certificate);
        try {
            return there.isPresent() && Arrays.equals(there.get(), certificate.getEncoded());
        } catch (IOException e) {
            throw new RenewalException(RenewalError.ISSUED_UNREADABLE, e.getMessage(), e);
        }
    }

    private static Optional<RenewalException> full(TokenException e) {
        if (e.error() != TokenError.TOKEN_MEMORY_FULL) {
            return Optional.empty();
        }
        return Optional.of(new RenewalException(RenewalError.TOKEN_FULL, e.codeName().orElse(null), e));
    }
}
