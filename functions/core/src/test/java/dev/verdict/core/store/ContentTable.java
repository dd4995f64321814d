package dev.verdict.core.store;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Tool;
import dev.verdict.localkit.DynamoBackend;
import dev.verdict.localkit.TestTables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A fresh content table on the local engine, and the raw reads and writes the store tests arrange and check with:
 * items put and read back through the SDK as any other writer or reader would see them.
 */
final class ContentTable {

    final TestTables tables = TestTables.create();
    final DynamoDbClient client = tables.client();
    final String name = tables.table("ContentTable");
    final ContentAggregates aggregates = new ContentAggregates(client, name);
    final CatalogueReads catalogue = new CatalogueReads(client, name, null);

    /** A client of the same engine whose requests pass through {@code interceptor}: to count them, or to race them. */
    DynamoDbClient clientWith(ExecutionInterceptor interceptor) {
        DynamoBackend engine = tables.dynamo();
        return AwsClients.build(DynamoDbClient.builder(), engine.region().id(), Optional.of(engine.endpoint()), interceptor);
    }

    static Tool tool(String id, String name, String category) {
        return new Tool(id, name, "Vendor of " + name, category, "A tagline", "A description",
                new Pricing("free", "subscription", "none"), List.of());
    }

    void put(Map<String, AttributeValue> item) {
        client.putItem(b -> b.tableName(name).item(item));
    }

    /** A tool's catalogue entry, which the recompute's rank repair needs to know its name and category. */
    void putTool(Tool tool) {
        put(ContentItems.toolItem(tool));
    }

    /** The item at {@code pk}/{@code sk}, read consistently; empty when there is none. */
    Map<String, AttributeValue> item(String pk, String sk) {
        return client.getItem(b -> b.tableName(name).key(ContentItems.key(pk, sk)).consistentRead(true)).item();
    }

    Map<String, AttributeValue> bucket(Instant hour, int part) {
        return client.getItem(b -> b.tableName(name).key(ContentItems.bucketKey(hour, part)).consistentRead(true)).item();
    }

    /** One part of an hour's bucket as the stream handler leaves it: per tool its ship votes and its votes. */
    void putBucket(Instant hour, int part, Map<String, long[]> shipAndVotes) {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.bucketKey(hour, part));
        shipAndVotes.forEach((tool, numbers) -> {
            item.put("s:" + tool, n(numbers[0]));
            item.put("n:" + tool, n(numbers[1]));
        });
        put(item);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** Text that makes an item weigh about 380 KB: three of them are more than one 1 MB page of a Scan or Query. */
    static AttributeValue heavy() {
        return s("x".repeat(380_000));
    }
}
