package dev.verdict.localkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API request as the client sent it and the answer it got, as API Gateway would have passed them on: what
 * {@link ApiContract} holds against openapi.yaml. Built from the event JSON a handler was given, so the handler tests
 * and the local stack's front door describe an exchange the same way.
 */
public record ApiExchange(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                          List<String> cookies, String body, HttpAnswer answer) {

    public ApiExchange {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** From an API Gateway payload 2.0 event (the JSON {@link HttpEvents} writes) and what API Gateway answered. */
    public static ApiExchange of(JsonNode event, HttpAnswer answer) {
        String method = event.path("requestContext").path("http").path("method").asText();
        Map<String, List<String>> query = new LinkedHashMap<>();
        // Payload 2.0 joins a repeated parameter's values with commas; the raw query string keeps them apart.
        String raw = event.path("rawQueryString").asText("");
        if (!raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                            .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        List<String> cookies = new ArrayList<>();
        event.path("cookies").forEach(c -> cookies.add(c.asText()));
        String body = null;
        if (event.path("body").isTextual()) {
            String text = event.get("body").asText();
            body = event.path("isBase64Encoded").asBoolean(false) ? base64(text) : text;
        }
        return new ApiExchange(method, event.path("rawPath").asText(), query, headers, cookies, body, answer);
    }

    /** A body the client sent as base64 that is not base64 is still what it sent: kept as typed. */
    private static String base64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return text;
        }
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** One line naming the request and the answer's status, for a mismatch report. */
    public String describe() {
        StringBuilder query = new StringBuilder();
        this.query.forEach((name, values) -> values.forEach(v -> query.append(query.isEmpty() ? "?" : "&")
                .append(name).append('=').append(v.length() > 40 ? v.substring(0, 40) + "…" : v)));
        String target = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        return method + " " + target + query + " → " + answer.status();
    }
}
