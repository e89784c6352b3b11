package ukey.sandbox;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** One HTTP request as the service sees it; header names are lower case. */
record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                  byte[] body) {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** "METHOD /path": what faults match and idempotency records keep. */
    String line() {
        return method + " " + path;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String signature() {
        return header(RequestSignature.HEADER);
    }

    /** The Idempotency-Key, which every POST must carry: a UUID. */
    String idempotencyKey() {
        String key = header(IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "a POST needs an Idempotency-Key header (a UUID)");
        }
        try {
            UUID.fromString(key.trim());
        } catch (IllegalArgumentException e) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "the Idempotency-Key must be a UUID, not " + key);
        }
        return key.trim().toLowerCase(Locale.ROOT);
    }

    JsonNode json() {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw Problem.of(ProblemCode.BAD_REQUEST, "the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "the body is not JSON: " + e.getMessage());
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw Problem.of(ProblemCode.BAD_REQUEST, field + " must be a non-empty string");
        }
        return value.asText();
    }

    /** Signed bodies repeat the ids of their path, so that a signature cannot be replayed on another resource. */
    void requireEcho(JsonNode body, String field, String pathValue) {
        if (!text(body, field).equals(pathValue)) {
            throw Problem.of(ProblemCode.BAD_REQUEST, field + " in the body must equal the one in the path ("
                    + pathValue + ")");
        }
    }
}
