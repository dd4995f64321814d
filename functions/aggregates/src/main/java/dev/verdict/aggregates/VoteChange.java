package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.store.VotesTable;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one stream record of the votes table does to the community aggregates: INSERT adds the new vote, MODIFY moves
 * it (−1 on the old verdict, +1 on the new), REMOVE takes the old one away. A record we cannot read is kept with no
 * effect and {@code malformed} set, so it is counted and stepped over rather than blocking its shard.
 *
 * <p>The same change moves the hourly trending buckets: the old vote leaves the bucket of the hour it was cast in
 * (its {@code changedAt}), the new one enters its own hour's. A bucket so holds exactly the current votes cast in its
 * hour, which a recount of the votes table can check. A vote without {@code changedAt} (written before it existed)
 * has no hour and moves no bucket.
 *
 * @param sequence the record's stream sequence number (its position in the shard, and the batch item identifier)
 * @param hours    per hour (truncated), per tool, what the change does to that hour's bucket
 */
record VoteChange(BigInteger sequence, String sequenceText, Map<String, Counts> deltas,
                  Map<Instant, Map<String, Counts>> hours, boolean malformed) {

    static Optional<VoteChange> of(DynamodbStreamRecord record) {
        var stream = record.getDynamodb();
        if (stream == null || stream.getSequenceNumber() == null || !stream.getSequenceNumber().matches("[0-9]{1,60}")) {
            return Optional.empty();
        }
        String text = stream.getSequenceNumber();
        BigInteger sequence = new BigInteger(text);
        Optional<VotesTable.Vote> before = vote(stream.getOldImage());
        Optional<VotesTable.Vote> after = vote(stream.getNewImage());
        boolean readable = switch (String.valueOf(record.getEventName())) {
            case "INSERT" -> after.isPresent();
            case "MODIFY" -> before.isPresent() && after.isPresent();
            case "REMOVE" -> before.isPresent();
            default -> false;
        };
        if (!readable) {
            return Optional.of(new VoteChange(sequence, text, Map.of(), Map.of(), true));
        }
        Map<String, Counts> deltas = new HashMap<>();
        before.ifPresent(v -> deltas.merge(v.toolId(), Counts.ZERO.minus(Counts.one(v.verdict())), Counts::plus));
        after.ifPresent(v -> deltas.merge(v.toolId(), Counts.one(v.verdict()), Counts::plus));
        deltas.values().removeIf(Counts::isZero);
        Map<Instant, Map<String, Counts>> hours = new HashMap<>();
        before.ifPresent(v -> hour(stream.getOldImage()).ifPresent(h -> hours.computeIfAbsent(h, k -> new HashMap<>())
                .merge(v.toolId(), Counts.ZERO.minus(Counts.one(v.verdict())), Counts::plus)));
        after.ifPresent(v -> hour(stream.getNewImage()).ifPresent(h -> hours.computeIfAbsent(h, k -> new HashMap<>())
                .merge(v.toolId(), Counts.one(v.verdict()), Counts::plus)));
        hours.values().forEach(byTool -> byTool.values().removeIf(Counts::isZero));
        hours.values().removeIf(Map::isEmpty);
        return Optional.of(new VoteChange(sequence, text, deltas, hours, false));
    }

    /** The hour a vote was written in, from its {@code changedAt} (epoch milliseconds). */
    private static Optional<Instant> hour(Map<String, AttributeValue> image) {
        AttributeValue at = image.get(VotesTable.CHANGED_AT);
        if (at == null || at.getN() == null || !at.getN().matches("[0-9]{1,15}")) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(at.getN())).truncatedTo(ChronoUnit.HOURS));
    }

    /** The vote an image holds; none for no image (an insert's old one, a removal's new one) or an empty one. */
    private static Optional<VotesTable.Vote> vote(Map<String, AttributeValue> image) {
        if (image == null) {
            return Optional.empty();
        }
        return VotesTable.vote(name -> image.containsKey(name) ? image.get(name).getS() : null);
    }
}
