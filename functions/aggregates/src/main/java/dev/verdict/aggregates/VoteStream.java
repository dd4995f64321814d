package dev.verdict.aggregates;

import dev.verdict.core.log.Metrics;
import dev.verdict.core.log.Log;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One batch of the votes stream: read the records, apply them exactly once, report the unapplied tail to Lambda and
 * the counts as CloudWatch metrics (embedded metric format, one log line, no personal data).
 *
 * <p>The answer always carries {@code state}: with a tumbling window on the mapping, Lambda counts an answer without it
 * as a failed invocation (retried, bisected, then sent to the failure queue). The window's state is not used for the
 * counts (the checkpoint in DynamoDB is what makes them exact), so it is handed back as it came.
 */
@Singleton
public final class VoteStream {

    private static final Log LOG = Log.of(VoteStream.class);

    private final StreamApplier applier;

    public VoteStream(StreamApplier applier) {
        this.applier = applier;
    }

    public TimeWindowEventResponse handle(DynamodbTimeWindowEvent event) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        var state = event.getState() == null ? new HashMap<String, String>() : new HashMap<>(event.getState());
        if (records.isEmpty()) {
            // Also the window's final invoke, which carries no records: nothing to apply, the window just closes.
            return new TimeWindowEventResponse(state, new ArrayList<>());
        }
        List<VoteChange> changes = new ArrayList<>();
        int unreadable = 0;
        for (DynamodbStreamRecord record : records) {
            Optional<VoteChange> change = VoteChange.of(record);
            change.ifPresent(changes::add);
            if (change.isEmpty() || change.get().malformed()) {
                unreadable++;
                // The event id and name only: the images hold a voter id, which stays out of the logs.
                LOG.warn("malformed vote stream record", "eventID", record.getEventID(), "eventName", record.getEventName());
            }
        }
        var outcome = applier.apply(shard(event, records), changes);
        Metrics.of("VoteStream").count("VoteRecords", records.size()).count("VoteRecordsApplied", outcome.applied())
                .count("VoteRecordsAlreadyApplied", outcome.skipped()).count("MalformedVoteRecords", unreadable)
                .count("AggregateWrites", outcome.aggregateWrites()).count("TrendingBucketWrites", outcome.bucketWrites())
                .emit();
        List<TimeWindowEventResponse.BatchItemFailure> failures = new ArrayList<>();
        outcome.failedAt().ifPresent(sequence -> failures.add(new TimeWindowEventResponse.BatchItemFailure(sequence)));
        return new TimeWindowEventResponse(state, failures);
    }

    /**
     * The checkpoint's scope. Lambda names the shard in the event when the mapping has a tumbling window (which
     * template.yaml declares for this reason); without one, the stream as a whole is the scope.
     */
    static String shard(DynamodbTimeWindowEvent event, List<DynamodbStreamRecord> records) {
        String stream = Objects.requireNonNullElse(records.getFirst().getEventSourceARN(), "stream");
        return Optional.ofNullable(event.getShardId()).map(shardId -> VotesStreamReader.scope(stream, shardId))
                .orElse(stream);
    }
}
