package dev.verdict.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway v2 HTTP event a handler reads, with header names lower-cased and the body decoded.
 *
 * @param routePath the route's path template from the event's routeKey ({@code /comparisons/{slug}})
 */
public record ApiRequest(String method, String routePath, String rawPath, Map<String, String> pathParameters,
                         Map<String, String> query, Map<String, String> headers, List<String> cookies,
                         Optional<String> body, String sourceIp) {

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null || http.getMethod() == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT);
        String routeKey = event.getRouteKey() == null ? "" : event.getRouteKey();
        // "GET /comparisons/{slug}" gives "/comparisons/{slug}"; a key without a method (no space) is all path.
        String routePath = routeKey.substring(routeKey.indexOf(' ') + 1);
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        Optional<String> body = Optional.ofNullable(event.getBody()).map(text -> event.getIsBase64Encoded()
                ? decodeBase64(text) : text);
        return new ApiRequest(method, routePath, event.getRawPath() == null ? "" : event.getRawPath(),
                event.getPathParameters() == null ? Map.of() : Map.copyOf(event.getPathParameters()),
                event.getQueryStringParameters() == null ? Map.of() : Map.copyOf(event.getQueryStringParameters()),
                Map.copyOf(headers),
                event.getCookies() == null ? List.of() : List.copyOf(event.getCookies()),
                body,
                http == null || http.getSourceIp() == null ? "" : http.getSourceIp());
    }

    private static String decodeBase64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The body is not valid base64.");
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String pathParameter(String name) {
        return pathParameters.getOrDefault(name, "");
    }

    /** A cookie's value by name, from the event's cookies list ("name=value" each). */
    public Optional<String> cookie(String name) {
        for (String cookie : cookies) {
            int eq = cookie.indexOf('=');
            if (eq > 0 && cookie.substring(0, eq).trim().equals(name)) {
                return Optional.of(cookie.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }
}
