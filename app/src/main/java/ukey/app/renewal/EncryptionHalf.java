package ukey.app.renewal;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.cert.gm.Sm2EnvelopedKey;

/**
 * The encryption half of an SM2 dual-certificate answer, validated: the certificate and the key pair the CA's KMC
 * made for it, enveloped to the new signing key (GM/T 0009), which only the token can open.
 */
public record EncryptionHalf(X509CertificateHolder certificate, Sm2EnvelopedKey envelope) {
}
