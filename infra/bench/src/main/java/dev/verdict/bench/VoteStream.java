package dev.verdict.bench;

import dev.verdict.localkit.FunctionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream records of new votes as the votes table's stream carries them (NEW_AND_OLD_IMAGES), in the item shape of
 * dev.verdict.core.store.VotesTable, for the stream function's cold start and warm calls.
 */
final class VoteStream {

    private VoteStream() {
    }

    /**
     * A batch of {@code size} vote inserts for sample {@code n}: distinct voters, the sample tool, verdict ship, with
     * sequence numbers that grow with {@code n} (so each batch lies past the shard's checkpoint and is applied, not
     * skipped as a redelivery). A mapping with a tumbling window gets the time-window event naming the shard.
     */
    static List<String> batch(FunctionSpec.StreamMapping mapping, int n, int size) {
        List<String> args = new ArrayList<>(List.of("kind=dynamodb",
                "source=arn:aws:dynamodb:us-east-1:000000000000:table/VotesTable/stream/bench"));
        Object window = mapping.properties().get("TumblingWindowInSeconds");
        if (window != null) {
            args.add("shardId=shardId-bench-0001");
            args.add("windowSeconds=" + window);
        }
        for (int i = 0; i < size; i++) {
            String r = "record." + i + ".";
            String voter = "bench-" + n + "-" + i;
            args.add(r + "eventName=INSERT");
            args.add(r + "seq=" + String.format("%021d", (long) n * 1000 + i + 1));
            args.add(r + "keys.pk=S:VOTER#" + voter);
            args.add(r + "keys.sk=S:TOOL#" + SampleEvents.TOOL);
            args.add(r + "new.pk=S:VOTER#" + voter);
            args.add(r + "new.sk=S:TOOL#" + SampleEvents.TOOL);
            args.add(r + "new.toolId=S:" + SampleEvents.TOOL);
            args.add(r + "new.verdict=S:ship");
            args.add(r + "new.comparison=S:" + SampleEvents.SLUG);
            args.add(r + "new.votedAt=S:2026-11-27T00:00:00Z");
        }
        return args;
    }
}
