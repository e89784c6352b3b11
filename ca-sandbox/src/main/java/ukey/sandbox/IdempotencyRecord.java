package ukey.sandbox;

import java.time.Instant;
import java.util.Map;

/** The stored answer to a POST with an Idempotency-Key. */
final class IdempotencyRecord {
    public String key;
    /** "METHOD /path" */
    public String request;
    public String bodySha256;
    public int status;
    public Map<String, String> headers;
    public String body;
    public Instant at;

    IdempotencyRecord() {
    }
}
