package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An HTTP API request as API Gateway sends it to a function (payload format 2.0), written as that JSON document:
 * {@code HttpEvents.request("GET", "/comparisons/{slug}").path("slug", "x").json()}. {@link #build()} reads the same
 * JSON into the handler's event type through the runtime's serialization, for tests that call a handler directly.
 * The local stack's front door fills one of these per request, so every event a handler sees was JSON first.
 */
public final class HttpEvents {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final String method;
    private final String routePath;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String rawPath;
    private String rawQuery;
    private String body;
    private boolean base64;
    private String sourceIp = "203.0.113.10";
    private String protocol = "HTTP/1.1";
    private String domainName = "localhost";

    private HttpEvents(String method, String routePath) {
        this.method = method;
        this.routePath = routePath;
    }

    /** A request that API Gateway matched to the route {@code routePath} (a template such as /tools/{id}). */
    public static HttpEvents request(String method, String routePath) {
        return new HttpEvents(method, routePath);
    }

    public HttpEvents path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** A decoded query parameter; a repeated name gets its values joined with commas, as payload 2.0 does. */
    public HttpEvents query(String name, String value) {
        query.merge(name, value, (a, b) -> a + "," + b);
        return this;
    }

    /** The query string as the client sent it; its parameters are decoded from it (form encoding, as API Gateway). */
    public HttpEvents rawQuery(String raw) {
        this.rawQuery = raw;
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return this;
    }

    /** The path as the client sent it (still percent-encoded); by default the route with its parameters filled in. */
    public HttpEvents rawPath(String raw) {
        this.rawPath = raw;
        return this;
    }

    /** A header; names are lower-cased and repeated values joined with commas, as payload 2.0 does. */
    public HttpEvents header(String name, String value) {
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
        return this;
    }

    /** A cookie ({@code name=value}): payload 2.0 moves cookies out of the headers into their own list. */
    public HttpEvents cookie(String nameAndValue) {
        cookies.add(nameAndValue);
        return this;
    }

    public HttpEvents jsonBody(String json) {
        header("content-type", "application/json");
        this.body = json;
        return this;
    }

    public HttpEvents body(String body, boolean isBase64Encoded) {
        this.body = body;
        this.base64 = isBase64Encoded;
        return this;
    }

    public HttpEvents sourceIp(String ip) {
        this.sourceIp = ip;
        return this;
    }

    public HttpEvents protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    public HttpEvents domainName(String domainName) {
        this.domainName = domainName;
        return this;
    }

    /** The event as API Gateway's JSON document. */
    public byte[] json() {
        return LambdaEvents.bytes(tree());
    }

    /** The event as a handler taking APIGatewayV2HTTPEvent receives it from the runtime. */
    public APIGatewayV2HTTPEvent build() {
        return (APIGatewayV2HTTPEvent) LambdaSerialization.read(json(), APIGatewayV2HTTPEvent.class);
    }

    /**
     * Sends the event to a handler as its tests do (no Lambda context) and returns the handler's answer. With
     * {@link ApiContract} enforced, the request and the answer API Gateway would make of it are held against
     * openapi.yaml first, and a mismatch fails the test here.
     */
    public APIGatewayV2HTTPResponse sendTo(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        ObjectNode event = tree();
        byte[] json = LambdaEvents.bytes(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                (APIGatewayV2HTTPEvent) LambdaSerialization.read(json, APIGatewayV2HTTPEvent.class), null);
        if (ApiContract.enforced()) {
            HttpAnswer answer = HttpAnswer.of(LambdaResult.success(
                    LambdaSerialization.write(response, APIGatewayV2HTTPResponse.class)));
            ApiContract.assertConforms(ApiExchange.of(event, answer));
        }
        return response;
    }

    ObjectNode tree() {
        String path = rawPath;
        if (path == null) {
            path = routePath;
            for (var parameter : pathParameters.entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue())
                        .replace("{" + parameter.getKey() + "+}", parameter.getValue());
            }
        }
        String queryString = rawQuery;
        if (queryString == null) {
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(v));
            queryString = q.toString();
        }
        Instant now = Instant.now();
        String routeKey = method + " " + routePath;
        ObjectNode event = LambdaEvents.JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", queryString);
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", LambdaEvents.ACCOUNT);
        context.put("apiId", "local");
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("\\.")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", protocol);
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (!pathParameters.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // API Gateway passes a malformed escape through as typed
        }
    }
}
