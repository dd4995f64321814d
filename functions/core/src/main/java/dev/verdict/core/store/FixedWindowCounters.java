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
}
