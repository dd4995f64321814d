package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's real stream in the local engine and hands out the new records as the JSON Lambda would
 * deliver, read by the runtime's own serializer, so a stream function (the mailers) is tested with what the table actually emitted.
 */
public final class StreamFeed {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    public StreamFeed(DynamoBackend dynamo, DynamoDbClient client, String table) {
        this.streams = dynamo.streamsClient();
        this.streamArn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    /** Every record written since the last call (all of them the first time), as the JSON Lambda sends, read by the runtime's serializer. */
    public DynamodbEvent next() {
        List<ObjectNode> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            if (!iterators.containsKey(shard.shardId())) {
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
            String iterator = iterators.get(shard.shardId());
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                page.records().forEach(r -> records.add(LambdaEvents.streamRecord(r, streamArn)));
                // A closed shard ends with no next iterator; it stays in the map (as null) so it is not read again.
                iterator = page.nextShardIterator();
                iterators.put(shard.shardId(), iterator);
                if (page.records().isEmpty()) {
                    break;
                }
            }
        }
        return (DynamodbEvent) LambdaSerialization.read(LambdaEvents.streamBatch(records), DynamodbEvent.class);
    }
}
