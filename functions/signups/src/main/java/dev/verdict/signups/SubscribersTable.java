package dev.verdict.signups;

import static dev.verdict.mail.SuppressionAttributes.SUPPRESSED_AT;

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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The subscribers table's only gateway: the one place that knows its attribute names and key shapes.
 *
 * <ul>
 *   <li>{@code ADDRESS#<normalised address>}: one subscriber, conditioned on the version it was read at. Each write sets
 *       or removes every attribute this module owns ({@link #OWNED}) and touches nothing else: the newsletter's mail
 *       feedback writes the suppression onto the same item ({@code SuppressionAttributes}) without moving the version,
 *       so a whole-item PutItem would silently erase it.</li>
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
    /** The subscriber attributes this module writes (besides the key); whatever else is on the item is someone else's. */
    static final List<String> OWNED = List.of("address", "deliverTo", "status", "cycle", "version", "consent",
            "createdAt", "updatedAt", "lastRequestAt", "confirmedAt", "unsubscribedAt", MAIL_REQUEST, "mailRequestedAt",
            "mailSent");

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
        // The same write as inside a transaction, sent on its own.
        Update update = update(next, previous, "");
        try {
            dynamo.updateItem(b -> b.tableName(table).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression())
                    .expressionAttributeNames(update.expressionAttributeNames())
                    .expressionAttributeValues(update.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException e) {
            throw new Conflict();
        }
    }

    /** Marks a confirmation token used and confirms its subscriber, both or neither. */
    public void confirm(LinkToken token, Subscriber next, Subscriber previous, Instant now) {
        var usedToken = Put.builder().tableName(table).item(item(token.usedAt(now)))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(usedAt)").build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(usedToken).build(),
                    TransactWriteItem.builder().update(update(next, previous, "")).build()));
        } catch (TransactionCanceledException e) {
            throw new Conflict();
        }
    }

    /**
     * Records a message as sent before it goes out: {@code next} (which names the mail request as sent) is written if
     * the stored subscriber is still {@code previous}, together with the message's link tokens, all or nothing. Only one
     * writer can claim a request, so a message is sent at most once however often its record is delivered. Nor can a
     * claim be written once the address is suppressed: a suppression does not move the version, so it is checked here.
     */
    public void claimMail(Subscriber next, Subscriber previous, List<LinkToken> tokens) {
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .update(update(next, previous, " AND attribute_not_exists(" + SUPPRESSED_AT + ")")).build());
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

    /**
     * The write of {@code next} over {@code previous} (a new item when null): SET each owned attribute it has, REMOVE
     * each it has not, under the version condition plus {@code andCondition}.
     */
    private Update update(Subscriber next, Subscriber previous, String andCondition) {
        Map<String, AttributeValue> attributes = attributes(next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new java.util.ArrayList<>();
        List<String> remove = new java.util.ArrayList<>();
        for (int i = 0; i < OWNED.size(); i++) {
            String name = OWNED.get(i);
            // A placeholder for every name: some (status, for one) are DynamoDB reserved words.
            names.put("#a" + i, name);
            if (attributes.containsKey(name)) {
                set.add("#a" + i + " = :a" + i);
                values.put(":a" + i, attributes.get(name));
            } else {
                remove.add("#a" + i);
            }
        }
        String condition;
        if (previous == null) {
            condition = "attribute_not_exists(pk)";
        } else {
            condition = "#a" + OWNED.indexOf("version") + " = :read";
            values.put(":read", n(previous.version()));
        }
        return Update.builder().tableName(table).key(Map.of(PK, s(ADDRESS_PREFIX + next.address().key())))
                .updateExpression("SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                .conditionExpression(condition + andCondition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /** The owned attributes of {@code s} that have a value. */
    private static Map<String, AttributeValue> attributes(Subscriber s) {
        Map<String, AttributeValue> item = new HashMap<>();
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
                text(item, "mailSent"), instant(item, "lastRequestAt"), instant(item, SUPPRESSED_AT));
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
