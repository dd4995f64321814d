package dev.verdict.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a body into databind's tree, the tree {@code ObjectMapper.readTree} builds, straight from jackson-core's parser.
 * An ObjectMapper and its deserializers are about 300 classes, loaded on a function's first body; the tree's nodes are
 * a few dozen. The parser refuses what the functions' mapper refused: a repeated key, nesting deeper than 32, and
 * anything after the first value.
 */
final class JsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // {"email":"a@b.example","email":"c@d.example"} means different things to different parsers (the first
            // or the last wins): refuse it rather than guess which one a proxy, a log or a WAF looked at.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Hostile bodies: bodies are capped at 16 KiB before parsing, and nesting is capped here too.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonReader() {
    }

    /** A copy of the reader's factory, its refusals included, for a mapper of its own. */
    static JsonFactory factory() {
        return FACTORY.copy();
    }

    /** The tree, or a MissingNode for a body with no value (empty or whitespace), as readTree answers it. */
    static JsonNode read(String body) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "a second value after the body's JSON value");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) { // the parser ends an unclosed object or array itself; this is the belt to its braces
            throw new JsonParseException(parser, "the body ends inside a value");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            // readTree's choice for a fraction: a double, unless the parser holds it as something else.
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberType()) {
                case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                case FLOAT -> NODES.numberNode(parser.getFloatValue());
                default -> NODES.numberNode(parser.getDoubleValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    private static ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            object.set(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }
}
