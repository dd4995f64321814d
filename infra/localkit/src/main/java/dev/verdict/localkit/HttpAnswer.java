package dev.verdict.localkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client gets, decided from a function's answer the way API Gateway's HTTP API decides it for payload format
 * 2.0: a JSON object with {@code statusCode} gives the status, {@code headers}, {@code cookies} (each a Set-Cookie)
 * and the {@code body} (base64-decoded when {@code isBase64Encoded}); valid JSON without {@code statusCode} is itself
 * the body of a 200 application/json answer; a function error, or an answer that is not JSON, is a 500
 * {@code {"message":"Internal Server Error"}}. Format 2.0 has no {@code multiValueHeaders}: API Gateway drops them,
 * and so does this.
 */
public record HttpAnswer(int status, Map<String, String> headers, List<String> cookies, byte[] body) {

    public static HttpAnswer of(LambdaResult result) {
        if (!result.ok()) {
            return internalServerError();
        }
        JsonNode answer = LambdaEvents.tree(result.payload());
        if (answer.isMissingNode()) {
            return internalServerError();
        }
        if (!answer.isObject() || !answer.has("statusCode")) {
            return new HttpAnswer(200, Map.of("content-type", "application/json"), List.of(), result.payload());
        }
        if (!answer.get("statusCode").canConvertToInt()) {
            return internalServerError();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        List<String> cookies = new ArrayList<>();
        answer.path("cookies").forEach(c -> cookies.add(c.asText()));
        byte[] body = new byte[0];
        JsonNode text = answer.path("body");
        if (text.isTextual()) {
            body = answer.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text.asText())
                    : text.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpAnswer(answer.get("statusCode").asInt(), headers, cookies, body);
    }

    private static HttpAnswer internalServerError() {
        return new HttpAnswer(500, Map.of("content-type", "application/json"), List.of(),
                "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** A header by name, case-insensitively (null when absent). */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
