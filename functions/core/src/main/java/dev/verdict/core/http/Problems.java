package dev.verdict.core.http;

import dev.verdict.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** application/problem+json bodies (RFC 9457). The type URI names the status, never an internal class or name. */
public final class Problems {

    private Problems() {
    }

    public static ApiResponse response(int status, String title, String detail) {
        return response("https://httpstatuses.io/" + status, status, title, detail);
    }

    /** A problem of its own type (an absolute URI naming what went wrong, for clients that act on it). */
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
