package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The votes stream's twin: the shard's checkpoint (a consistent GetItem), the community aggregates of the tools the
 * new records name (a consistent BatchGetItem), then one transaction that moves the checkpoint and adds the records'
 * votes to those aggregates and to the hour's trending bucket (TransactWriteItems), so a batch counts once.
 */
public class BareVoteStreamHandler implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String content = BareAws.table("CONTENT_TABLE");

    @Override
    public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
        Map<String, AttributeValue> checkpointKey = Map.of(
                "pk", AttributeValue.fromS("CHECKPOINT#" + event.getEventSourceArn() + "|" + event.getShardId()),
                "sk", AttributeValue.fromS("STREAM"));
        var stored = dynamo.getItem(g -> g.tableName(content).key(checkpointKey).consistentRead(true));
        BigInteger checkpoint = stored.hasItem() ? new BigInteger(stored.item().get("sequence").s()) : BigInteger.valueOf(-1);
        Map<String, long[]> votes = new HashMap<>();
        Map<Instant, Map<String, long[]>> hours = new java.util.TreeMap<>();
        String last = null;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String sequence = record.getDynamodb().getSequenceNumber();
            if (new BigInteger(sequence).compareTo(checkpoint) <= 0 || !"INSERT".equals(record.getEventName())) {
                continue;
            }
            last = sequence;
            String tool = BareStreams.newImage(record, "toolId").orElse("");
            boolean ship = "ship".equals(BareStreams.newImage(record, "verdict").orElse(""));
            votes.computeIfAbsent(tool, t -> new long[2])[ship ? 0 : 1]++;
            Instant hour = record.getDynamodb().getApproximateCreationDateTime().toInstant().truncatedTo(ChronoUnit.HOURS);
            hours.computeIfAbsent(hour, h -> new java.util.TreeMap<>()).computeIfAbsent(tool, t -> new long[2])[ship ? 0 : 1]++;
        }
        if (last == null) {
            return TimeWindowEventResponse.builder().withBatchItemFailures(List.of()).build();
        }
        List<Map<String, AttributeValue>> keys = votes.keySet().stream().map(BareVoteStreamHandler::community).toList();
        Map<String, Map<String, AttributeValue>> aggregates = new HashMap<>();
        dynamo.batchGetItem(b -> b.requestItems(Map.of(content, KeysAndAttributes.builder().keys(keys).consistentRead(true).build())))
                .responses().getOrDefault(content, List.of())
                .forEach(item -> aggregates.put(item.get("pk").s(), item));
        String at = Instant.now().toString();
        // Checkpoints are stored zero-padded to 48 digits, so they sort as text; the function compares them so.
        String sequence = "0".repeat(Math.max(0, 48 - last.length())) + last;
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(content)
                .item(Map.of("pk", checkpointKey.get("pk"), "sk", checkpointKey.get("sk"),
                        "sequence", AttributeValue.fromS(sequence), "updatedAt", AttributeValue.fromS(at)))
                .conditionExpression(stored.hasItem() ? "#sequence = :old" : "attribute_not_exists(#pk)")
                .expressionAttributeNames(stored.hasItem() ? Map.of("#sequence", "sequence") : Map.of("#pk", "pk"))
                .expressionAttributeValues(stored.hasItem() ? Map.of(":old", stored.item().get("sequence")) : null)
                .build()).build());
        votes.forEach((tool, counts) -> {
            Map<String, AttributeValue> current = aggregates.get("TOOL#" + tool);
            AttributeValue version = current == null ? null : current.get("version");
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(content).key(community(tool))
                    .updateExpression("ADD #ship :ship, #skip :skip, #version :one SET #at = :at")
                    .conditionExpression(version == null ? "attribute_not_exists(#version)" : "#version = :version")
                    .expressionAttributeNames(Map.of("#ship", "ship", "#skip", "skip", "#version", "version", "#at", "updatedAt"))
                    .expressionAttributeValues(version == null
                            ? Map.of(":ship", n(counts[0]), ":skip", n(counts[1]), ":one", n(1), ":at", AttributeValue.fromS(at))
                            : Map.of(":ship", n(counts[0]), ":skip", n(counts[1]), ":one", n(1), ":at", AttributeValue.fromS(at),
                                    ":version", version))
                    .build()).build());
        });
        // The trending order's hourly buckets: ship votes and all votes per tool, in the same transaction.
        hours.forEach((hour, byTool) -> {
            Map<String, String> names = new HashMap<>(Map.of("#expires", "expiresAt"));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":expires", n(hour.plus(26, ChronoUnit.HOURS).getEpochSecond())));
            List<String> adds = new ArrayList<>();
            byTool.forEach((tool, counts) -> {
                int i = adds.size();
                names.put("#s" + i, "s:" + tool);
                names.put("#n" + i, "n:" + tool);
                values.put(":s" + i, n(counts[0]));
                values.put(":n" + i, n(counts[0] + counts[1]));
                adds.add("#s" + i + " :s" + i + ", #n" + i + " :n" + i);
            });
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(content)
                    .key(Map.of("pk", AttributeValue.fromS("TRENDING#" + hour), "sk", AttributeValue.fromS("BUCKET#0")))
                    .updateExpression("ADD " + String.join(", ", adds) + " SET #expires = :expires")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        });
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException raced) {
            // Another invocation moved the checkpoint first: the batch comes back, and is then behind it.
            return TimeWindowEventResponse.builder().withBatchItemFailures(List.of(
                    TimeWindowEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build())).build();
        }
        return TimeWindowEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private static Map<String, AttributeValue> community(String tool) {
        return Map.of("pk", AttributeValue.fromS("TOOL#" + tool), "sk", AttributeValue.fromS("COMMUNITY"));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
