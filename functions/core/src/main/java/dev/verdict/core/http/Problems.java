package dev.verdict.core.http;

import dev.verdict.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * application/problem+json bodies (RFC 9457). A problem that says nothing beyond its status has the type
 * {@code /problems/<status>}: our own, relative to the API's address (RFC 9457 allows a relative reference), which
 * needs no configuration here and resolves beside the site's {@code /problems/voter-required} wherever the site and
 * the API share an origin. openapi.yaml lists every type; none names an internal class or name.
 */
public final class Problems {

    private Problems() {
    }

    public static ApiResponse response(int status, String title, String detail) {
        return response("/problems/" + status, status, title, detail);
    }

    /** A problem of its own type (a URI naming what went wrong, for clients that act on it; listed in openapi.yaml). */
    public static ApiResponse response(String type, int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return new ApiResponse(status, Map.of("Content-Type", ApiResponse.PROBLEM_JSON, "Cache-Control", "no-store"),
                Json.write(problem), List.of());
    }
}
