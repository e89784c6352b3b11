package ukey.app.ui.services;

import java.util.List;
import java.util.Optional;

import ukey.app.tokens.CertificateSummary;
import ukey.token.Identity;
import ukey.token.Token;
import ukey.token.TokenInfo;

/**
 * One inserted key as the window shows it.
 *
 * @param info         the token's description and PIN states when it was read
 * @param token        the token, for PIN changes, certificate reads and renewal (blocking calls)
 * @param identities   what the key holds: SKF containers, or PKCS#11 certificates
 * @param certificates every certificate of those identities, readable or not, signing certificates first
 * @param main         the certificate the key is known by (the one a renewal renews), with its status, if any
 */
public record KeyCard(TokenInfo info, Token token, List<Identity> identities, List<CertificateSummary> certificates,
                      Optional<CertificateSummary> main) {

    public KeyCard {
        identities = List.copyOf(identities);
        certificates = List.copyOf(certificates);
    }

    /** What identifies the key across insertions. */
    public String key() {
        return info.key();
    }

    /** The main certificate's owner, or the key's label when it has none. */
    public String ownerOrLabel() {
        return main.flatMap(CertificateSummary::info).map(i -> i.owner()).orElse(info.label());
    }

    /**
     * The other certificate of the main certificate's identity: on a dual-certificate (SM2) key, the encryption
     * certificate beside the signing one.
     */
    public Optional<CertificateSummary> partner() {
        return main.flatMap(shown -> certificates.stream().filter(c -> c.id().equals(shown.id())
                && c.backend() == shown.backend() && c.usage() != shown.usage()).findFirst());
    }
}
