package ukey.token.skf;

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


/**
 * SHA256withRSA with an RSA container's key: SKF_RSASignData over the DigestInfo (the key adds the PKCS#1 v1.5
 * padding; a vendor that wants the bare hash fails the verification rather than passing a bad signature on).
 */
final class SkfRsaSigner extends VerifiedSigner {

    /** @param raw SKF_RSASignData over the DigestInfo */
    SkfRsaSigner(SubjectPublicKeyInfo publicKey, RawSign raw) {
        super(publicKey, raw);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    }

    @Override
    byte[] sign(byte[] message) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        return raw.sign(new DigestInfo(sha256, hash).getEncoded());
    }

    @Override
    boolean verifies(byte[] message, byte[] signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
