package dev.verdict.bench.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The DynamoDB requests of one comparison read and nothing else: a Query on the comparison's partition, then one
 * BatchGetItem for its tools' META, PANEL and COMMUNITY items. This is the floor the handler's read is measured against
 * (warm and cold), written against the SDK alone so it can ship in a jar without the framework.
 */
public final class BareComparisonRead {

    /** What one read fetched and what DynamoDB said it cost (null where it reported nothing). */
    public record Result(List<Map<String, AttributeValue>> partition, List<Map<String, AttributeValue>> tools,
                         Double queryCapacity, Double batchCapacity, int requests) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final ReturnConsumedCapacity capacity;

    public BareComparisonRead(DynamoDbClient dynamo, String table, boolean reportCapacity) {
        this.dynamo = dynamo;
        this.table = table;
        this.capacity = reportCapacity ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
    }

    public Result read(String slug) {
        QueryResponse query = dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", "pk"))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COMPARISON#" + slug)))
                .returnConsumedCapacity(capacity));
        int requests = 1;
        List<String> toolIds = List.of();
        for (Map<String, AttributeValue> item : query.items()) {
            if ("META".equals(item.get("sk").s()) && item.containsKey("toolIds")) {
                toolIds = item.get("toolIds").l().stream().map(AttributeValue::s).toList();
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String toolId : toolIds) {
            for (String sk : List.of("META", "PANEL", "COMMUNITY")) {
                keys.add(Map.of("pk", AttributeValue.fromS("TOOL#" + toolId), "sk", AttributeValue.fromS(sk)));
            }
        }
        List<Map<String, AttributeValue>> tools = new ArrayList<>();
        Double batchCapacity = null;
        Map<String, KeysAndAttributes> pending = keys.isEmpty() ? Map.of() : Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse batch = dynamo.batchGetItem(b -> b.requestItems(request).returnConsumedCapacity(capacity));
            requests++;
            tools.addAll(batch.responses().getOrDefault(table, List.of()));
            batchCapacity = add(batchCapacity, batch.hasConsumedCapacity() ? batch.consumedCapacity() : List.of());
            pending = batch.unprocessedKeys();
        }
        Double queryCapacity = query.consumedCapacity() == null ? null : query.consumedCapacity().capacityUnits();
        return new Result(query.items(), tools, queryCapacity, batchCapacity, requests);
    }

    private static Double add(Double sum, List<ConsumedCapacity> consumed) {
        for (ConsumedCapacity c : consumed) {
            if (c.capacityUnits() != null) {
                sum = (sum == null ? 0 : sum) + c.capacityUnits();
            }
        }
        return sum;
    }
}
