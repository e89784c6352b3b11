package ukey.app.tokens;

import ukey.token.Token;
import ukey.token.TokenInfo;
import ukey.token.TokenProvider;

/** An inserted token, the library that sees it, and its description read when it was found. */
public record FoundToken(TokenProvider provider, Token token, TokenInfo info) {

    /** "label (serial)", how tokens are named in messages. */
    public String describe() {
        return info.label() + " (" + info.serial() + ")";
    }
}
