package ukey.token.sm2;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.math.ec.ECPoint;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2;

import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;

/**
 * Proves that a token holds the private half of an SM2 encryption key, the way a sealed bid will be opened: a
 * random SM4 key is wrapped with SM2 to the public key (as a sender would), the token unwraps it with its
 * encryption private key and encrypts a random block, and the answer must equal SM4 of the block here.
 */
public final class EncryptionKeyCheck {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(GMNamedCurves.getByName("sm2p256v1"));

    private EncryptionKeyCheck() {
    }

    /**
     * @return true when the identity's encryption key unwraps a key wrapped to {@code encryptionKey}; false when
     *         it unwraps something else, or when the token refuses the wrapped key as not its own (the C3 check:
     *         SAR_INDATAERR and the like, TokenError OTHER)
     * @throws TokenException for everything else: a pulled key, no encryption key, a closed session
     */
    public static boolean proves(TokenSession session, String identityId, SubjectPublicKeyInfo encryptionKey)
            throws TokenException {
        byte[] key = new byte[16];
        byte[] block = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(block);
        try {
            byte[] answer = session.encryptWithWrappedKey(identityId, wrap(encryptionKey, key), block);
            return Arrays.equals(answer, sm4(key, block));
        } catch (TokenException e) {
            if (e.error() == TokenError.OTHER) {
                return false;
            }
            throw e;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** An SM2 ciphertext C1‖C3‖C2 of the data for this public key. */
    public static byte[] wrap(SubjectPublicKeyInfo publicKey, byte[] data) throws TokenException {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        try {
            ECPoint point = DOMAIN.getCurve().decodePoint(Sm2.uncompressedPoint(publicKey));
            engine.init(true, new ParametersWithRandom(new ECPublicKeyParameters(point, DOMAIN), RANDOM));
            return engine.processBlock(data, 0, data.length);
        } catch (GmFormatException | IllegalArgumentException | InvalidCipherTextException e) {
            throw new TokenException(TokenError.OTHER, null, "cannot wrap to this key: " + e.getMessage(), null, e);
        }
    }

    /** SM4-ECB without padding over whole blocks. */
    public static byte[] sm4(byte[] key, byte[] data) {
        SM4Engine engine = new SM4Engine();
        engine.init(true, new KeyParameter(key));
        byte[] out = new byte[data.length];
        for (int offset = 0; offset < data.length; offset += 16) {
            engine.processBlock(data, offset, out, offset);
        }
        return out;
    }
}
