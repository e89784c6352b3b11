package ukey.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTP side: routes requests to the service, applies the test faults, keeps POST answers by Idempotency-Key and
 * renders problems. Each request is one or two short transactions on the {@link Store}.
 */
final class HttpFront implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    static final int MAX_BODY = 64 * 1024;

    private interface Action {
        ApiResponse run(ApiRequest request, List<String> pathParts);
    }

    private record Route(String method, Pattern path, Action action) {
    }

    /** Thrown to make the JDK server close the connection without an answer. */
    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super("fault: connection dropped", null, false, false);
        }
    }

    private final Store store;
    private final CaServices services;
    private final List<Route> routes = new ArrayList<>();

    HttpFront(Store store, CaServices services) {
        this.store = store;
        this.services = services;
        ApiViews views = services.views();
        RenewalService renewals = services.renewals();
        Challenges challenges = services.challenges();
        Issuance issuance = services.issuance();
        SealService seals = services.seals();
        String id = "([A-Za-z0-9._-]+)";
        get("/", (r, p) -> ApiResponse.json(200, Map.of("name", "UKey sandbox CA", "directory", "/v1/directory")));
        get("/portal", (r, p) -> ApiResponse.html(PORTAL));
        get("/v1/directory", (r, p) -> store.write(s -> ApiResponse.json(200, views.directory(s.settings))));
        get("/v1/certificates/" + id, (r, p) -> store.write(s -> ApiResponse.json(200,
                views.certificateStatus(s, p.get(0)))));
        post("/v1/renewals", (r, p) -> idempotent(r, s -> renewals.start(s, r)));
        get("/v1/renewals/" + id, (r, p) -> store.write(s -> issuance.poll(s, p.get(0))));
        get("/v1/renewals/" + id + "/certificate", (r, p) -> store.write(s -> issuance.certificate(s, p.get(0))));
        post("/v1/renewals/" + id + "/challenges/" + id,
                (r, p) -> idempotent(r, s -> challenges.answer(s, r, p.get(0), p.get(1))));
        post("/v1/renewals/" + id + "/challenges/" + id + "/resend",
                (r, p) -> idempotent(r, s -> challenges.resend(s, r, p.get(0), p.get(1))));
        post("/v1/renewals/" + id + "/confirm", (r, p) -> idempotent(r, s -> renewals.confirm(s, r, p.get(0))));
        post("/v1/renewals/" + id + "/abandon", (r, p) -> idempotent(r, s -> renewals.abandon(s, r, p.get(0))));
        get("/v1/seals", (r, p) -> {
            String certId = r.query().get("certId");
            if (certId == null || certId.isEmpty()) {
                throw Problem.of(ProblemCode.BAD_REQUEST, "GET /v1/seals needs ?certId=");
            }
            return store.write(s -> ApiResponse.json(200, seals.seals(s, certId)));
        });
        post("/v1/seals/" + id + "/extend", (r, p) -> idempotent(r, s -> seals.extend(s, r, p.get(0))));
    }

    private void get(String path, Action action) {
        routes.add(new Route("GET", Pattern.compile(path), action));
    }

    private void post(String path, Action action) {
        routes.add(new Route("POST", Pattern.compile(path), action));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        ApiRequest request = read(exchange);
        ApiResponse response;
        Faults.Taken fault = request.path().startsWith("/v1/")
                ? store.write(s -> s.settings.faults.take(request.line()))
                : new Faults.Taken(0, Faults.Kind.NONE, 0);
        if (fault.delayMs() > 0) {
            sleep(fault.delayMs());
        }
        if (fault.kind() == Faults.Kind.UNAVAILABLE) {
            response = Problem.of(ProblemCode.UNAVAILABLE, "fault: the sandbox answers 503")
                    .retryAfter(fault.retryAfterSeconds()).response(request.path());
        } else if (fault.kind() == Faults.Kind.DROP_BEFORE) {
            LOG.info("{} -> connection dropped before processing (fault)", request.line());
            throw new DropConnection();
        } else {
            response = dispatch(request);
        }
        if (fault.kind() == Faults.Kind.DROP_AFTER) {
            LOG.info("{} -> {} done, connection dropped (fault)", request.line(), response.status());
            throw new DropConnection();
        }
        if (fault.kind() == Faults.Kind.MALFORMED) {
            response = response.withBody(Arrays.copyOf(response.body(), response.body().length / 2));
        }
        send(exchange, response);
        LOG.info("{} -> {} ({} ms){}", request.line(), response.status(), (System.nanoTime() - started) / 1_000_000,
                fault.kind() == Faults.Kind.NONE ? "" : " fault " + fault.kind());
    }

    ApiResponse dispatch(ApiRequest request) {
        try {
            if (request.body().length > MAX_BODY) {
                throw Problem.of(ProblemCode.BAD_REQUEST, "the body is larger than " + MAX_BODY + " bytes");
            }
            List<String> allowed = new ArrayList<>();
            for (Route route : routes) {
                Matcher matcher = route.path().matcher(request.path());
                if (!matcher.matches()) {
                    continue;
                }
                if (!route.method().equals(request.method())) {
                    allowed.add(route.method());
                    continue;
                }
                List<String> parts = new ArrayList<>();
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    parts.add(matcher.group(i));
                }
                return route.action().run(request, parts);
            }
            if (!allowed.isEmpty()) {
                return Problem.of(ProblemCode.METHOD_NOT_ALLOWED, request.method() + " is not allowed here")
                        .response(request.path()).header("Allow", String.join(", ", allowed));
            }
            throw Problem.of(ProblemCode.NOT_FOUND, "no resource " + request.path());
        } catch (Problem problem) {
            return problem.response(request.path());
        } catch (RuntimeException e) {
            LOG.error("{} failed", request.line(), e);
            return Problem.of(ProblemCode.INTERNAL_ERROR, e.toString()).response(request.path());
        }
    }

    /**
     * Runs a POST under its Idempotency-Key: the same key with the same request line and body gets the stored answer
     * again; with another request, 409. Answers that changed the state are stored: 2xx, and a wrong SMS code (it
     * used an attempt). Thrown problems changed nothing, so they are not stored and a resend is judged afresh.
     */
    private ApiResponse idempotent(ApiRequest request, Function<State, ApiResponse> action) {
        String key = request.idempotencyKey();
        String bodySha256 = Certs.sha256(request.body());
        return store.write(state -> {
            IdempotencyRecord stored = state.idempotency.get(key);
            if (stored != null) {
                if (stored.request.equals(request.line()) && stored.bodySha256.equals(bodySha256)) {
                    return new ApiResponse(stored.status, stored.headers,
                            stored.body.getBytes(StandardCharsets.UTF_8)).header("Idempotent-Replayed", "true");
                }
                throw Problem.of(ProblemCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key " + key + " was used for "
                        + stored.request + " with another body at " + stored.at);
            }
            ApiResponse response = action.apply(state);
            if (response.status() < 429) {
                IdempotencyRecord record = new IdempotencyRecord();
                record.key = key;
                record.request = request.line();
                record.bodySha256 = bodySha256;
                record.status = response.status();
                record.headers = response.headers();
                record.body = new String(response.body(), StandardCharsets.UTF_8);
                record.at = services.now();
                state.idempotency.put(key, record);
            }
            return response;
        });
    }

    private static ApiRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                query, headers, body);
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String PORTAL = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>UKey 沙箱 CA</title></head>
            <body>
            <h1>UKey 沙箱 CA</h1>
            <p>这是测试用的 CA。订单由管理员命令办理：</p>
            <pre>ca-sandbox/target/ca-sandbox order --dir DIR --serial 序列号 --approve</pre>
            <p>This is a test CA. Orders are placed and approved with the admin command above.</p>
            </body></html>
            """;
}
