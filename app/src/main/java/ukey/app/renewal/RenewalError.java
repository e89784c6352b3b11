package ukey.app.renewal;

/** Why a renewal stopped. The error presenter turns each into words, causes and next steps. */
public enum RenewalError {
    /** The user cancelled at the PIN or SMS prompt; the journal stays, resume finishes. */
    CANCELLED,
    /** The key's PIN is locked: unblock it first. */
    PIN_LOCKED,
    /** The token failed or went away; the cause is the TokenException. Resume finishes. */
    TOKEN,
    /** The CA refused or could not be reached; the cause is the CaException. */
    CA,
    /** The computer's clock is wrong (the certificate would not be valid yet). */
    CLOCK_WRONG,
    /** The CA returned a certificate for another key. Refused; nothing was written. */
    ISSUED_KEY_MISMATCH,
    /** The CA returned a certificate for another holder. Refused; nothing was written. */
    ISSUED_SUBJECT_MISMATCH,
    /** The returned certificate does not chain to the configured CA roots. Refused; nothing was written. */
    ISSUED_UNTRUSTED,
    /** The returned certificate is expired, not yet valid or has an absurd validity. Refused. */
    ISSUED_VALIDITY,
    /** The CA's answer is not a certificate. Refused; nothing was written. */
    ISSUED_UNREADABLE,
    /** The new key and certificate did not pass the sign/verify self-test. */
    SELF_TEST_FAILED,
    /** The journal could not be written: nothing is sent or changed without it. */
    JOURNAL,
    /** The certificate to renew is no longer on the token. */
    CERTIFICATE_GONE,
    /** The certificate's key is of a kind the client cannot make on the token (SM2, RSA-4096, ...); the detail names it. */
    KEY_NOT_SUPPORTED,
    /** Another window or command is renewing this key right now; this one did nothing. */
    ALREADY_RUNNING,
    /**
     * The journal was written for another key than the one in hand (another token, or the old certificate is gone
     * or now has another key reference): nothing was written or destroyed. The detail says what differs.
     */
    JOURNAL_MISMATCH,
    /** The CA kept asking for codes (or resending them) past the client's limit; the renewal can be continued. */
    CHALLENGE_LIMIT,
    /** The CA's certificate does not do what the old one did, or is a CA certificate, or is signed with SHA-1 / MD5. */
    ISSUED_USAGE
}
