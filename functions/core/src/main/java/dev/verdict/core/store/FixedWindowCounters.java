package dev.verdict.core.store;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The rate-limit table: fixed-window counters, one item per (subject, window), the only class that knows its
 * attribute names. A counter is one atomic {@code ADD}, so concurrent Lambda instances count together without a read.
 * Items expire by TTL ({@code expiresAt}); DynamoDB deletes them lazily, which is harmless because the window is part
 * of the key and an old window's item is never read again.
 *
 * <pre>
 * pk                                     attributes
 * {subject}#{windowStartEpochSecond}     hits (number), expiresAt (epoch seconds, TTL)
 * </pre>
 */
public final class FixedWindowCounters {

    public static final String PK = "pk";
    public static final String HITS = "hits";
    public static final String EXPIRES_AT = "expiresAt";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public FixedWindowCounters(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** The outcome of counting one hit: the count so far in this window, and when the window ends. */
    public record Count(long hits, Instant windowEnds) {
    }

    /**
     * Counts one hit for {@code subject} (a keyed hash or a signed id, never a raw address) in the current window.
     */
    public Count hit(String subject, int windowSeconds, Instant now) {
        long start = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), windowSeconds);
        long end = start + windowSeconds;
        var response = dynamo.updateItem(UpdateItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(subject + "#" + start)))
                .updateExpression("ADD #hits :one SET #expires = if_not_exists(#expires, :expires)")
                .expressionAttributeNames(Map.of("#hits", HITS, "#expires", EXPIRES_AT))
                // Kept a window past its end, so an item is never deleted while its window can still be counted.
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":expires", AttributeValue.fromN(Long.toString(end + windowSeconds))))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
        return new Count(Long.parseLong(response.attributes().get(HITS).n()), Instant.ofEpochSecond(end));
    }

    /** Whether a hit was counted under a limit, the count in the window, and when the window ends. */
    public record Take(boolean granted, long hits, Instant windowEnds) {
    }

    /**
     * Counts one hit for {@code subject} only if its window still has room under {@code limit}, in one conditional
     * update: a hit refused for being over the limit changes nothing, so refused requests never keep a window full.
     */
    public Take take(String subject, int limit, int windowSeconds, Instant now) {
        long start = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), windowSeconds);
        long end = start + windowSeconds;
        try {
            var response = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PK, AttributeValue.fromS(subject + "#" + start)))
                    .updateExpression("ADD #hits :one SET #expires = if_not_exists(#expires, :expires)")
                    .conditionExpression("attribute_not_exists(#hits) OR #hits < :limit")
                    .expressionAttributeNames(Map.of("#hits", HITS, "#expires", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":expires", AttributeValue.fromN(Long.toString(end + windowSeconds))))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            return new Take(true, Long.parseLong(response.attributes().get(HITS).n()), Instant.ofEpochSecond(end));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException full) {
            return new Take(false, limit, Instant.ofEpochSecond(end));
        }
    }

    /** Takes back one hit that {@link #take} counted at {@code at}, for work that was then not done. */
    public void giveBack(String subject, int windowSeconds, Instant at) {
        long start = at.getEpochSecond() - Math.floorMod(at.getEpochSecond(), windowSeconds);
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PK, AttributeValue.fromS(subject + "#" + start)))
                    .updateExpression("ADD #hits :minus")
                    .conditionExpression("#hits > :zero")
                    .expressionAttributeNames(Map.of("#hits", HITS))
                    .expressionAttributeValues(Map.of(":minus", AttributeValue.fromN("-1"), ":zero", AttributeValue.fromN("0")))
                    .build());
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException nothingToGiveBack) {
            // The window expired and was removed, or was never counted: nothing is owed.
        }
    }
}
