package dev.verdict.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stream records of new votes as the votes table's stream carries them (NEW_AND_OLD_IMAGES), in the item shape of
 * dev.verdict.core.store.VotesTable, for the stream function's cold start and warm calls.
 */
final class SampleVoteBatches {

    static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/VotesTable/stream/bench";

    private SampleVoteBatches() {
    }

    /**
     * A batch of {@code size} vote inserts for sample {@code n}: distinct voters, the sample tool, verdict ship, with
     * sequence numbers that grow with {@code n} (so each batch lies past the shard's checkpoint and is applied, not
     * skipped as a redelivery). A mapping with a tumbling window gets the window event naming the shard.
     */
    static byte[] batch(FunctionSpec.StreamMapping mapping, int n, int size) {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String voter = "bench-" + n + "-" + i;
            Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("VOTER#" + voter),
                    "sk", AttributeValue.fromS("TOOL#" + SampleEvents.TOOL));
            Map<String, AttributeValue> item = new java.util.HashMap<>(keys);
            item.put("toolId", AttributeValue.fromS(SampleEvents.TOOL));
            item.put("verdict", AttributeValue.fromS("ship"));
            item.put("comparison", AttributeValue.fromS(SampleEvents.SLUG));
            item.put("votedAt", AttributeValue.fromS("2026-11-27T00:00:00Z"));
            records.add(LambdaEvents.streamRecord("bench-" + voter, "INSERT", String.format("%021d", (long) n * 1000 + i + 1),
                    keys, item, null, Instant.now(), 100, "NEW_AND_OLD_IMAGES", ARN));
        }
        if (mapping.properties().get("TumblingWindowInSeconds") instanceof Number seconds) {
            return LambdaEvents.windowBatch(records, LambdaEvents.Window.containing(Instant.now(), seconds.longValue()), null,
                    "shardId-bench-0001", ARN, false);
        }
        return LambdaEvents.streamBatch(records);
    }
}
