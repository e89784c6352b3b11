package ukey.app.ui.services;

import java.util.List;
import java.util.Optional;

import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;

/**
 * One inserted key as the window shows it.
 *
 * @param info         the token's description and PIN states when it was read
 * @param token        the token, for PIN changes and certificate reads (blocking calls)
 * @param certificates every certificate object on the key, readable or not
 * @param main         the certificate the key is known by (the user's own, with a private key), if any
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
}
