package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.store.VotesTable;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one stream record of the votes table does to the community aggregates: INSERT adds the new vote, MODIFY moves
 * it (−1 on the old verdict, +1 on the new), REMOVE takes the old one away. A record we cannot read is kept with no
 * effect and {@code malformed} set, so it is counted and stepped over rather than blocking its shard.
 *
 * @param sequence the record's stream sequence number (its position in the shard, and the batch item identifier)
 */
record VoteChange(BigInteger sequence, String sequenceText, Map<String, Counts> deltas, boolean malformed) {

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
            return Optional.of(new VoteChange(sequence, text, Map.of(), true));
        }
        Map<String, Counts> deltas = new HashMap<>();
        before.ifPresent(v -> deltas.merge(v.toolId(), Counts.ZERO.minus(Counts.one(v.verdict())), Counts::plus));
        after.ifPresent(v -> deltas.merge(v.toolId(), Counts.one(v.verdict()), Counts::plus));
        deltas.values().removeIf(Counts::isZero);
        return Optional.of(new VoteChange(sequence, text, deltas, false));
    }

    private static Optional<VotesTable.Vote> vote(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return Optional.empty();
        }
        return VotesTable.vote(name -> image.containsKey(name) ? image.get(name).getS() : null);
    }
}
