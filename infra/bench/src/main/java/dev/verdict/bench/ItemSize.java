package dev.verdict.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item sizes and read capacity as DynamoDB bills them, for when the local engine reports no consumed capacity.
 * Rules (DynamoDB developer guide, "Item sizes and formats" and "Read/write capacity mode"): an item's size is the sum of
 * its attribute names' and values' sizes; strings and binaries count their bytes (UTF-8), a number about one byte per
 * two significant digits plus one, booleans and nulls one byte, a list or map 3 bytes plus 1 byte per element plus its
 * elements. A read unit covers 4 KB; an eventually consistent read costs half a unit. A Query rounds the total of the
 * items it returns up to 4 KB once; BatchGetItem rounds every item up on its own.
 */
final class ItemSize {

    static final int READ_UNIT_BYTES = 4096;

    private ItemSize() {
    }

    static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (var attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    static long value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(ItemSize::number).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (v.hasL()) {
            List<AttributeValue> list = v.l();
            return 3 + list.size() + list.stream().mapToLong(ItemSize::value).sum();
        }
        if (v.hasM()) {
            Map<String, AttributeValue> map = v.m();
            return 3 + map.size() + of(map);
        }
        return 0;
    }

    /** About one byte per two significant digits, plus one; leading and trailing zeros are not significant. */
    static long number(String n) {
        String digits = n.replace("-", "").replace("+", "");
        int exponent = Math.max(digits.indexOf('e'), digits.indexOf('E'));
        if (exponent >= 0) {
            digits = digits.substring(0, exponent);
        }
        digits = digits.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        int significant = Math.max(digits.length(), 1);
        return (significant + 1) / 2 + 1;
    }

    /** Eventually consistent Query: the items' total size rounded up to 4 KB once, half a unit per 4 KB. */
    static double queryReadUnits(List<Map<String, AttributeValue>> items) {
        long total = items.stream().mapToLong(ItemSize::of).sum();
        return Math.max(1, units(total)) * 0.5;
    }

    /** Eventually consistent BatchGetItem: each item rounded up to 4 KB on its own, half a unit each. */
    static double batchGetReadUnits(List<Map<String, AttributeValue>> items) {
        return items.stream().mapToLong(item -> Math.max(1, units(of(item)))).sum() * 0.5;
    }

    private static long units(long bytes) {
        return (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
