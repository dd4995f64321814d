package dev.verdict.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader builds the tree the functions' databind mapper built (node types included: an int is an IntNode, a long
 * a LongNode) and refuses every body that mapper refused.
 */
class JsonReaderTest {

    /** The mapper Json configured before the reader, kept here as the reference. */
    private static final ObjectMapper DATABIND = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        DATABIND.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    @Test
    void wellFormedBodiesBecomeTheTreeDatabindBuilt() throws Exception {
        for (String body : List.of("{}", "[]", "null", "true", "false", "\"text\"", "0", "-0", "1", "-1",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "123456789012345678901234567890", "1.0", "-0.0", "1.5e-7", "1E400", "0.1", "3.141592653589793238462643",
                "{\"toolId\":\"code-llama-4\",\"verdict\":\"ship\"}", " \n\t{\"a\" : [1, 2.5, \"x\", null, {\"b\":[]}]} \r\n",
                "{\"\\u0000\\n\\\"\":\"\\ud83d\\ude80 é \\u2028\"}", "{\"email\":\"a@b.example\",\"Email\":\"c@d.example\"}",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")) {
            assertSameTree(body);
        }
    }

    @Test
    void randomDocumentsBecomeTheTreeDatabindBuilt() throws Exception {
        Random random = new Random(28);
        for (int i = 0; i < 500; i++) {
            assertSameTree(Json.write(RandomJson.value(random)));
        }
    }

    @Test
    void everyBodyDatabindRefusedIsRefused() {
        String deep = "[".repeat(33) + "]".repeat(33);
        String deepObject = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
        for (String body : List.of("{", "}", "[1,", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "nul", "tru",
                "{\"a\":1,\"a\":2}", "{\"x\":{\"a\":1,\"a\":1}}", "{} {}", "{}x", "[] []", "1 2", "\"open", "01", "+1",
                ".5", "NaN", "Infinity", "-", "1e", "{\"a\":\"\u0001\"}", "/* c */ {}", "{} // c", "\"\\x\"", deep,
                deepObject, "\u0000", "\uFEFF{}")) {
            assertThat(databindRefuses(body)).as("databind refuses %s", body).isTrue();
            assertThat(readerRefuses(body)).as("the reader refuses %s", body).isTrue();
        }
    }

    @Test
    void theSharedMapperRefusesWhatTheReaderRefuses() {
        for (String body : List.of("{\"a\":1,\"a\":2}", "[".repeat(33) + "]".repeat(33), "{} {}")) {
            assertThat(refusedByTheSharedMapper(body)).as(body).isTrue();
        }
        assertThat(refusedByTheSharedMapper("{\"a\":[1]}")).isFalse();
    }

    private static boolean refusedByTheSharedMapper(String body) {
        try {
            Json.mapper().readTree(body);
            return false;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    @Test
    void aBodyWithNoValueIsMissingAsItWasForDatabind() throws Exception {
        for (String body : List.of("", " ", "\n\t\r ")) {
            assertThat(JsonReader.read(body).isMissingNode()).isTrue();
            assertThat(DATABIND.readTree(body).isMissingNode()).isTrue();
        }
    }

    private static void assertSameTree(String body) throws Exception {
        JsonNode expected = DATABIND.readTree(body);
        JsonNode actual = JsonReader.read(body);
        assertThat(actual).as(body).isEqualTo(expected);
        assertSameNodeTypes(actual, expected, body);
    }

    /** JsonNode.equals already tells an IntNode from a LongNode; this also names where two trees part. */
    private static void assertSameNodeTypes(JsonNode actual, JsonNode expected, String body) {
        assertThat(actual.getClass()).as(body).isEqualTo(expected.getClass());
        for (int i = 0; i < expected.size() && expected.isArray(); i++) {
            assertSameNodeTypes(actual.get(i), expected.get(i), body);
        }
        expected.properties().forEach(p -> assertSameNodeTypes(actual.get(p.getKey()), p.getValue(), body));
    }

    private static boolean databindRefuses(String body) {
        try {
            DATABIND.readTree(body);
            return false;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    private static boolean readerRefuses(String body) {
        try {
            Json.readBody(body);
            return false;
        } catch (InvalidJsonException e) {
            return e.getMessage().equals("The body is not valid JSON.");
        }
    }
}
