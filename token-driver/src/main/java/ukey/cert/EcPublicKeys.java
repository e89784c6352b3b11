package ukey.cert;

import java.io.IOException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Public keys for BouncyCastle's lightweight API. An EC key on a named curve gets BouncyCastle's own arithmetic for
 * that curve where it has one (P-256, P-384, SM2 ...): PublicKeyFactory puts it on a generic curve of BigIntegers,
 * several times slower to verify with, which a process that verifies a few signatures before the JIT has compiled
 * anything pays in full (a tenth of a whole {@code ukey renew}).
 */
public final class EcPublicKeys {

    private EcPublicKeys() {
    }

    /** The key of {@code key}, as PublicKeyFactory reads it, on the curve's own arithmetic where there is one. */
    public static AsymmetricKeyParameter of(SubjectPublicKeyInfo key) throws IOException {
        if (key.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                && key.getAlgorithm().getParameters() != null
                && key.getAlgorithm().getParameters().toASN1Primitive() instanceof ASN1ObjectIdentifier curve) {
            X9ECParameters custom = CustomNamedCurves.getByOID(curve);
            if (custom != null) {
                try {
                    return new ECPublicKeyParameters(custom.getCurve().decodePoint(key.getPublicKeyData()
                            .getOctets()), new ECNamedDomainParameters(curve, custom));
                } catch (IllegalArgumentException notAPointOfIt) {
                    return PublicKeyFactory.createKey(key); // which says what is wrong with it
                }
            }
        }
        return PublicKeyFactory.createKey(key);
    }
}
