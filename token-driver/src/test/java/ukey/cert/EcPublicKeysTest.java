package ukey.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECCurve;
import org.junit.jupiter.api.Test;

/** EC keys on named curves read as PublicKeyFactory reads them, on the curve's own arithmetic. */
class EcPublicKeysTest {

    @Test
    void anEcKeyIsTheSamePointOnTheCurvesOwnArithmetic() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic()
                    .getEncoded());

            ECPublicKeyParameters fast = (ECPublicKeyParameters) EcPublicKeys.of(key);
            ECPublicKeyParameters generic = (ECPublicKeyParameters) PublicKeyFactory.createKey(key);

            assertNotEquals(ECCurve.Fp.class, fast.getParameters().getCurve().getClass(), curve);
            assertEquals(generic.getQ().normalize().getAffineXCoord().toBigInteger(),
                    fast.getQ().normalize().getAffineXCoord().toBigInteger(), curve);
            assertEquals(generic.getQ().normalize().getAffineYCoord().toBigInteger(),
                    fast.getQ().normalize().getAffineYCoord().toBigInteger(), curve);
            assertEquals(generic.getParameters().getN(), fast.getParameters().getN(), curve);
        }
    }

    @Test
    void otherKeysAndBrokenPointsAreAsPublicKeyFactorySaysThem() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        SubjectPublicKeyInfo rsaKey = SubjectPublicKeyInfo.getInstance(rsa.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] der = ec.generateKeyPair().getPublic().getEncoded();
        der[der.length - 1] ^= 1; // no longer a point of the curve
        SubjectPublicKeyInfo broken = SubjectPublicKeyInfo.getInstance(der);

        assertEquals(RSAKeyParameters.class, EcPublicKeys.of(rsaKey).getClass());
        assertThrows(IllegalArgumentException.class, () -> EcPublicKeys.of(broken));
    }
}
