package ukey.token.skf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * SHA256withRSA with an RSA container's key: SKF_RSASignData over the DigestInfo (the key adds the PKCS#1 v1.5
 * padding), verified against the public key after every signature, since vendors differ on what they sign.
 */
final class SkfRsaSigner implements ContentSigner {

    interface RawSign {
        byte[] sign(byte[] digestInfo) throws TokenException;
    }

    private final SubjectPublicKeyInfo publicKey;
    private final RawSign raw;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    SkfRsaSigner(SubjectPublicKeyInfo publicKey, RawSign raw) {
        this.publicKey = publicKey;
        this.raw = raw;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        byte[] message = buffer.toByteArray();
        buffer.reset();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
            AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
            byte[] signature = raw.sign(new DigestInfo(sha256, hash).getEncoded());
            if (!verifies(message, signature)) {
                throw new TokenException(TokenError.DEVICE_ERROR, null,
                        "the key's RSA signature does not verify against the public key", null, null);
            }
            return signature;
        } catch (TokenException e) {
            throw new RuntimeOperatorException("token signing failed: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new RuntimeOperatorException("signing failed", e);
        }
    }

    private boolean verifies(byte[] message, byte[] signature) throws IOException, GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
