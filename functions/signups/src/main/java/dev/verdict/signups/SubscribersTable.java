package dev.verdict.signups;

import dev.verdict.signups.Subscriber.Consent;
import dev.verdict.signups.Subscriber.MailRequest;
import dev.verdict.signups.Subscriber.Status;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The subscribers table's only gateway: the one place that knows its attribute names and key shapes.
 *
 * <ul>
 *   <li>{@code ADDRESS#<normalised address>}: one subscriber. Written whole, conditioned on the version it was read at.</li>
 *   <li>{@code TOKEN#<sha-256 of a token>}: what a link token stands for, with {@code expiresAt} as the TTL attribute.</li>
 * </ul>
 * Tokens are items of their own rather than a GSI over the subscriber: a click must find its token at once (a GSI is
 * only eventually consistent, and a confirmation link can be clicked a second after the message arrives), single use
 * needs a conditional write on the token itself, and TTL can clean tokens up without touching the subscriber.
 * The table's stream (NEW_AND_OLD_IMAGES) feeds {@link ConfirmationMailerHandler}.
 */
public final class SubscribersTable {

    static final String PK = "pk";
    static final String ADDRESS_PREFIX = "ADDRESS#";
    static final String TOKEN_PREFIX = "TOKEN#";
    static final String MAIL_REQUEST = "mailRequest";
    static final String EXPIRES_AT = "expiresAt";

    /** Thrown when the item changed since it was read; the caller reads again and decides again. */
    public static final class Conflict extends RuntimeException {
        Conflict() {
            super(null, null, false, false);
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public SubscribersTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<Subscriber> find(String key) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(PK, s(ADDRESS_PREFIX + key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(subscriber(item));
    }

    public Optional<LinkToken> findToken(String hash) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(PK, s(TOKEN_PREFIX + hash))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(token(item));
    }

    /** Writes {@code next} if the stored subscriber is still {@code previous} (absent when {@code previous} is null). */
    public void save(Subscriber next, Subscriber previous) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(next))
                    .conditionExpression(previous == null ? "attribute_not_exists(pk)" : "version = :v")
                    .expressionAttributeValues(previous == null ? null : Map.of(":v", n(previous.version())))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new Conflict();
        }
    }

    /** Marks a confirmation token used and confirms its subscriber, both or neither. */
    public void confirm(LinkToken token, Subscriber next, Subscriber previous, Instant now) {
        var usedToken = Put.builder().tableName(table).item(item(token.usedAt(now)))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(usedAt)").build();
        var subscriber = Put.builder().tableName(table).item(item(next))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(previous.version()))).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(usedToken).build(), TransactWriteItem.builder().put(subscriber).build()));
        } catch (TransactionCanceledException e) {
            throw new Conflict();
        }
    }

    /**
     * Records a message as sent before it goes out: {@code next} (which names the mail request as sent) is written if
     * the stored subscriber is still {@code previous}, together with the message's link tokens, all or nothing. Only one
     * writer can claim a request, so a message is sent at most once however often its record is delivered.
     */
    public void claimMail(Subscriber next, Subscriber previous, List<LinkToken> tokens) {
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(next))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(previous.version())))
                .build()).build());
        tokens.forEach(t -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(t))).build()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new Conflict();
        }
    }

    /** The subscriber key an item of this table's stream belongs to, if it is a subscriber item. */
    static Optional<String> subscriberKey(String pk) {
        return pk != null && pk.startsWith(ADDRESS_PREFIX) ? Optional.of(pk.substring(ADDRESS_PREFIX.length())) : Optional.empty();
    }

    private static Map<String, AttributeValue> item(Subscriber s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(ADDRESS_PREFIX + s.address().key()));
        item.put("address", s(s.address().typed()));
        item.put("deliverTo", s(s.address().deliverTo()));
        item.put("status", s(s.status().name()));
        item.put("cycle", s(s.cycle()));
        item.put("version", n(s.version()));
        item.put("consent", AttributeValue.fromM(Map.of(
                "at", s(s.consent().at().toString()), "source", s(s.consent().source()),
                "client", s(s.consent().client()), "policy", s(s.consent().policy()))));
        item.put("createdAt", s(s.createdAt().toString()));
        item.put("updatedAt", s(s.updatedAt().toString()));
        item.put("lastRequestAt", s(s.lastRequestAt().toString()));
        if (s.confirmedAt() != null) {
            item.put("confirmedAt", s(s.confirmedAt().toString()));
        }
        if (s.unsubscribedAt() != null) {
            item.put("unsubscribedAt", s(s.unsubscribedAt().toString()));
        }
        if (s.mailRequest() != null) {
            item.put(MAIL_REQUEST, s(s.mailRequest().id()));
            item.put("mailRequestedAt", s(s.mailRequest().at().toString()));
        }
        if (s.mailSent() != null) {
            item.put("mailSent", s(s.mailSent()));
        }
        return item;
    }

    private static Subscriber subscriber(Map<String, AttributeValue> item) {
        var consent = item.get("consent").m();
        var address = new EmailAddress(text(item, "address"), text(item, "deliverTo"),
                item.get(PK).s().substring(ADDRESS_PREFIX.length()));
        return new Subscriber(address, Status.valueOf(text(item, "status")), text(item, "cycle"),
                Long.parseLong(item.get("version").n()),
                new Consent(Instant.parse(consent.get("at").s()), consent.get("source").s(), consent.get("client").s(),
                        consent.get("policy").s()),
                instant(item, "createdAt"), instant(item, "updatedAt"), instant(item, "confirmedAt"),
                instant(item, "unsubscribedAt"),
                item.containsKey(MAIL_REQUEST) ? new MailRequest(text(item, MAIL_REQUEST), instant(item, "mailRequestedAt")) : null,
                text(item, "mailSent"), instant(item, "lastRequestAt"));
    }

    private static Map<String, AttributeValue> item(LinkToken t) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(TOKEN_PREFIX + t.hash()));
        item.put("purpose", s(t.purpose().name()));
        item.put("subscriber", s(t.subscriberKey()));
        item.put("cycle", s(t.cycle()));
        item.put("createdAt", s(t.createdAt().toString()));
        // Epoch seconds, as DynamoDB's TTL wants them.
        item.put(EXPIRES_AT, n(t.expiresAt().getEpochSecond()));
        if (t.usedAt() != null) {
            item.put("usedAt", s(t.usedAt().toString()));
        }
        return item;
    }

    private static LinkToken token(Map<String, AttributeValue> item) {
        return new LinkToken(item.get(PK).s().substring(TOKEN_PREFIX.length()),
                LinkToken.Purpose.valueOf(text(item, "purpose")), text(item, "subscriber"), text(item, "cycle"),
                instant(item, "createdAt"), Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())),
                instant(item, "usedAt"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
