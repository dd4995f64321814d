package dev.verdict.votes;

import dev.verdict.core.config.Settings;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The voters table: what creating voters leaves behind, all of it expiring (TTL on {@code expiresAt}; DynamoDB deletes
 * late, so nothing here trusts an item to be gone). The only class that knows its keys and attributes. Voters
 * themselves are not stored: a voter is its signed cookie, and costs nothing to keep.
 *
 * <pre>
 * pk                                      attributes
 * CHALLENGE#{challengeId}                 expiresAt                  a spent challenge, until the challenge expires
 * PREFIX#{prefixKey}#{windowStartEpoch}   created, expiresAt         voters created from a network prefix in an hour
 * </pre>
 *
 * {@code prefixKey} is a keyed hash of the network prefix: the table never holds an address.
 */
@Singleton
final class VotersTable {

    /** Spent challenges and recent voters per network prefix: only the function that creates voters is given it. */
    static final String VOTERS_TABLE = "VOTERS_TABLE";
    static final String PK = "pk";
    static final String CREATED = "created";
    static final String EXPIRES_AT = "expiresAt";
    /** "Recent": voters created in the current hour, plus the last hour's weighted by how much of it is still recent. */
    static final Duration WINDOW = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String tableName;

    VotersTable(DynamoDbClient dynamo, Settings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.table(VOTERS_TABLE);
    }

    /** Voters a prefix created in the window that holds {@code now} and in the one before. */
    record RecentVoters(long current, long previous, Instant windowStart) {

        /**
         * About how many voters the prefix created in the last hour: this window's count and the last window's,
         * weighted by the share of it that still lies within the hour (a sliding window out of two fixed ones).
         */
        long estimate(Instant now) {
            return current + previousWeighted(now);
        }

        long previousWeighted(Instant now) {
            double elapsed = (double) Duration.between(windowStart, now).toMillis() / WINDOW.toMillis();
            return (long) Math.floor(previous * Math.max(0, 1 - elapsed));
        }
    }

    RecentVoters recent(String prefixKey, Instant now) {
        Instant start = windowStart(now);
        String current = prefixPk(prefixKey, start);
        String previous = prefixPk(prefixKey, start.minus(WINDOW));
        var response = dynamo.batchGetItem(b -> b.requestItems(Map.of(tableName, KeysAndAttributes.builder()
                .keys(List.of(Map.of(PK, AttributeValue.fromS(current)), Map.of(PK, AttributeValue.fromS(previous))))
                .projectionExpression("#pk, #created")
                .expressionAttributeNames(Map.of("#pk", PK, "#created", CREATED))
                .build())));
        long currentCount = 0;
        long previousCount = 0;
        // Two small keys never come back unprocessed but under throttling; then counting them as zero only makes
        // this one challenge easier, which is the safe side for a visitor.
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
            long created = item.containsKey(CREATED) ? Long.parseLong(item.get(CREATED).n()) : 0;
            if (current.equals(item.get(PK).s())) {
                currentCount = created;
            } else {
                previousCount = created;
            }
        }
        return new RecentVoters(currentCount, previousCount, start);
    }

    /** What spending a challenge came to. */
    enum Spend { CREATED, ALREADY_SPENT, DIFFICULTY_ROSE, CONTENDED }

    /**
     * Spends the challenge and counts one voter for the prefix, in one transaction: the spent marker only if the
     * challenge was never spent, the count only while it is below {@code currentBelow} (so the count can never pass what
     * the proof paid for, however many redemptions race). Either both are written or neither, so a refusal writes
     * nothing and uses up nothing.
     */
    Spend spend(Challenge challenge, String prefixKey, long currentBelow, Instant now) {
        Instant start = windowStart(now);
        // Kept through the next window too, where it is read as the previous one.
        long counterExpires = start.plus(WINDOW.multipliedBy(2)).getEpochSecond();
        TransactWriteItem marker = TransactWriteItem.builder().put(p -> p.tableName(tableName)
                .item(Map.of(PK, AttributeValue.fromS("CHALLENGE#" + challenge.id()),
                        EXPIRES_AT, AttributeValue.fromN(Long.toString(challenge.expiresAt().getEpochSecond()))))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))).build();
        TransactWriteItem count = TransactWriteItem.builder().update(u -> u.tableName(tableName)
                .key(Map.of(PK, AttributeValue.fromS(prefixPk(prefixKey, start))))
                .updateExpression("ADD #created :one SET #expires = :expires")
                .conditionExpression("attribute_not_exists(#created) OR #created < :below")
                .expressionAttributeNames(Map.of("#created", CREATED, "#expires", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":expires", AttributeValue.fromN(Long.toString(counterExpires)),
                        ":below", AttributeValue.fromN(Long.toString(currentBelow))))).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(marker, count));
            return Spend.CREATED;
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
            String markerReason = reasons.size() > 0 ? reasons.get(0).code() : null;
            String countReason = reasons.size() > 1 ? reasons.get(1).code() : null;
            if ("ConditionalCheckFailed".equals(markerReason)) {
                return Spend.ALREADY_SPENT;
            }
            if ("ConditionalCheckFailed".equals(countReason)) {
                return Spend.DIFFICULTY_ROSE;
            }
            // Another transaction on the same counter (a burst from one network), or throttling: try again.
            return Spend.CONTENDED;
        }
    }

    static Instant windowStart(Instant now) {
        long seconds = WINDOW.toSeconds();
        return Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), seconds));
    }

    private static String prefixPk(String prefixKey, Instant windowStart) {
        return "PREFIX#" + prefixKey + "#" + windowStart.getEpochSecond();
    }
}
