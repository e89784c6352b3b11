package ukey.app.renewal;

import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.Room;
import ukey.token.Token;
import ukey.token.TokenException;

/**
 * Whether an SKF key has room for a renewal's new container, found before any PIN is spent: the most containers a
 * setting knows the library allows (SAR_REACH_MAX_CONTAINER_COUNT), and the free space the key reports
 * (SAR_NO_ROOM). A key that tells neither is found full only when it refuses a write; the new container then goes.
 */
final class SkfRoom {

    /** An SM2 key pair as a key stores it at least: d, X and Y. */
    private static final int KEY_PAIR_BYTES = 32 + 64;

    private SkfRoom() {
    }

    static void check(Token token, RenewalJournal journal) throws RenewalException {
        try {
            Room room = token.room();
            if (room.full()) {
                throw new RenewalException(RenewalError.TOKEN_FULL, "the key holds " + room.used() + " of its "
                        + room.limit().getAsInt() + " containers (SAR_REACH_MAX_CONTAINER_COUNT)");
            }
            long needed = leastBytes(token, journal.currentKey());
            if (room.tooLittleFor(needed)) {
                throw new RenewalException(RenewalError.TOKEN_FULL, room.freeBytes().getAsLong()
                        + " bytes free, the new container needs at least " + needed + " (SAR_NO_ROOM)");
            }
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }

    /**
     * A lower bound of what the new container takes: two key pairs and two certificates as large as the old ones
     * (they carry the same subject and extensions). Vendors add their own overhead; an estimate never refuses a
     * renewal that fits.
     */
    private static long leastBytes(Token token, String container) throws TokenException {
        long certificates = 0;
        for (Identity identity : token.identities()) {
            if (identity.container().filter(container::equals).isPresent()) {
                for (KeyHalf half : identity.halves()) {
                    certificates += half.certificate().map(der -> der.length).orElse(0);
                }
            }
        }
        return certificates + 2L * KEY_PAIR_BYTES;
    }
}
