package dev.verdict.newsletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * One item per (issue, reader) in the newsletter table: {@code pk DELIVERY#<issue>}, {@code sk} the reader's key. It is
 * both the unit of fan-out (its insert, on the table's stream, makes the send) and the sent marker.
 *
 * <p>States: PENDING (planned) → SENDING (claimed, with a lease until the claiming invocation's deadline) → SENT, or
 * SKIPPED (no longer subscribed, an address we cannot send to, a message SES refused). A claim succeeds only from
 * PENDING or from SENDING whose lease ran out (the claimer died or timed out mid-send); SENT and SKIPPED are final, so a
 * duplicate delivery of the record, a retry after a crash or a redeployed function finds the marker and sends nothing.
 */
public final class Deliveries {

    static final String PREFIX = "DELIVERY#";
    /** BatchGetItem's most keys per request. */
    private static final int BATCH_GET_LIMIT = 100;
    private static final Set<String> FINAL = Set.of(State.SENT.name(), State.SKIPPED.name());

    public enum State { PENDING, SENDING, SENT, SKIPPED }

    /** A claim: which attempt this is, so only its own claimer can finish or release it. */
    public record Claim(String issue, String reader, long attempt) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public Deliveries(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Plans one delivery; false when it was planned before (a second compose run plans nobody twice). */
    public boolean plan(String issue, String reader, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(issue, reader));
        item.put("state", s(State.PENDING.name()));
        item.put("attempts", n(0));
        item.put("plannedAt", s(now.toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException planned) {
            return false;
        }
    }

    /** The readers an issue already has a delivery for, whatever its state (keys only, one query per 1 MB page). */
    public Set<String> planned(String issue) {
        Set<String> readers = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            var query = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s(PREFIX + issue))).projectionExpression("sk").consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            var page = dynamo.query(query.build());
            page.items().forEach(item -> readers.add(item.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return readers;
    }

    /** Takes the delivery for sending until {@code leaseUntil}; empty when it is final or someone else holds it. */
    public Optional<Claim> claim(String issue, String reader, Instant now, Instant leaseUntil) {
        try {
            var after = dynamo.updateItem(b -> b.tableName(table).key(key(issue, reader))
                    .updateExpression("SET #s = :sending, leaseUntil = :until, attempts = attempts + :one")
                    .conditionExpression("#s = :pending OR (#s = :sending AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":sending", s(State.SENDING.name()), ":pending", s(State.PENDING.name()),
                            ":until", s(leaseUntil.toString()), ":now", s(now.toString()), ":one", n(1)))
                    .returnValues("ALL_NEW")).attributes();
            return Optional.of(new Claim(issue, reader, Long.parseLong(after.get("attempts").n())));
        } catch (ConditionalCheckFailedException finalOrHeld) {
            return Optional.empty();
        }
    }

    /** The sent marker, written by the claimer after the provider took the message. */
    public void sent(Claim claim, Instant now) {
        finish(claim, State.SENT, "sentAt", now.toString());
    }

    public void skipped(Claim claim, String reason) {
        finish(claim, State.SKIPPED, "reason", reason);
    }

    /** Gives a claim back (the message did not go: throttling, an outage), so the record's retry sends it. */
    public void release(Claim claim) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claim.issue(), claim.reader()))
                    .updateExpression("SET #s = :pending REMOVE leaseUntil")
                    .conditionExpression("#s = :sending AND attempts = :a")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":pending", s(State.PENDING.name()), ":sending", s(State.SENDING.name()),
                            ":a", n(claim.attempt()))));
        } catch (ConditionalCheckFailedException takenOver) {
            // Another invocation took it over after our lease ran out; it decides now.
        }
    }

    public Optional<State> state(String issue, String reader) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(issue, reader)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(State.valueOf(item.get("state").s()));
    }

    /**
     * Which of these readers' deliveries of {@code issue} are already final (SENT or SKIPPED), in one consistent read
     * per 100. Only a shortcut: a final delivery never changes again, so a record found here needs no claim; every
     * other record still goes through {@link #claim}, which alone decides who sends.
     */
    public Set<String> finished(String issue, Collection<String> readers) {
        Set<String> done = new HashSet<>();
        List<String> all = List.copyOf(new HashSet<>(readers));
        for (int from = 0; from < all.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            all.subList(from, Math.min(all.size(), from + BATCH_GET_LIMIT)).forEach(reader -> keys.add(key(issue, reader)));
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true)
                    .projectionExpression("sk, #s").expressionAttributeNames(Map.of("#s", "state")).build());
            while (!pending.isEmpty()) {
                var ask = pending;
                var page = dynamo.batchGetItem(b -> b.requestItems(ask));
                page.responses().getOrDefault(table, List.of()).stream()
                        .filter(item -> item.containsKey("state") && FINAL.contains(item.get("state").s()))
                        .forEach(item -> done.add(item.get("sk").s()));
                pending = page.hasUnprocessedKeys() ? page.unprocessedKeys() : Map.of();
            }
        }
        return done;
    }

    /** How many of an issue's deliveries are in {@code state} (the bench's and the tests' count of sent markers). */
    public long count(String issue, State state) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            var query = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                    .filterExpression("#s = :state").expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":p", s(PREFIX + issue), ":state", s(state.name())))
                    .select(Select.COUNT).consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            var page = dynamo.query(query.build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** The (issue, reader) a stream record's keys name, if it is a delivery item. */
    static Optional<String[]> keyOf(String pk, String sk) {
        return pk != null && sk != null && pk.startsWith(PREFIX) ? Optional.of(new String[] {pk.substring(PREFIX.length()), sk})
                : Optional.empty();
    }

    private void finish(Claim claim, State state, String field, String value) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claim.issue(), claim.reader()))
                    .updateExpression("SET #s = :final, #f = :v REMOVE leaseUntil")
                    .conditionExpression("#s = :sending AND attempts = :a")
                    .expressionAttributeNames(Map.of("#s", "state", "#f", field))
                    .expressionAttributeValues(Map.of(":final", s(state.name()), ":v", s(value), ":sending",
                            s(State.SENDING.name()), ":a", n(claim.attempt()))));
        } catch (ConditionalCheckFailedException takenOver) {
            // Our lease ran out and another attempt took over; that attempt writes the marker (same Message-ID).
        }
    }

    private static Map<String, AttributeValue> key(String issue, String reader) {
        return Map.of("pk", s(PREFIX + issue), "sk", s(reader));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
