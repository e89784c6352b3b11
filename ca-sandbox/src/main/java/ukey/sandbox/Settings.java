package ukey.sandbox;

import java.util.List;

/**
 * The CA's run-time settings, kept in DIR/settings.json. The server reads the file at every request, so an edit
 * (by hand, by `ca-sandbox settings`, or by {@link SandboxCa#updateSettings}) acts on the next request.
 */
public final class Settings {
    /** renewal opens this many days before the certificate's notAfter (30, 60 or 90 on real platforms) */
    public int windowDays = 30;
    public KeyPolicy keyPolicy = KeyPolicy.NEW_REQUIRED;
    /** whether a renewal asks for an SMS code before it is processed */
    public boolean sms = true;
    /** whether /v1/seals works and certificates get a seal when first issued */
    public boolean sealService = true;
    /** how many polls of a processing renewal answer "processing" before it is issued */
    public int pollCount = 2;
    /** the Retry-After of processing answers */
    public int retryAfterSeconds = 1;
    /** the validity added by a renewal: new notAfter = old notAfter + validityDays (repair: now + validityDays) */
    public int validityDays = 365;
    public int smsCodeTtlSeconds = 300;
    /** the shortest time between two SMS codes of a challenge */
    public int smsResendSeconds = 60;
    /** wrong answers allowed per code */
    public int smsAttempts = 5;
    /** SM2 renewals: the KMC encrypts d alone (32, the standard's) or 32 zero bytes || d (64, GmSSL v2's layout) */
    public int envelopePrivateKeyBytes = 32;
    /**
     * The key algorithms the CA renews online, when fewer than it certifies (a CA that renews SM2 keys at its
     * counter only lists the others); null: all it certifies. The directory lists these and a renewal takes no other.
     */
    public List<String> renewedAlgorithms;
    public Faults faults = new Faults();

    public Settings() {
    }

    void validate() {
        if (windowDays < 1 || windowDays > 3650) {
            throw new IllegalArgumentException("windowDays must be between 1 and 3650, not " + windowDays);
        }
        if (keyPolicy == null) {
            throw new IllegalArgumentException("keyPolicy must be new-required or same-allowed");
        }
        if (pollCount < 0 || retryAfterSeconds < 0 || validityDays < 1 || smsCodeTtlSeconds < 1
                || smsResendSeconds < 0 || smsAttempts < 1) {
            throw new IllegalArgumentException("settings: pollCount, retryAfterSeconds and smsResendSeconds must not "
                    + "be negative; validityDays, smsCodeTtlSeconds and smsAttempts must be at least 1");
        }
        if (envelopePrivateKeyBytes != 32 && envelopePrivateKeyBytes != 64) {
            throw new IllegalArgumentException("envelopePrivateKeyBytes must be 32 or 64, not "
                    + envelopePrivateKeyBytes);
        }
        if (faults == null) {
            faults = new Faults();
        }
        faults.validate();
    }

    Settings copy() {
        return Json.MAPPER.convertValue(this, Settings.class);
    }
}
