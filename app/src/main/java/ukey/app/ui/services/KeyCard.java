package ukey.app.ui.services;

import java.util.List;
import java.util.Optional;

import ukey.app.tokens.CertificateSummary;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;

/**
 * One inserted key as the window shows it.
 *
 * @param info         the token's description and PIN states when it was read
 * @param token        the token, for PIN changes, certificate reads and renewal (blocking calls)
 * @param certificates every certificate object on the key, readable or not
 * @param main         the certificate the key is known by (the one a renewal renews), with its status, if any
 */
public record KeyCard(TokenInfo info, Token token, List<TokenCertificate> certificates,
                      Optional<CertificateSummary> main) {

    public KeyCard {
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
}
