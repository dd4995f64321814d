package dev.verdict.core.store;

import dev.verdict.core.domain.Verdict;
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
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The votes table: the only class that knows its key shapes and attribute names.
 *
 * <pre>
 * pk                 sk              attributes
 * VOTER#{voterId}    TOOL#{toolId}   toolId, verdict ("ship"|"skip"), comparison (slug voted from), votedAt
 * </pre>
 *
 * One item per (voter, tool) is what makes "one vote per voter per tool" a property of the key rather than of code;
 * the conditional writes below make every write report whether it changed anything, and make a write that changes
 * nothing produce no stream record (so the aggregates never see it). The table's stream (NEW_AND_OLD_IMAGES) carries
 * every change to the aggregates: INSERT +1, MODIFY −1/+1, REMOVE −1.
 */
public final class VotesTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TOOL_ID = "toolId";
    public static final String VERDICT = "verdict";
    public static final String COMPARISON = "comparison";
    public static final String VOTED_AT = "votedAt";

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

    public static Map<String, AttributeValue> key(String voterId, String toolId) {
        return Map.of(PK, AttributeValue.fromS("VOTER#" + voterId), SK, AttributeValue.fromS("TOOL#" + toolId));
    }

    /**
     * Records the voter's verdict on a tool. The write happens only if there is no vote yet or the verdict differs,
     * in one conditional request, so two racing requests of one voter cannot both count: DynamoDB serialises writes to
     * an item and evaluates the condition against the latest state.
     *
     * @return whether anything changed
     */
    public boolean put(String voterId, String toolId, Verdict verdict, String comparisonSlug, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(voterId, toolId));
        item.put(TOOL_ID, AttributeValue.fromS(toolId));
        item.put(VERDICT, AttributeValue.fromS(verdict.wire()));
        item.put(COMPARISON, AttributeValue.fromS(comparisonSlug));
        item.put(VOTED_AT, AttributeValue.fromS(now.toString()));
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #verdict <> :verdict")
                    .expressionAttributeNames(Map.of("#pk", PK, "#verdict", VERDICT))
                    .expressionAttributeValues(Map.of(":verdict", AttributeValue.fromS(verdict.wire())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException sameVerdictAlready) {
            return false;
        }
    }

    /** Retracts the voter's vote on a tool; returns whether there was one. */
    public boolean retract(String voterId, String toolId) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(key(voterId, toolId))
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException noVote) {
            return false;
        }
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

    /** One page of {@code segment} of a parallel scan, reading only what a recount needs. */
    public ScanPage scan(int segment, int totalSegments, Map<String, AttributeValue> startKey, int pageSize) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(tableName)
                .segment(segment)
                .totalSegments(totalSegments)
                .limit(pageSize)
                .projectionExpression("#p, #s, #t, #v")
                .expressionAttributeNames(Map.of("#p", PK, "#s", SK, "#t", TOOL_ID, "#v", VERDICT));
        if (startKey != null && !startKey.isEmpty()) {
            request.exclusiveStartKey(startKey);
        }
        ScanResponse response = dynamo.scan(request.build());
        List<Scanned> items = response.items().stream()
                .map(item -> {
                    Function<String, String> text = name -> item.containsKey(name) ? item.get(name).s() : null;
                    return new Scanned(item(text), vote(text));
                })
                .toList();
        return new ScanPage(items, response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null);
    }

    /** One item as a scan saw it: its identity ({@link #item}) and its vote (empty if it is not a readable vote). */
    public record Scanned(String item, Optional<Vote> vote) {
    }

    /** A page of items and where to continue (null at the end). */
    public record ScanPage(List<Scanned> items, Map<String, AttributeValue> lastKey) {

        /** The votes on the page, for callers that only count. */
        public List<Optional<Vote>> votes() {
            return items.stream().map(Scanned::vote).toList();
        }
    }
}
