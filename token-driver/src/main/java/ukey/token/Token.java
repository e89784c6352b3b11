package ukey.token;

import java.util.List;

/**
 * An inserted token. Every call may block (real USB keys are slow): never call these on a UI thread.
 * Implementations: PKCS#11 tokens, and a deterministic simulated token for states SoftHSM cannot reach.
 */
public interface Token {

    /** A fresh read of the token's description and PIN flags. */
    TokenInfo info() throws TokenException;

    /** The certificates on the token, readable or not, without logging in. */
    List<TokenCertificate> certificates() throws TokenException;

    /**
     * Changes the user PIN. Both arrays are the caller's to clear.
     *
     * @throws TokenException PIN_INCORRECT (with the PIN state), PIN_LOCKED, PIN_LEN_RANGE, ...
     */
    void changePin(char[] currentPin, char[] newPin) throws TokenException;

    /** Unblocks the user PIN with the security officer's PIN and sets a new user PIN. */
    void unblockPin(char[] soPin, char[] newPin) throws TokenException;

    /** Logs the user in and opens a read/write session for key and certificate work. */
    TokenSession login(char[] pin) throws TokenException;
}
