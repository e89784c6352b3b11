package ukey.token;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a person holds on a token: a signing half and, on dual-certificate (SM2) keys, an encryption half.
 * An SKF container gives both halves; a PKCS#11 CKA_ID group gives one (see {@link Identities#fromPkcs11}).
 *
 * @param id         stable, opaque text naming the identity on its token across sessions and processes (to
 *                   journal and to pass back to {@link TokenSession}); never parse it
 * @param name       what the token calls it: the container name, or the PKCS#11 label
 * @param backend    a fact for lists and logs only
 * @param container  the SKF container name, where there is one
 * @param signing    the signing half, when there is one
 * @param encryption the encryption half, when there is one
 * @param algorithm  the key algorithm as the token says: "SM2", "RSA", "EC", or "" when the token does not say
 *                   (an empty container; a PKCS#11 certificate's key is read from the certificate)
 */
public record Identity(String id, String name, Backend backend, Optional<String> container,
                       Optional<KeyHalf> signing, Optional<KeyHalf> encryption, String algorithm) {

    /** The halves there are, signing first. */
    public List<KeyHalf> halves() {
        return Stream.of(signing, encryption).flatMap(Optional::stream).toList();
    }

    /** The half to show first: signing when there is one, else encryption. */
    public Optional<KeyHalf> primary() {
        return signing.or(() -> encryption);
    }

    /** Neither a key nor a certificate: an empty container. */
    public boolean empty() {
        return signing.isEmpty() && encryption.isEmpty();
    }
}
