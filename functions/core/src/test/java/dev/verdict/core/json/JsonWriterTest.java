package dev.verdict.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer writes what jackson-databind (a plain mapper, as the functions had it) writes for the same value. */
class JsonWriterTest {

    private static final ObjectMapper DATABIND = JsonMapper.builder().build();

    enum Verdict { SHIP, SKIP }

    record Tally(long ship, long skip, Integer shipPercent, double lowerBound,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long ship24h) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Page(List<Tally> items, String nextCursor, Verdict leader, Map<String, Tally> byTool) {
    }

    record Numbers(int i, long l, short s, byte b, float f, double d, BigDecimal decimal, BigInteger big,
                   Double boxed, char c, boolean yes) {
    }

    record Arrays2(String[] names, int[] counts, List<String> none) {
    }

    record WithGetter(long ship) {
        public boolean isZero() {
            return ship == 0;
        }
    }

    @Test
    void recordsNestedInListsAndMapsAreWrittenAsDatabindWritesThem() throws Exception {
        Map<String, Tally> byTool = new LinkedHashMap<>();
        byTool.put("code-llama-4", new Tally(3, 1, 75, 0.30064, 2L));
        byTool.put("google-scion", new Tally(0, 0, null, 0.0, null));
        Page page = new Page(List.copyOf(byTool.values()), null, Verdict.SHIP, byTool);
        assertSame(page);
        assertSame(new Page(List.of(), "abc", null, Map.of()));
        assertThat(Json.write(page)).doesNotContain("nextCursor").contains("\"shipPercent\":null")
                .doesNotContain("\"ship24h\":null").contains("\"ship24h\":2");
    }

    @Test
    void everyKindOfNumberIsWrittenAsDatabindWritesIt() throws Exception {
        assertSame(new Numbers(-7, Long.MIN_VALUE, (short) 12, (byte) -3, 0.1f, 1.0E-7, new BigDecimal("1E+3"),
                new BigInteger("123456789012345678901234567890"), 2.5E20, 'x', true));
        assertSame(new Numbers(0, 0, (short) 0, (byte) 0, Float.NaN, Double.POSITIVE_INFINITY, BigDecimal.ZERO,
                BigInteger.ZERO, null, '"', false));
        for (double d : new double[] {0.5, 1.0, 100.0, 1e7, 1.0E-3, 12345.678, Double.MIN_VALUE, Double.MAX_VALUE,
                -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 2.0 / 3}) {
            assertSame(d);
        }
    }

    @Test
    void stringsAreEscapedAsDatabindEscapesThem() throws Exception {
        StringBuilder everyLowChar = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            everyLowChar.append(c);
        }
        assertSame(everyLowChar.toString());
        assertSame("quote \" backslash \\ slash / tab \t newline \n é ü 日本 \u2028 \u2029 \uFEFF 🚀 </script>");
        assertSame(Map.of("key \"with\" quotes\n", "value"));
    }

    @Test
    void arraysCollectionsNullsAndEnumsAreWrittenAsDatabindWritesThem() throws Exception {
        assertSame(new Arrays2(new String[] {"a", null}, new int[] {1, 2, 3}, null));
        assertSame(Arrays.asList(1, null, "two", true, Verdict.SKIP, List.of(), Map.of()));
        assertSame(null);
        assertSame(new Object[0]);
    }

    @Test
    void randomTreesOfMapsListsStringsAndNumbersAreWrittenAsDatabindWritesThem() throws Exception {
        Random random = new Random(20261128);
        for (int i = 0; i < 500; i++) {
            assertSame(tree(random, 0));
        }
    }

    @Test
    void aTypeWithNoJsonFormOfOursIsRefusedInABodyAndWrittenAsTextInALogLine() {
        assertThatThrownBy(() -> Json.write(Map.of("at", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> Json.write(Optional.of(1))).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", Instant.EPOCH);
        line.put("n", 3);
        assertThat(Json.writeLine(line)).isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\",\"n\":3}");
    }

    @Test
    void aRecordWithAGetterBesideItsComponentsIsRefusedInABodyAndWrittenWithoutItInALogLine() throws Exception {
        assertThat(DATABIND.writeValueAsString(new WithGetter(0))).as("databind writes the getter").contains("zero");
        assertThatThrownBy(() -> Json.write(new WithGetter(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("isZero");
        assertThat(Json.writeLine(Map.of("tally", new WithGetter(0)))).as("a log line is written all the same")
                .isEqualTo("{\"tally\":{\"ship\":0}}");
    }

    @Test
    void aTreeDatabindAlreadyBuiltIsWrittenAsItsOwnJson() throws Exception {
        var node = Json.readBody("{\"a\":[1,\"x\\n\"],\"b\":{\"c\":null}}");
        assertThat(Json.write(Map.of("node", node))).isEqualTo("{\"node\":" + DATABIND.writeValueAsString(node) + "}");
    }

    private static void assertSame(Object value) throws Exception {
        assertThat(Json.write(value)).isEqualTo(DATABIND.writeValueAsString(value));
    }

    private static Object tree(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> randomString(random);
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(tree(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random), tree(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append((char) switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x60);
                case 2 -> 0x80 + random.nextInt(0x780);
                default -> random.nextInt(0x10000);
            });
        }
        return text.toString();
    }
}
