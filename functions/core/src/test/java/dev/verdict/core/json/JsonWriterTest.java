package dev.verdict.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
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
            assertSame(RandomJson.value(random));
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

    /** Methods named like getters that databind does not write (or that are components). */
    record NotGetters(long getaway, String name) {
        public String get() {
            return "";
        }

        public boolean is() {
            return false;
        }

        public String isName() {
            return name;
        }

        public void getNothing() {
        }

        public String getName(int suffix) {
            return name + suffix;
        }

        public static int getCount() {
            return 0;
        }

        boolean isHidden() {
            return false;
        }
    }

    /** Databind takes island() for a property "land". */
    record Island(long ship) {
        public boolean island() {
            return true;
        }
    }

    private record Hidden(String secret) {
    }

    record WithTotal(long ship, long skip) {
        public long getTotal() {
            return ship + skip;
        }
    }

    record WithBoxedFlag(long ship) {
        public Boolean isOpen() {
            return Boolean.TRUE;
        }
    }

    record Failing(String text) {
        @Override
        public String text() {
            throw new IllegalStateException("no text");
        }
    }

    /**
     * Shapes are read straight from {@code shape}, not through a write: written shapes are kept per type for the JVM's
     * life, so a write shows only the first shape it found.
     */
    @Test
    void aRecordsShapeNamesItsComponentsItsNullsLeftOutAndAnyOtherGetter() throws Exception {
        var tally = JsonWriter.shape(Tally.class);
        assertThat(tally.components()).extracting(c -> c.getName())
                .containsExactly("ship", "skip", "shipPercent", "lowerBound", "ship24h");
        assertThat(tally.omitNull()).containsExactly(false, false, false, false, true);
        assertThat(tally.otherGetter()).isNull();
        assertThat(JsonWriter.shape(Page.class).omitNull()).containsExactly(true, true, true, true);
        assertThat(JsonWriter.shape(WithGetter.class).otherGetter()).isEqualTo("isZero");
        assertThat(JsonWriter.shape(NotGetters.class).otherGetter()).isNull();
        assertThat(JsonWriter.shape(Island.class).otherGetter()).isEqualTo("island");
        assertThat(DATABIND.writeValueAsString(new Island(1))).contains("\"land\":true");
        assertThat(DATABIND.writeValueAsString(new NotGetters(1, "n"))).isEqualTo(Json.write(new NotGetters(1, "n")));
        assertThat(JsonWriter.shape(WithTotal.class).otherGetter()).isEqualTo("getTotal");
        assertThat(DATABIND.writeValueAsString(new WithTotal(1, 2))).contains("\"total\":3");
        assertThat(DATABIND.writeValueAsString(new WithBoxedFlag(1))).isEqualTo("{\"ship\":1,\"open\":true}");
        assertThat(JsonWriter.shape(WithBoxedFlag.class).otherGetter()).isEqualTo("isOpen");
        var hidden = JsonWriter.shape(Hidden.class);
        assertThat(hidden.components()[0].getAccessor().canAccess(new Hidden("s")))
                .as("a record private to another class is read all the same").isTrue();
    }

    @Test
    void anAccessorThatFailsFailsTheWriteWithItsOwnException() {
        assertThatThrownBy(() -> Json.write(new Failing("x")))
                .isInstanceOf(IllegalStateException.class).hasMessage("no text");
    }

    @Test
    void aTreeDatabindAlreadyBuiltIsWrittenAsItsOwnJson() throws Exception {
        var node = Json.readBody("{\"a\":[1,\"x\\n\"],\"b\":{\"c\":null}}");
        assertThat(Json.write(Map.of("node", node))).isEqualTo("{\"node\":" + DATABIND.writeValueAsString(node) + "}");
    }

    private static void assertSame(Object value) throws Exception {
        assertThat(Json.write(value)).isEqualTo(DATABIND.writeValueAsString(value));
    }
}
