package ukey.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, headers (Content-Type among them) and body. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM = "application/problem+json; charset=utf-8";

    static ApiResponse json(int status, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        return new ApiResponse(status, headers, Json.bytes(body));
    }

    static ApiResponse html(String html) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        return new ApiResponse(200, headers, html.getBytes(StandardCharsets.UTF_8));
    }

    ApiResponse header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    ApiResponse withBody(byte[] newBody) {
        return new ApiResponse(status, headers, newBody);
    }
}
