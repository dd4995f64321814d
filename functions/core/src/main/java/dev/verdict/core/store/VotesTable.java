package dev.verdict.core.store;

import dev.verdict.core.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The votes table: the only class that knows its key shapes and attribute names.
 *
 * <pre>
 * pk                 sk              attributes
 * VOTER#{voterId}    TOOL#{toolId}   toolId, verdict ("ship"|"skip"), comparison (slug voted from), votedAt,
 *                                    changed1 … changedN (epoch seconds of the vote's last N writes, newest first)
 * </pre>
 *
 * One item per (voter, tool) is what makes "one vote per voter per tool" a property of the key rather than of code;
 * the conditional writes below make every write report whether it changed anything, and make a write that changes
 * nothing produce no stream record (so the aggregates never see it). The table's stream (NEW_AND_OLD_IMAGES) carries
 * every change to the aggregates: INSERT +1, MODIFY −1/+1, REMOVE −1.
 *
 * <p>A vote's change limit lives in the same item: {@code changed1 … changedN} is a shift register of its last N
 * writes, moved along by each write ({@code SET changed2 = changed1, …}: DynamoDB evaluates every operand of an update
 * against the item as it was before the update), and the write's condition asks that the N-th last write be older than
 * the window. So a vote is still one conditional request, a refused write changes nothing (a refusal never uses up the
 * limit), and no counter keyed on a voter or an address is needed. The register dies with the item: a retraction
 * followed by a new vote starts a fresh one (the stream handler reads a retraction only from a deleted item).
 */
public final class VotesTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TOOL_ID = "toolId";
    public static final String VERDICT = "verdict";
    public static final String COMPARISON = "comparison";
    public static final String VOTED_AT = "votedAt";
    /** {@code changed1} is the newest write's time, {@code changedN} the N-th newest. */
    static final String CHANGED = "changed";

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

    /** At most {@code changes} writes of one vote in any {@code window}. */
    public record ChangeLimit(int changes, Duration window) {
        public ChangeLimit {
            if (changes < 1 || changes > 10 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a vote may change 1..10 times in a positive window");
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
     * Records the voter's verdict on a tool in one conditional UpdateItem. It writes only if there is no vote yet, or
     * the verdict differs and the vote has been written fewer than {@code limit.changes()} times in the window; two
     * racing requests of one voter cannot both count, since DynamoDB serialises writes to an item and evaluates the
     * condition against its latest state. A refused write returns the item as it was
     * (ReturnValuesOnConditionCheckFailure), which tells "the same verdict already" from "too many changes" without a
     * second request.
     */
    public Written put(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now, ChangeLimit limit) {
        return write(voterId, toolId, verdict, comparisonSlug, now, limit);
    }

    private Written write(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now, ChangeLimit limit) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#toolId", TOOL_ID, "#verdict", VERDICT,
                "#comparison", COMPARISON, "#votedAt", VOTED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":toolId", AttributeValue.fromS(toolId),
                ":verdict", AttributeValue.fromS(verdict.wire()), ":comparison", AttributeValue.fromS(comparisonSlug),
                ":votedAt", AttributeValue.fromS(now.toString())));
        StringBuilder update = new StringBuilder(
                "SET #toolId = :toolId, #verdict = :verdict, #comparison = :comparison, #votedAt = :votedAt");
        String condition = "attribute_not_exists(#pk) OR #verdict <> :verdict";
        if (limit != null) {
            update.append(shiftChanges(limit, now, names, values));
            condition = "attribute_not_exists(#pk) OR (#verdict <> :verdict AND " + withinLimit(limit, now, names, values) + ")";
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(voterId, toolId))
                    .updateExpression(update.toString())
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

    /** Retracts the voter's vote on a tool, which counts as one of its changes: refused past the limit. */
    public Written retract(String voterId, String toolId, Instant now, ChangeLimit limit) {
        return delete(voterId, toolId, now, limit);
    }

    private Written delete(String voterId, String toolId, Instant now, ChangeLimit limit) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#pk)";
        if (limit != null) {
            condition += " AND " + withinLimit(limit, now, names, values);
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

    /** ", changed1 = :now, changed2 = if_not_exists(changed1, :never), …": the register moved along by one write. */
    private static String shiftChanges(ChangeLimit limit, Instant now, Map<String, String> names,
                                       Map<String, AttributeValue> values) {
        StringBuilder shift = new StringBuilder(", #changed1 = :now");
        names.put("#changed1", CHANGED + 1);
        for (int i = 2; i <= limit.changes(); i++) {
            names.put("#changed" + i, CHANGED + i);
            shift.append(", #changed").append(i).append(" = if_not_exists(#changed").append(i - 1).append(", :never)");
        }
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        if (limit.changes() > 1) {
            values.put(":never", AttributeValue.fromN("0"));
        }
        return shift.toString();
    }

    /** The N-th last write is older than the window (or there have not been N writes): fewer than N in the window. */
    private static String withinLimit(ChangeLimit limit, Instant now, Map<String, String> names,
                                      Map<String, AttributeValue> values) {
        names.put("#oldest", CHANGED + limit.changes());
        values.put(":windowStart", AttributeValue.fromN(Long.toString(now.minus(limit.window()).getEpochSecond())));
        return "(attribute_not_exists(#oldest) OR #oldest <= :windowStart)";
    }

    /** When the N-th last write leaves the window, as a refused write's old item tells. */
    private static Instant allowedAgainAt(Map<String, AttributeValue> old, ChangeLimit limit) {
        AttributeValue oldest = old.get(CHANGED + limit.changes());
        long at = oldest == null || oldest.n() == null ? 0 : Long.parseLong(oldest.n());
        return Instant.ofEpochSecond(at).plus(limit.window());
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

    /** One page of {@code segment} of a parallel scan, reading only what a recount needs. */
    public ScanPage scan(int segment, int totalSegments, Map<String, AttributeValue> startKey, int pageSize) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(tableName)
                .segment(segment)
                .totalSegments(totalSegments)
                .limit(pageSize)
                .projectionExpression("#t, #v")
                .expressionAttributeNames(Map.of("#t", TOOL_ID, "#v", VERDICT));
        if (startKey != null && !startKey.isEmpty()) {
            request.exclusiveStartKey(startKey);
        }
        ScanResponse response = dynamo.scan(request.build());
        List<Optional<Vote>> votes = response.items().stream()
                .map(item -> vote(name -> item.containsKey(name) ? item.get(name).s() : null))
                .toList();
        return new ScanPage(votes, response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null);
    }

    /** A page of votes (empty where an item is not a readable vote) and where to continue (null at the end). */
    public record ScanPage(List<Optional<Vote>> votes, Map<String, AttributeValue> lastKey) {
    }
}
