package ukey.sandbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API error, thrown by the service and answered as RFC 9457 application/problem+json: type, title, status,
 * detail, instance, then code, message_zh, message_en, retryable and the code's own fields (attemptsLeft, ...).
 */
final class Problem extends RuntimeException {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Shanghai"));

    final ProblemCode code;
    /** extension members of the problem document */
    final Map<String, Object> fields = new LinkedHashMap<>();
    /** values only the messages use */
    private final Map<String, Object> messageArgs = new LinkedHashMap<>();
    private Integer retryAfterSeconds;
    private String messageZh;
    private String messageEn;

    private Problem(ProblemCode code, String detail) {
        super(detail);
        this.code = code;
    }

    static Problem of(ProblemCode code, String detail) {
        return new Problem(code, detail);
    }

    Problem with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** A message-only value; instants show as dates in China's time zone. */
    Problem arg(String name, Object value) {
        messageArgs.put(name, value instanceof Instant instant ? DATE.format(instant) : value);
        return this;
    }

    /** Replaces the code's usual messages where a case needs other words. */
    Problem message(String zh, String en) {
        messageZh = zh;
        messageEn = en;
        return this;
    }

    Problem retryAfter(int seconds) {
        retryAfterSeconds = seconds;
        return with("retryAfterSeconds", seconds);
    }

    ApiResponse response(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:ukey:renewal:problem:" + code.wire());
        body.put("title", code.title);
        body.put("status", code.status);
        body.put("detail", getMessage());
        body.put("instance", instance);
        body.put("code", code.wire());
        body.put("message_zh", fill(messageZh == null ? code.zh : messageZh));
        body.put("message_en", fill(messageEn == null ? code.en : messageEn));
        body.put("retryable", code.retryable);
        body.putAll(fields);
        ApiResponse response = ApiResponse.json(code.status, body).header("Content-Type", ApiResponse.PROBLEM);
        return retryAfterSeconds == null ? response
                : response.header("Retry-After", Integer.toString(retryAfterSeconds));
    }

    private String fill(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = messageArgs.getOrDefault(matcher.group(1), fields.get(matcher.group(1)));
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        return matcher.appendTail(out).toString();
    }
}
