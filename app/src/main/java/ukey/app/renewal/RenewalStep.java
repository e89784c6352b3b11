package ukey.app.renewal;

/**
 * The steps of a renewal, in order. The journal records a step before the engine acts on it, so a resume
 * repeats the step that was running; every step is written so that repeating it is harmless.
 */
public enum RenewalStep {
    /** Journal made; nothing done yet. */
    STARTED,
    /** PIN state, clock, CA reachable, window and order checked. */
    PREFLIGHT_PASSED,
    /** Generating the new key pair; its label is in the journal, so a crash here finds the pair again. */
    KEY_PAIR,
    /** The request is built and (about to be) sent with the journal's idempotency key. */
    SUBMITTED,
    /** The CA says the certificate is issued. */
    ISSUED,
    /** The certificate and chain passed validation; they are in the journal. */
    VALIDATED,
    /** The certificate is on the token. */
    WRITTEN,
    /** The new key signed and the certificate verified the signature. */
    SELF_TESTED,
    /** The CA has the confirmation. */
    CONFIRMED,
    /** The old certificate is archived (decryption keys) or removed. */
    RETIRED,
    /** Finished; seals extended where the CA offers it. */
    DONE,
    /** Refused or abandoned; the journal says why. Nothing more will be done. */
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
