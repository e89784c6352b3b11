package ukey.token;

import java.util.HexFormat;

/**
 * One object on a token, as listed in a logged-in session.
 *
 * @param kind  certificate, private key, public key or other
 * @param id    CKA_ID: what pairs a certificate with its keys
 * @param label CKA_LABEL
 */
public record TokenObject(ObjectKind kind, byte[] id, String label) {

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }
}
