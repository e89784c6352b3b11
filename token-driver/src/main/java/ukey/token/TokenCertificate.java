package ukey.token;

import java.util.HexFormat;
import java.util.Optional;

import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;

/**
 * A certificate object on a token. When its value does not parse, {@code info} is empty and {@code error}
 * says why (its problem for the user's words, its message for the log); the other certificates of the token
 * are still listed.
 *
 * @param id            CKA_ID (hex in {@link #idHex()}), shared with the certificate's key pair
 * @param label         CKA_LABEL
 * @param value         the DER bytes as stored on the token
 * @param hasPrivateKey a private key with the same CKA_ID is on the token (seen directly when logged in;
 *                      otherwise inferred from the public-key object that key-pair generation keeps)
 * @param info          the parsed certificate
 * @param error         why the value could not be parsed, when it could not
 */
public record TokenCertificate(byte[] id, String label, byte[] value, boolean hasPrivateKey,
                               Optional<CertificateInfo> info, Optional<CertificateParseException> error) {

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    public boolean readable() {
        return info.isPresent();
    }
}
