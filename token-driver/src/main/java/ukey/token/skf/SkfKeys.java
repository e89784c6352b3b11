package ukey.token.skf;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.SkfBlobs;
import ukey.token.KeyHalf;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * A container's public keys: from SKF_ExportPublicKey (ECCPUBLICKEYBLOB, or RSAPUBLICKEYBLOB { AlgID; BitLen;
 * Modulus[256]; PublicExponent[4] }, 268 bytes, big-endian numbers right-aligned) or from its certificate.
 */
final class SkfKeys {

    private static final int RSA_BLOB_SIZE = 268;
    private static final int SGD_RSA = 0x00010000;

    private SkfKeys() {
    }

    /** The key of the half's key pair, else of its certificate. */
    static SubjectPublicKeyInfo publicKey(SkfApi api, long container, KeyHalf.Usage usage) throws TokenException {
        Optional<SubjectPublicKeyInfo> exported = exported(api, container, usage);
        if (exported.isPresent()) {
            return exported.get();
        }
        return certified(api, container, usage).orElseThrow(() -> new TokenException(TokenError.OBJECT_NOT_FOUND,
                null, "the container has no " + usage.wireName() + " key or certificate", null, null));
    }

    /** The key a signature is verified against: the certificate's where it has a readable one (so a certificate
     *  filed with the wrong key shows at once), else the exported key pair's. */
    static SubjectPublicKeyInfo verificationKey(SkfApi api, long container) throws TokenException {
        Optional<SubjectPublicKeyInfo> certified = certified(api, container, KeyHalf.Usage.SIGN);
        return certified.isPresent() ? certified.get() : publicKey(api, container, KeyHalf.Usage.SIGN);
    }

    static Optional<SubjectPublicKeyInfo> exported(SkfApi api, long container, KeyHalf.Usage usage)
            throws TokenException {
        boolean signing = usage == KeyHalf.Usage.SIGN;
        Optional<byte[]> blob = SkfContainers.optional("SKF_ExportPublicKey",
                (buffer, length) -> api.exportPublicKey(container, signing, buffer, length));
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(blob.get()));
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenError.DEVICE_ERROR, null, "SKF_ExportPublicKey: " + e.getMessage(), null,
                    e);
        }
    }

    static Optional<SubjectPublicKeyInfo> certified(SkfApi api, long container, KeyHalf.Usage usage)
            throws TokenException {
        boolean signing = usage == KeyHalf.Usage.SIGN;
        Optional<byte[]> der = SkfContainers.optional("SKF_ExportCertificate",
                (buffer, length) -> api.exportCertificate(container, signing, buffer, length));
        if (der.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificateInfo.parse(der.get()).holder().getSubjectPublicKeyInfo());
        } catch (CertificateParseException e) {
            return Optional.empty();
        }
    }

    /** An ECC or RSA public key blob as a SubjectPublicKeyInfo. */
    static SubjectPublicKeyInfo decode(byte[] blob) {
        ByteBuffer fields = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.length >= RSA_BLOB_SIZE && fields.getInt(0) == SGD_RSA) {
            BigInteger modulus = new BigInteger(1, Arrays.copyOfRange(blob, 8, 264));
            BigInteger exponent = new BigInteger(1, Arrays.copyOfRange(blob, 264, 268));
            try {
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
            } catch (IOException e) {
                throw new IllegalArgumentException("RSAPUBLICKEYBLOB does not encode", e);
            }
        }
        try {
            return SkfBlobs.publicKeyInfo(blob);
        } catch (GmFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
