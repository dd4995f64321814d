package dev.verdict.core.store;

import dev.verdict.core.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The votes table: the only class that knows its key shapes and attribute names.
 *
 * <pre>
 * pk                 sk              attributes
 * VOTER#{voterId}    TOOL#{toolId}   toolId, verdict ("ship"|"skip"), comparison (slug voted from), votedAt,
 *                                    changedAt (epoch milliseconds of the vote's last write)
 * </pre>
 *
 * One item per (voter, tool) is what makes "one vote per voter per tool" a property of the key rather than of code;
 * the conditional writes below make every write report whether it changed anything, and make a write that changes
 * nothing produce no stream record (so the aggregates never see it). The table's stream (NEW_AND_OLD_IMAGES) carries
 * every change to the aggregates: INSERT +1, MODIFY −1/+1, REMOVE −1.
 *
 * <p>A vote's change limit lives in the same item: each write stamps {@code changedAt}, and a change or a retraction
 * is conditioned on the last write being at least the limit's interval old. So a vote is still one conditional
 * request, a refused write changes nothing (a refusal never uses up the limit), and no counter keyed on a voter or an
 * address is needed. A retraction deletes the item, but only an interval after its last write, so cycles of
 * retracting and voting again are bounded by the same interval. It is a PutItem, not an UpdateItem: the write does
 * not depend on what the item held, and a PutItem is the cheapest conditional write to evaluate.
 *
 * <p>The writes here are the votes function's (PutItem and DeleteItem in template.yaml); the recompute reads the
 * table through {@link VotesScan}, with this class's mapping.
 */
public final class VotesTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TOOL_ID = "toolId";
    public static final String VERDICT = "verdict";
    public static final String COMPARISON = "comparison";
    public static final String VOTED_AT = "votedAt";
    public static final String CHANGED_AT = "changedAt";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public VotesTable(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }

    /** A vote as the aggregates see it. */
    public record Vote(String toolId, Verdict verdict) {
    }

    /**
     * What a vote write did. {@code allowedAgainAt} is set when the change limit refused it: the vote stays as it was
     * until then.
     */
    public record Written(Result result, Optional<Instant> allowedAgainAt) {
        public enum Result { CHANGED, UNCHANGED, LIMITED }

        static Written changedIt() {
            return new Written(Result.CHANGED, Optional.empty());
        }

        static Written unchanged() {
            return new Written(Result.UNCHANGED, Optional.empty());
        }

        static Written limitedUntil(Instant instant) {
            return new Written(Result.LIMITED, Optional.of(instant));
        }

        public boolean changed() {
            return result == Result.CHANGED;
        }
    }

    /** One vote is written at most once per {@code interval} (a new vote after a retraction excepted). */
    public record ChangeLimit(Duration interval) {
        public ChangeLimit {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("a vote's change interval cannot be negative");
            }
        }
    }

    public static Map<String, AttributeValue> key(String voterId, String toolId) {
        return Map.of(PK, AttributeValue.fromS("VOTER#" + voterId), SK, AttributeValue.fromS("TOOL#" + toolId));
    }

    /**
     * Records the voter's verdict on a tool, with no change limit (the aggregates' tests and fixtures use it).
     *
     * @return whether anything changed
     */
    public boolean put(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now) {
        return write(voterId, toolId, verdict, comparisonSlug, now, null).changed();
    }

    /**
     * Records the voter's verdict on a tool in one conditional PutItem. It writes only if there is no vote yet, or the
     * verdict differs and the vote's last write is at least {@code limit.interval()} old; two racing requests of one
     * voter cannot both count, since DynamoDB serialises writes to an item and evaluates the condition against its
     * latest state. A refused write returns the item as it was (ReturnValuesOnConditionCheckFailure), which tells "the
     * same verdict already" from "changed too recently" without a second request.
     */
    public Written put(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now, ChangeLimit limit) {
        return write(voterId, toolId, verdict, comparisonSlug, now, limit);
    }

    private Written write(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now, ChangeLimit limit) {
        Map<String, AttributeValue> item = new HashMap<>(key(voterId, toolId));
        item.put(TOOL_ID, AttributeValue.fromS(toolId));
        item.put(VERDICT, AttributeValue.fromS(verdict.wire()));
        item.put(COMPARISON, AttributeValue.fromS(comparisonSlug));
        item.put(VOTED_AT, AttributeValue.fromS(now.toString()));
        item.put(CHANGED_AT, AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#verdict", VERDICT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":verdict", AttributeValue.fromS(verdict.wire())));
        String condition = "attribute_not_exists(#pk) OR #verdict <> :verdict";
        if (limit != null) {
            condition = "attribute_not_exists(#pk) OR (#verdict <> :verdict AND " + lastWriteOldEnough(limit, now, names, values) + ")";
        }
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return Written.changedIt();
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> old = refused.hasItem() ? refused.item() : Map.of();
            AttributeValue oldVerdict = old.get(VERDICT);
            if (limit == null || (oldVerdict != null && verdict.wire().equals(oldVerdict.s()))) {
                return Written.unchanged();
            }
            return Written.limitedUntil(allowedAgainAt(old, limit));
        }
    }

    /** Retracts the voter's vote on a tool, with no change limit; returns whether there was one. */
    public boolean retract(String voterId, String toolId) {
        return delete(voterId, toolId, null, null).changed();
    }

    /** Retracts the voter's vote on a tool, which counts as a change: refused within the interval of its last write. */
    public Written retract(String voterId, String toolId, Instant now, ChangeLimit limit) {
        return delete(voterId, toolId, now, limit);
    }

    private Written delete(String voterId, String toolId, Instant now, ChangeLimit limit) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#pk)";
        if (limit != null) {
            condition += " AND " + lastWriteOldEnough(limit, now, names, values);
        }
        try {
            dynamo.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(key(voterId, toolId))
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return Written.changedIt();
        } catch (ConditionalCheckFailedException refused) {
            if (limit == null || !refused.hasItem() || refused.item().isEmpty()) {
                return Written.unchanged();
            }
            return Written.limitedUntil(allowedAgainAt(refused.item(), limit));
        }
    }

    /**
     * The vote's last write is at least the interval old. A comparison with an attribute the item lacks is false, so
     * NOT … > … also lets a vote written before the limit existed (no changedAt) change: the same meaning as
     * "attribute_not_exists(changedAt) OR changedAt <= …", in fewer terms, which cost the local engine about 7% less CPU
     * per write (what the bench's votesPerSecondRatio turns on there).
     */
    private static String lastWriteOldEnough(ChangeLimit limit, Instant now, Map<String, String> names,
                                             Map<String, AttributeValue> values) {
        names.put("#changedAt", CHANGED_AT);
        values.put(":latestAllowed", AttributeValue.fromN(Long.toString(now.minus(limit.interval()).toEpochMilli())));
        return "NOT #changedAt > :latestAllowed";
    }

    /** When the vote may change again, as a refused write's old item tells. */
    private static Instant allowedAgainAt(Map<String, AttributeValue> old, ChangeLimit limit) {
        AttributeValue changedAt = old.get(CHANGED_AT);
        long at = changedAt == null || changedAt.n() == null ? 0 : Long.parseLong(changedAt.n());
        return Instant.ofEpochMilli(at).plus(limit.interval());
    }

    /**
     * Reads a vote from an item image through {@code text}, which answers an attribute name with its string value or
     * null. It takes a function so the same mapping serves SDK items and the Lambda event's stream images, which use
     * different AttributeValue classes.
     */
    public static Optional<Vote> vote(Function<String, String> text) {
        String toolId = text.apply(TOOL_ID);
        Optional<Verdict> verdict = Verdict.parse(text.apply(VERDICT));
        if (toolId == null || toolId.isEmpty() || verdict.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Vote(toolId, verdict.get()));
    }

    /**
     * The identity of a vote item across the table and its stream, from its key attributes (read through {@code text}
     * like {@link #vote}): the recompute matches what its scan saw against the stream's records of the same item.
     */
    public static String item(Function<String, String> text) {
        return text.apply(PK) + "\n" + text.apply(SK);
    }

    /** The tool a vote item is about, from its key alone (the sort key), so even an unreadable image names it. */
    public static Optional<String> toolOfItem(Function<String, String> keyText) {
        String sk = keyText.apply(SK);
        return sk != null && sk.startsWith("TOOL#") && sk.length() > 5 ? Optional.of(sk.substring(5)) : Optional.empty();
    }
}
