package ukey.sandbox;

import java.time.Instant;

/** A text message the CA "sent": the outbox is what the demo prints and the tests read. */
public final class SmsMessage {
    public Instant sentAt;
    public String phone;
    public String code;
    public String text;
    public String renewalId;
    public String challengeId;
    public String certId;

    public SmsMessage() {
    }
}
