package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void sizesAnItemAsNamesPlusValues() {
        // "pk"(2) + "TOOL#x"(6) + "ship"(4) + 123 (2 bytes for 3 digits + 1) + "tags"(4) + list: 3 + 2 elements + "a"(1) + "bc"(2)
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("TOOL#x"),
                "ship", AttributeValue.fromN("123"),
                "tags", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("bc"))));

        assertThat(ItemSize.of(item)).isEqualTo(2 + 6 + 4 + 3 + 4 + (3 + 2 + 1 + 2));
    }

    @Test
    void countsStringsInUtf8Bytes() {
        assertThat(ItemSize.of(Map.of("q", AttributeValue.fromS("é€")))).isEqualTo(1 + 2 + 3);
    }

    @Test
    void sizesNumbersByTheirSignificantDigits() {
        assertThat(ItemSize.number("0")).isEqualTo(2);
        assertThat(ItemSize.number("12")).isEqualTo(2);
        assertThat(ItemSize.number("-1200")).isEqualTo(2);
        assertThat(ItemSize.number("0.00125")).isEqualTo(3);
        assertThat(ItemSize.number("1234567")).isEqualTo(5);
    }

    @Test
    void chargesAQueryHalfAUnitPerStartedFourKilobytesOfEverythingItReturned() {
        var small = Map.of("k", AttributeValue.fromS("x".repeat(99)));           // 100 bytes
        var large = Map.of("k", AttributeValue.fromS("x".repeat(4095)));         // 4096 bytes

        assertThat(ItemSize.queryReadUnits(List.of(small, small))).isEqualTo(0.5);
        assertThat(ItemSize.queryReadUnits(List.of(large))).isEqualTo(0.5);
        assertThat(ItemSize.queryReadUnits(List.of(large, small))).isEqualTo(1.0);
        assertThat(ItemSize.queryReadUnits(List.of())).isEqualTo(0.5);
    }

    @Test
    void chargesABatchGetHalfAUnitPerItemRoundedUpOnItsOwn() {
        var small = Map.of("k", AttributeValue.fromS("x".repeat(99)));
        var overFour = Map.of("k", AttributeValue.fromS("x".repeat(4096)));      // 4097 bytes: two units

        assertThat(ItemSize.batchGetReadUnits(List.of(small, small))).isEqualTo(1.0);
        assertThat(ItemSize.batchGetReadUnits(List.of(overFour))).isEqualTo(1.0);
    }
}
