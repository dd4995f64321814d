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
        Map<String, String> names = new LinkedHashMap<>();
        for (TableSpec table : template.tables()) {
            String name = prefix + table.logicalId();
            table.create(dynamo, name);
            names.put(table.logicalId(), name);
        }
        return names;
    }
}
