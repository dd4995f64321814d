package dev.verdict.core.http;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-origin access for the site's own origin only. On AWS the HTTP API's CorsConfiguration answers too; the
 * handler's answer keeps the local stack and direct invocations behaving the same.
 */
public record Cors(String allowedOrigin) {

    ApiResponse decorate(ApiResponse response) {
        return response.withHeaders(Map.of(
                "Access-Control-Allow-Origin", allowedOrigin,
                "Access-Control-Allow-Credentials", "true",
                "Access-Control-Expose-Headers", "ETag, Retry-After",
                "Vary", "Origin"));
    }

    ApiResponse preflight(Set<String> methods) {
        Set<String> allowed = new TreeSet<>(methods);
        allowed.add("OPTIONS");
        return ApiResponse.noContent().withHeaders(Map.of(
                "Access-Control-Allow-Methods", String.join(", ", allowed),
                "Access-Control-Allow-Headers", "Content-Type, If-None-Match",
                "Access-Control-Max-Age", "600"));
    }
}
