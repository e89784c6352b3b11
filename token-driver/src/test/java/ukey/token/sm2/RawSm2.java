package ukey.token.sm2;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * What a token does with an SM2 signing key, in plain arithmetic (GM/T 0003.2 §6.1 from step A3): signs a digest
 * e that it is given and hashes nothing. Tests use it to check the client's e against BouncyCastle.
 */
final class RawSm2 {

    private static final SecureRandom RANDOM = new SecureRandom();

    final BigInteger d;
    final ECPoint publicKey;

    RawSm2() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(Sm2.DOMAIN, RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        publicKey = ((ECPublicKeyParameters) pair.getPublic()).getQ();
    }

    /** An ECCSIGNATUREBLOB over the digest e. */
    byte[] sign(byte[] e) {
        BigInteger n = Sm2.DOMAIN.getN();
        BigInteger digest = new BigInteger(1, e);
        while (true) {
            BigInteger k = new BigInteger(n.bitLength(), RANDOM).mod(n);
            if (k.signum() == 0) {
                continue;
            }
            BigInteger x1 = Sm2.DOMAIN.getG().multiply(k).normalize().getAffineXCoord().toBigInteger();
            BigInteger r = digest.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = d.add(BigInteger.ONE).modInverse(n).multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                return SkfBlobs.signature(r, s);
            }
        }
    }
}
