package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway v2 HTTP events as API Gateway sends them, for feeding handlers in tests:
 * {@code HttpEvents.request("GET", "/comparisons/{slug}").path("slug", "x").build()}.
 */
public final class HttpEvents {

    private final String method;
    private final String routePath;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String body;
    private boolean base64;
    private String sourceIp = "203.0.113.10";

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

    public HttpEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public HttpEvents header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

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

    public APIGatewayV2HTTPEvent build() {
        String rawPath = routePath;
        for (var parameter : pathParameters.entrySet()) {
            rawPath = rawPath.replace("{" + parameter.getKey() + "}", parameter.getValue())
                    .replace("{" + parameter.getKey() + "+}", parameter.getValue());
        }
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((k, v) -> rawQuery.append(rawQuery.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + routePath)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery.toString())
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : List.copyOf(cookies))
                .withQueryStringParameters(query.isEmpty() ? null : Map.copyOf(query))
                .withPathParameters(pathParameters.isEmpty() ? null : Map.copyOf(pathParameters))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(method + " " + routePath)
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp).withUserAgent("test").build())
                        .build())
                .build();
    }
}
