package ukey.app.renewal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import ukey.cert.CertificateInfo;
import ukey.cert.Fingerprints;
import ukey.token.KeySpec;
import ukey.token.KeyUse;
import ukey.token.ObjectKind;
import ukey.token.Token;
import ukey.token.TokenCertificate;
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
        public String keyOf(TokenCertificate certificate) {
            return certificate.idHex();
        }

        @Override
        public String keySpecFor(CertificateInfo current) throws RenewalException {
            return Pkcs11TokenSteps.keySpecFor(current.keyAlgorithm()).name();
        }

        @Override
        public RenewalTokenSteps open(Token token, TokenSession session) {
            return new Pkcs11TokenSteps(token, session);
        }
    };

    private static final List<ObjectKind> KEY_PAIR = List.of(ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY);

    private final Token token;
    private final TokenSession session;

    private Pkcs11TokenSteps(Token token, TokenSession session) {
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
        for (TokenObject object : call(session::objects)) {
            if (object.kind() == ObjectKind.PRIVATE_KEY && object.label().equals(label)) {
                return object.idHex();
            }
        }
        KeySpec spec = KeySpec.valueOf(keySpec);
        KeyUse use = decrypts ? KeyUse.SIGN_AND_DECRYPT : KeyUse.SIGN;
        return HexFormat.of().formatHex(call(() -> session.generateKeyPair(spec, use, null, label)).id());
    }

    @Override
    public SubjectPublicKeyInfo publicKey(String key) throws RenewalException {
        return call(() -> session.publicKey(id(key)));
    }

    @Override
    public ContentSigner signer(String key) throws RenewalException {
        return call(() -> session.signer(id(key)));
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
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        ContentSigner signer = signer(key);
        try {
            signer.getOutputStream().write(challenge);
            byte[] signature = signer.getSignature();
            ContentVerifier verifier = new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider())
                    .build(issued).get(signer.getAlgorithmIdentifier());
            verifier.getOutputStream().write(challenge);
            if (!verifier.verify(signature)) {
                throw new RenewalException(RenewalError.SELF_TEST_FAILED, "the signature does not verify");
            }
        } catch (RenewalException e) {
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof TokenException te) {
                throw RenewalException.of(te);
            }
            throw new RenewalException(RenewalError.SELF_TEST_FAILED, e.getMessage(), e);
        }
    }

    @Override
    public void retire(String key, X509CertificateHolder current, String label, boolean sameKey)
            throws RenewalException {
        boolean canDecrypt = RenewableCertificates.canDecrypt(current);
        if (sameKey || !canDecrypt) {
            byte[] der = der(current);
            call(() -> session.destroyCertificate(der));
        }
        if (sameKey) {
            return;
        }
        for (ObjectKind kind : List.of(ObjectKind.CERTIFICATE, ObjectKind.PRIVATE_KEY, ObjectKind.PUBLIC_KEY)) {
            if (canDecrypt) {
                run(() -> session.setLabel(kind, id(key), RenewableCertificates.archivedLabel(label)));
            } else if (kind != ObjectKind.CERTIFICATE) {
                call(() -> session.destroy(kind, id(key)));
            }
        }
    }

    @Override
    public void dropNewKey(String key) throws RenewalException {
        for (ObjectKind kind : KEY_PAIR) {
            call(() -> session.destroy(kind, id(key)));
        }
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

    private interface TokenCall<T> {
        T run() throws TokenException;
    }

    private interface TokenAction {
        void run() throws TokenException;
    }

    private static <T> T call(TokenCall<T> call) throws RenewalException {
        try {
            return call.run();
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }

    private static void run(TokenAction action) throws RenewalException {
        call(() -> {
            action.run();
            return null;
        });
    }
}
