package dev.verdict.localkit;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Creates every table template.yaml declares, named {@code prefix + logicalId}. */
public final class LocalTables {

    private LocalTables() {
    }

    /** @return logical id → local table name */
    public static Map<String, String> createAll(SamTemplate template, DynamoDbClient dynamo, String prefix) {
        return createAll(template, dynamo, prefix, (logicalId, name) -> { });
    }

    /** As above, {@code fill} (logical id, table name) writing each table's first items before its stream is on. */
    public static Map<String, String> createAll(SamTemplate template, DynamoDbClient dynamo, String prefix,
                                                java.util.function.BiConsumer<String, String> fill) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TableSpec table : template.tables()) {
            String name = prefix + table.logicalId();
            table.create(dynamo, name, created -> fill.accept(table.logicalId(), created));
            names.put(table.logicalId(), name);
        }
        return names;
    }
}
