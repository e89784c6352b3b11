package ukey.token.pkcs11;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

import ukey.token.TokenException;

/**
 * A BouncyCastle {@link ContentSigner} whose private key stays on the token. The digest is computed here and
 * only the raw operation runs on the token (CKM_RSA_PKCS over a DigestInfo, CKM_ECDSA over the hash), which
 * the most tokens support.
 */
final class TokenSigner implements ContentSigner {

    interface RawSign {
        byte[] sign(byte[] data) throws TokenException;
    }

    private final boolean rsa;
    private final RawSign raw;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    TokenSigner(boolean rsa, RawSign raw) {
        this.rsa = rsa;
        this.raw = raw;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return rsa ? new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)
                : new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(buffer.toByteArray());
            buffer.reset();
            if (rsa) {
                AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
                return raw.sign(new DigestInfo(sha256, hash).getEncoded());
            }
            return derSignature(raw.sign(hash));
        } catch (TokenException e) {
            throw new RuntimeOperatorException("token signing failed: " + e.getMessage(), e);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new RuntimeOperatorException("signing failed", e);
        }
    }

    /** CKM_ECDSA gives r‖s; X.509 and CMS want SEQUENCE { r INTEGER, s INTEGER }. */
    static byte[] derSignature(byte[] rs) throws IOException {
        int half = rs.length / 2;
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 0, half))));
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length))));
        return new DERSequence(vector).getEncoded();
    }
}
