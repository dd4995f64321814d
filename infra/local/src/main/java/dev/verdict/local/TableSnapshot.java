package dev.verdict.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The local stack's tables on disk. moto keeps its tables in memory only, so the stack saves every item of every
 * table into one file ({@code tables.json} in the data dir, items in DynamoDB's own JSON shape) and restores them at
 * start. A save goes to a temporary file that replaces the old one in one atomic rename: a crash mid-save leaves the
 * previous save whole. A file that cannot be read is refused, never overwritten or started over.
 */
final class TableSnapshot {

    static final String FILE_NAME = "tables.json";
    private static final String FORMAT = "verdict-local-tables/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Logical table id → its items. */
    private final Map<String, List<Map<String, AttributeValue>>> tables;

    private TableSnapshot(Map<String, List<Map<String, AttributeValue>>> tables) {
        this.tables = tables;
    }

    static TableSnapshot empty() {
        return new TableSnapshot(Map.of());
    }

    /** Reads a saved copy; a missing file is an empty one, an unreadable one stops the stack with what to do. */
    static TableSnapshot read(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new CorruptSnapshotException(file, "it is not a saved copy of the local tables (no \"format\": \"" + FORMAT + "\")");
            }
            Map<String, List<Map<String, AttributeValue>>> tables = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tables").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> table = it.next();
                List<Map<String, AttributeValue>> items = new ArrayList<>();
                for (JsonNode item : table.getValue()) {
                    items.add(item(item));
                }
                tables.put(table.getKey(), items);
            }
            return new TableSnapshot(tables);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(file, "it is damaged (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new CorruptSnapshotException(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    int itemCount() {
        return tables.values().stream().mapToInt(List::size).sum();
    }

    /** Writes the saved items of {@code logicalId} into the (new, stream-less) table {@code name}. */
    void restore(DynamoDbClient dynamo, String logicalId, String name) {
        List<Map<String, AttributeValue>> items = tables.getOrDefault(logicalId, List.of());
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(name, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> send = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
            }
        }
    }

    /** Saves every item of {@code tables} (logical id → table name) to {@code file}, atomically. */
    static int save(DynamoDbClient dynamo, Map<String, String> tables, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", Instant.now().toString());
        ObjectNode out = root.putObject("tables");
        int count = 0;
        for (Map.Entry<String, String> table : tables.entrySet()) {
            ArrayNode items = out.putArray(table.getKey());
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table.getValue()).consistentRead(true)).items()) {
                items.add(json(item));
                count++;
            }
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".saving");
        try (OutputStream stream = Files.newOutputStream(temporary)) {
            JSON.writeValue(stream, root);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true); // on disk before it takes the old file's place
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return count;
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    private static JsonNode json(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case M -> node.set("M", json(value.m()));
            case L -> value.l().forEach(v -> node.withArray("L").add(json(v)));
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return node;
    }

    private static Map<String, AttributeValue> item(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("an item is not a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("an attribute value must be an object with one type key, not " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(text(v));
            case "N" -> AttributeValue.fromN(text(v));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(v))));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
        };
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("expected a string, found " + node);
        }
        return node.asText();
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(element -> values.add(text(element)));
        return values;
    }

    /** A saved copy that cannot be used: the stack refuses to start rather than start empty over it. */
    static final class CorruptSnapshotException extends IllegalStateException {
        CorruptSnapshotException(Path file, String why) {
            super("cannot start from " + file + ": " + why + ". Nothing was changed. Move the file away to start with"
                    + " empty tables (the catalogue is loaded again), or restore it from a copy.");
        }
    }
}
