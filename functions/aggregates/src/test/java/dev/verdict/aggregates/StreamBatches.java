package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaSerialization;
import dev.verdict.localkit.StreamPoller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * Stream batches for a test to hand to the stream handler itself: the votes table's real records, as Lambda passes
 * them on (JSON read by the runtime's serialization), on whichever shard the test names. moto gives a stream one shard;
 * naming another shard id is how a test shows what a stream of several shards does.
 */
final class StreamBatches {

    private StreamBatches() {
    }

    /** The votes stream's ARN in the fixture's tables. */
    static String streamArn(AggregatesFixture f) {
        return StreamPoller.streamArn(f.tables.client(), f.tables.table("VotesTable"));
    }

    /** The id of the one shard moto gives the votes stream. */
    static String realShard(AggregatesFixture f) {
        return f.tables.dynamo().streamsClient().describeStream(b -> b.streamArn(streamArn(f)))
                .streamDescription().shards().getFirst().shardId();
    }

    /** Every record now in the votes stream, oldest first, as Lambda writes them into an event. */
    static List<ObjectNode> records(AggregatesFixture f) {
        var streams = f.tables.dynamo().streamsClient();
        String arn = streamArn(f);
        List<ObjectNode> records = new ArrayList<>();
        for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(GetShardIteratorRequest.builder().streamArn(arn)
                    .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
            while (iterator != null) {
                var page = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
                page.records().forEach(r -> records.add(LambdaEvents.streamRecord(r, arn)));
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }

    /** The tumbling-window event Lambda sends for {@code records} read from shard {@code shardId}. */
    static DynamodbTimeWindowEvent batch(AggregatesFixture f, String shardId, List<ObjectNode> records) {
        return read(LambdaEvents.windowBatch(records, LambdaEvents.Window.containing(Instant.now(), 900), null, shardId,
                streamArn(f), false));
    }

    static DynamodbTimeWindowEvent read(byte[] json) {
        return (DynamodbTimeWindowEvent) LambdaSerialization.read(json, DynamodbTimeWindowEvent.class);
    }

    /** A copy of {@code record} that claims another sequence number (or none, for null). */
    static ObjectNode withSequenceNumber(ObjectNode record, String sequenceNumber) {
        ObjectNode copy = record.deepCopy();
        ((ObjectNode) copy.get("dynamodb")).put("SequenceNumber", sequenceNumber);
        copy.put("eventID", "renumbered-" + sequenceNumber);
        return copy;
    }
}
