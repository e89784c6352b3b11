package ukey.token;

/** What went wrong with a token, in terms that callers act on. The app's error presenter turns these into words. */
public enum TokenError {
    /** The PIN was wrong; the exception carries the PIN state read after the failure. */
    PIN_INCORRECT,
    /** The PIN is locked: unblock it with the administrator (SO) PIN. */
    PIN_LOCKED,
    /** The new PIN is shorter or longer than the token allows. */
    PIN_LEN_RANGE,
    /** The token refused the new PIN's characters or form. */
    PIN_INVALID,
    /** The PIN has expired and must be changed. */
    PIN_EXPIRED,
    /** The caller refused to spend the last PIN try (the caller did not confirm). */
    PIN_FINAL_TRY_NOT_CONFIRMED,
    /** The token is gone or was replaced; callers rescan and start again. */
    TOKEN_REMOVED,
    /** The token does not allow writing. */
    TOKEN_WRITE_PROTECTED,
    /** The token is full. */
    TOKEN_MEMORY_FULL,
    /** The token or its library does not support this mechanism or function. */
    NOT_SUPPORTED,
    /** The key or object asked for is not on the token. */
    OBJECT_NOT_FOUND,
    /** Logging in is needed first, or another user is logged in. */
    LOGIN_REQUIRED,
    /** The PKCS#11 library could not be loaded (missing file, wrong bitness, not a PKCS#11 library). */
    LIBRARY_LOAD_FAILED,
    /**
     * The library crashed or hung again and again in its helper process and is switched off until the client
     * restarts; the message names the library and the last failure.
     */
    LIBRARY_DISABLED,
    /** The device or its library failed. */
    DEVICE_ERROR,
    /** Anything else; the CKR name says what. */
    OTHER
}
