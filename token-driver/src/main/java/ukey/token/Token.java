package ukey.token;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An inserted token. Every call may block (real USB keys are slow): never call these on a UI thread.
 * Implementations: PKCS#11 tokens, SKF devices, and a deterministic simulated token for states SoftHSM cannot
 * reach.
 */
public interface Token {

    /** A fresh read of the token's description and PIN flags. */
    TokenInfo info() throws TokenException;

    /**
     * The serial the token was listed by, known without a call to the device (empty where an implementation does not
     * keep it): a key watch reads {@link #info()} only for a token it has not seen at its last look.
     */
    default Optional<String> listedSerial() {
        return Optional.empty();
    }

    /** The certificates on the token, readable or not, without logging in. */
    List<TokenCertificate> certificates() throws TokenException;

    /**
     * The identities on the token, without logging in: SKF containers with both halves, or PKCS#11 certificates
     * one half each (see {@link Identities#fromPkcs11}). Empty containers are listed too.
     */
    default List<Identity> identities() throws TokenException {
        return Identities.fromPkcs11(certificates());
    }

    /** How many identities the token holds and, when known, can hold; read without a PIN. */
    default Room room() throws TokenException {
        return new Room(identities().size(), OptionalInt.empty());
    }

    /**
     * Renames the token (SKF_SetLabel). PKCS#11 tokens answer NOT_SUPPORTED: their label is set only when
     * the token is initialised, which wipes it.
     */
    default void setLabel(String label) throws TokenException {
        throw new TokenException(TokenError.NOT_SUPPORTED, "this token's label cannot be changed");
    }

    /**
     * Changes the user PIN. Both arrays are the caller's to clear. The PIN flags are read again first: a locked
     * PIN is not sent, nor one at its final try unless {@code finalTry} is CONFIRMED.
     *
     * @throws TokenException PIN_INCORRECT (with the PIN state), PIN_LOCKED, PIN_FINAL_TRY_NOT_CONFIRMED,
     *                        PIN_LEN_RANGE, ...
     */
    void changePin(char[] currentPin, char[] newPin, FinalTry finalTry) throws TokenException;

    /** {@link #changePin(char[], char[], FinalTry)} without a confirmation of the final try. */
    default void changePin(char[] currentPin, char[] newPin) throws TokenException {
        changePin(currentPin, newPin, FinalTry.NOT_CONFIRMED);
    }

    /**
     * Unblocks the user PIN with the security officer's (SKF: administrator's) PIN and sets a new user PIN. The SO PIN's flags are read
     * again first, as for {@link #changePin(char[], char[], FinalTry)}: a locked SO PIN often cannot be recovered.
     */
    void unblockPin(char[] soPin, char[] newPin, FinalTry finalTry) throws TokenException;

    /** {@link #unblockPin(char[], char[], FinalTry)} without a confirmation of the final try. */
    default void unblockPin(char[] soPin, char[] newPin) throws TokenException {
        unblockPin(soPin, newPin, FinalTry.NOT_CONFIRMED);
    }

    /**
     * Logs the user in and opens a read/write session for key and certificate work. The PIN flags are read again
     * first, as for {@link #changePin(char[], char[], FinalTry)}; the PIN counts as right only when the token
     * checked it (a token that says "already logged in" has not).
     */
    TokenSession login(char[] pin, FinalTry finalTry) throws TokenException;

    /** {@link #login(char[], FinalTry)} without a confirmation of the final try. */
    default TokenSession login(char[] pin) throws TokenException {
        return login(pin, FinalTry.NOT_CONFIRMED);
    }
}
