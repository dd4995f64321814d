package dev.verdict.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.InvalidJsonException;
import dev.verdict.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The checks every JSON write body passes before anyone reads a field of it. */
public final class JsonBodies {

    /** 16 KiB: far above any honest body here, far below what would cost us to parse. */
    public static final int MAX_BYTES = 16 * 1024;

    private JsonBodies() {
    }

    public static JsonNode object(ApiRequest request) {
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String mediaType = contentType.split(";", 2)[0].trim();
        // A missing type is refused too: a cross-site form or a no-cors fetch() can send a body without one (or as
        // text/plain) with no CORS preflight, while application/json always takes one, which only the site passes.
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("The body must be application/json (send Content-Type: application/json).");
        }
        String body = request.body().orElse("");
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.badRequest("The body is larger than " + MAX_BYTES + " bytes.");
        }
        JsonNode node;
        try {
            node = Json.readBody(body); // an empty or blank body is refused here too, as empty
        } catch (InvalidJsonException malformed) {
            throw ApiException.badRequest(malformed.getMessage());
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object.");
        }
        return node;
    }

    /** A required string field; anything else (absent, null, number, object) is refused naming the field. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string.");
        }
        return value.asText();
    }
}
