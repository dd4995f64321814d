package dev.verdict.signups;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.verdict.localkit.DynamoBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's real stream in the local engine and hands out the new records as the DynamodbEvent Lambda would
 * deliver, so the mailer is tested with what the table actually emitted.
 */
final class StreamFeed {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    StreamFeed(DynamoBackend dynamo, DynamoDbClient client, String table) {
        this.streams = dynamo.streamsClient();
        this.streamArn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    /** Every record written since the last call (all of them the first time). */
    DynamodbEvent next() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            if (!iterators.containsKey(shard.shardId())) {
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
            String iterator = iterators.get(shard.shardId());
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                page.records().forEach(r -> records.add(convert(r)));
                // A closed shard ends with no next iterator; it stays in the map (as null) so it is not read again.
                iterator = page.nextShardIterator();
                iterators.put(shard.shardId(), iterator);
                if (page.records().isEmpty()) {
                    break;
                }
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private DynamodbEvent.DynamodbStreamRecord convert(software.amazon.awssdk.services.dynamodb.model.Record r) {
        var change = r.dynamodb();
        StreamRecord record = new StreamRecord()
                .withSequenceNumber(change.sequenceNumber())
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(change.streamViewTypeAsString()))
                .withKeys(image(change.keys()))
                .withNewImage(change.hasNewImage() ? image(change.newImage()) : null)
                .withOldImage(change.hasOldImage() ? image(change.oldImage()) : null);
        var out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(r.eventID());
        out.setEventName(r.eventNameAsString());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion("us-east-1");
        out.setEventSourceARN(streamArn);
        out.setDynamodb(record);
        return out;
    }

    private static Map<String, AttributeValue> image(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> image = new HashMap<>();
        item.forEach((name, value) -> image.put(name, value(value)));
        return image;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue out = new AttributeValue();
        switch (v.type()) {
            case S -> out.setS(v.s());
            case N -> out.setN(v.n());
            case B -> out.setB(ByteBuffer.wrap(v.b().asByteArray()));
            case BOOL -> out.setBOOL(v.bool());
            case NUL -> out.setNULL(true);
            case SS -> out.setSS(v.ss());
            case NS -> out.setNS(v.ns());
            case M -> out.setM(image(v.m()));
            case L -> out.setL(v.l().stream().map(StreamFeed::value).toList());
            default -> throw new IllegalArgumentException("unexpected attribute type " + v.type());
        }
        return out;
    }
}
