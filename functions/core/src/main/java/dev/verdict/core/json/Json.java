package dev.verdict.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** One configured JSON mapper for request and response bodies. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"email":"a@b.example","email":"c@d.example"} means different things to different parsers (the first
            // or the last wins): refuse it rather than guess which one a proxy, a log or a WAF looked at.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // Hostile bodies: bodies are capped at 16 KiB before parsing, and nesting is capped here too.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses a request body into a tree. Malformed JSON is the client's problem: {@link InvalidJsonException}, whose
     * message is written for the client (the http layer answers it with 400).
     */
    public static JsonNode readBody(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node.isMissingNode()) { // no content, or only whitespace
                throw new InvalidJsonException("The body is empty; a JSON object is required.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("The body is not valid JSON.");
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
