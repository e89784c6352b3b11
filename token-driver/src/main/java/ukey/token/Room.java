package ukey.token;

import java.util.OptionalInt;

/**
 * How many identities a token holds and how many it can hold, read without a PIN so that a full key is found
 * before any PIN is spent.
 *
 * @param used  identities (SKF containers, PKCS#11 certificate IDs) on the token now
 * @param limit the most the token holds, when known (SKF has no call that tells: a per-library setting); a
 *              full token is then also found when a write fails (TOKEN_MEMORY_FULL)
 */
public record Room(int used, OptionalInt limit) {

    /** Identities that still fit, when the limit is known. */
    public OptionalInt left() {
        return limit.isPresent() ? OptionalInt.of(Math.max(0, limit.getAsInt() - used)) : OptionalInt.empty();
    }

    /** The token is known to be full. */
    public boolean full() {
        return left().isPresent() && left().getAsInt() == 0;
    }
}
