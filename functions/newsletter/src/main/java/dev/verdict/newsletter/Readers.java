package dev.verdict.newsletter;

import static dev.verdict.mail.SuppressionAttributes.SUPPRESSED_AT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The newsletter's view of the subscribers table, whose owner is the signups module (SubscribersTable there): who may
 * be sent an issue, and the unsubscribe link each copy carries. It reads only {@code pk}, {@code status},
 * {@code deliverTo}, {@code cycle}, {@code unsubscribedAt} and {@code suppressedAt}, and writes unsubscribe tokens in the
 * shape the signups' unsubscribe endpoint reads (the SHA-256 of a 256-bit token under {@code TOKEN#}), so the link in
 * an issue works exactly as the one in the confirmation message.
 */
public final class Readers {

    static final String ADDRESS_PREFIX = "ADDRESS#";
    static final String TOKEN_PREFIX = "TOKEN#";
    /** As the signups' unsubscribe tokens: List-Unsubscribe keeps working for as long as a reader keeps the message. */
    static final Duration UNSUBSCRIBE_LIFETIME = Duration.ofDays(365);
    /** What we send to: a dot-atom local part and a domain, nothing a header could be bent with. */
    private static final Pattern DELIVERABLE = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A reader who may be sent the issue now. */
    public record Reader(String key, String deliverTo, String cycle) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public Readers(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The keys of every confirmed, not unsubscribed, not suppressed subscriber (one scan; keys only). */
    public List<String> confirmedKeys() {
        List<String> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = ScanRequest.builder().tableName(table)
                    .filterExpression("begins_with(pk, :a) AND #s = :c AND attribute_not_exists(unsubscribedAt) AND attribute_not_exists(" + SUPPRESSED_AT + ")")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":a", s(ADDRESS_PREFIX), ":c", s("CONFIRMED")))
                    .projectionExpression("pk");
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            var page = dynamo.scan(request.build());
            page.items().forEach(item -> keys.add(item.get("pk").s().substring(ADDRESS_PREFIX.length())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    /** What a reader is now; empty when they may no longer be sent anything (unsubscribed, suppressed, gone). */
    public Optional<Reader> current(String key) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s(ADDRESS_PREFIX + key))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !"CONFIRMED".equals(text(item, "status")) || item.containsKey("unsubscribedAt")
                || item.containsKey(SUPPRESSED_AT)) {
            return Optional.empty();
        }
        return Optional.of(new Reader(key, text(item, "deliverTo"), text(item, "cycle")));
    }

    /** Whether an address can be sent to as it is stored (an item written by hand may hold anything). */
    static boolean deliverable(String address) {
        return address != null && address.length() <= 254 && DELIVERABLE.matcher(address).matches();
    }

    /** Mints this copy's unsubscribe token and stores its hash; the token itself is only ever in the message. */
    public String unsubscribeToken(Reader reader, Instant now) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(TOKEN_PREFIX + sha256(token)));
        item.put("purpose", s("UNSUBSCRIBE"));
        item.put("subscriber", s(reader.key()));
        item.put("cycle", s(reader.cycle()));
        item.put("createdAt", s(now.toString()));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plus(UNSUBSCRIBE_LIFETIME).getEpochSecond())));
        dynamo.putItem(b -> b.tableName(table).item(item));
        return token;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
