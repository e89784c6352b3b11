package ukey.sandbox;

import java.time.Instant;

/** The SMS challenge of a renewal. The code is kept here and in the outbox, never in an API answer. */
public final class Challenge {
    public String id;
    public String type = "sms";
    /** pending or passed */
    public String status = "pending";
    public String phone;
    public String code;
    public Instant sentAt;
    public Instant expiresAt;
    public int attemptsLeft;

    public Challenge() {
    }
}
