package dev.verdict.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for request and response bodies and log lines, written by {@link JsonWriter} and read by {@link JsonReader}
 * without databind's mapper, whose classes were most of a function's first answer (docs/performance.md). The mapper,
 * configured as the readers are, is still here for the few that read typed values or build trees.
 */
public final class Json {

    /**
     * A holder, so that the mapper (and the classes it loads) is made the first time something asks for it. It parses
     * with a copy of JsonReader's factory, so typed reads refuse what bodies are refused for (a repeated key, deep
     * nesting), and a second value too.
     */
    private static final class Mapper {
        private static final ObjectMapper INSTANCE = JsonMapper.builder(JsonReader.factory())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private Json() {
    }

    /** {@code value}: a record, map, list, array, string, number, boolean, enum or null (see {@link JsonWriter}). */
    public static String write(Object value) {
        return JsonWriter.write(value);
    }

    /** A log line: as {@link #write}, but a value of another type is written as its text rather than refused. */
    public static String writeLine(Map<String, ?> line) {
        return JsonWriter.writeLine(line);
    }

    /**
     * Parses a request body into a tree. Malformed JSON is the client's problem: {@link InvalidJsonException}, whose
     * message is written for the client (the http layer answers it with 400).
     */
    public static JsonNode readBody(String body) {
        JsonNode node;
        try {
            node = JsonReader.read(body);
        } catch (IOException e) { // from a string, only ever the parser's refusal
            throw new InvalidJsonException("The body is not valid JSON.");
        }
        if (node.isMissingNode()) { // no content, or only whitespace
            throw new InvalidJsonException("The body is empty; a JSON object is required.");
        }
        return node;
    }

    /** Databind itself, for the few readers of typed values and builders of trees; made on first use. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }
}
