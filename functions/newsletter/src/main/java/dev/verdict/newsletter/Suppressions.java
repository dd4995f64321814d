package dev.verdict.newsletter;

import static dev.verdict.mail.SuppressionAttributes.SOFT_BOUNCES;
import static dev.verdict.mail.SuppressionAttributes.SOFT_BOUNCE_IDS;
import static dev.verdict.mail.SuppressionAttributes.SUPPRESSED_AT;
import static dev.verdict.mail.SuppressionAttributes.SUPPRESSED_REASON;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Bounces and complaints written onto the subscriber item (the signups module's {@code ADDRESS#<key>}): a suppressed
 * subscriber carries {@code suppressedAt} and {@code suppressedReason}, which every later send skips (Readers, and the
 * signups' confirmation mailer). The names are {@link dev.verdict.mail.SuppressionAttributes}', shared with signups,
 * whose own writes touch only its own attributes and so never undo these. Each write is one conditional UpdateItem,
 * so a notification SNS delivers twice changes nothing the second time: a suppression only where there is none, a
 * soft bounce only if its feedback id is not among those counted.
 */
public final class Suppressions {

    /** Soft bounces that suppress an address. */
    public static final int SOFT_BOUNCE_LIMIT = 3;

    public enum Outcome { SUPPRESSED, COUNTED, ALREADY, UNKNOWN }

    private static final String PREFIX = "ADDRESS#";

    private final DynamoDbClient dynamo;
    private final String table;

    public Suppressions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Suppresses a subscriber for good; ALREADY when it was, UNKNOWN when there is no such subscriber. */
    public Outcome suppress(String key, String reason, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET " + SUPPRESSED_AT + " = :now, " + SUPPRESSED_REASON + " = :why")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(" + SUPPRESSED_AT + ")")
                    .expressionAttributeValues(Map.of(":now", s(now.toString()), ":why", s(reason))));
            return Outcome.SUPPRESSED;
        } catch (ConditionalCheckFailedException notWritten) {
            return current(key) == null ? Outcome.UNKNOWN : Outcome.ALREADY;
        }
    }

    /**
     * Counts one soft bounce, once per {@code feedbackId}; the {@value #SOFT_BOUNCE_LIMIT}rd suppresses. The ids counted
     * stay on the item (at most the limit's worth: a suppressed subscriber counts no more).
     */
    public Outcome softBounce(String key, String feedbackId, Instant now) {
        int count;
        try {
            var after = dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET " + SOFT_BOUNCES + " = if_not_exists(" + SOFT_BOUNCES + ", :zero) + :one ADD " + SOFT_BOUNCE_IDS + " :ids")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(" + SUPPRESSED_AT + ") AND NOT contains(" + SOFT_BOUNCE_IDS + ", :id)")
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":ids", AttributeValue.fromSs(java.util.List.of(feedbackId)),
                            ":id", s(feedbackId)))
                    .returnValues("ALL_NEW")).attributes();
            count = Integer.parseInt(after.get(SOFT_BOUNCES).n());
        } catch (ConditionalCheckFailedException notCounted) {
            Map<String, AttributeValue> item = current(key);
            if (item == null) {
                return Outcome.UNKNOWN;
            }
            if (item.containsKey(SUPPRESSED_AT) || !item.containsKey(SOFT_BOUNCES)
                    || Integer.parseInt(item.get(SOFT_BOUNCES).n()) < SOFT_BOUNCE_LIMIT) {
                return Outcome.ALREADY;
            }
            // Counted to the limit by an invocation that died before suppressing: this redelivery finishes its work.
            count = Integer.parseInt(item.get(SOFT_BOUNCES).n());
        }
        if (count < SOFT_BOUNCE_LIMIT) {
            return Outcome.COUNTED;
        }
        return suppress(key, "soft bounces", now) == Outcome.SUPPRESSED ? Outcome.SUPPRESSED : Outcome.ALREADY;
    }

    private Map<String, AttributeValue> current(String key) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of("pk", s(PREFIX + key));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
