package dev.verdict.signups;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Fixed-window counters in the rate-limit table: one item per (limit, client, window), counted up with a single
 * atomic UpdateItem and removed by TTL after the window. A fixed window lets a client through up to twice the limit
 * across a window boundary; that is fine for abuse control and costs one write per request, no reads.
 * Clients are keyed by a keyed hash of their address, never the address itself.
 */
public final class RateLimitTable {

    /**
     * A named limit.
     *
     * @param name   which endpoint(s) it protects; part of the key, so limits never share counters
     * @param limit  requests allowed per window
     */
    public record Limit(String name, int limit, Duration window) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public RateLimitTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Counts one request; empty if it is within the limit, else the seconds until the window ends (Retry-After). */
    public OptionalLong hit(Limit limit, String clientHash, Instant now) {
        long windowSeconds = limit.window().toSeconds();
        long window = now.getEpochSecond() / windowSeconds;
        long windowEnd = (window + 1) * windowSeconds;
        var updated = dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("RATE#" + limit.name() + "#" + clientHash + "#" + window)))
                .updateExpression("ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        // A minute past the window's end, so a counter is never removed while it still counts.
                        ":expires", AttributeValue.fromN(Long.toString(windowEnd + 60))))
                .returnValues(ReturnValue.UPDATED_NEW));
        long hits = Long.parseLong(updated.attributes().get("hits").n());
        return hits <= limit.limit() ? OptionalLong.empty() : OptionalLong.of(Math.max(1, windowEnd - now.getEpochSecond()));
    }
}
