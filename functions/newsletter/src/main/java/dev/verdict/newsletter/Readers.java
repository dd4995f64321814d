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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The newsletter's view of the subscribers table, whose owner is the signups module (SubscribersTable there): who may
 * be sent an issue, and the unsubscribe link each copy carries. It reads only {@code pk}, {@code status},
 * {@code deliverTo}, {@code cycle}, {@code unsubscribedAt} and {@code suppressedAt}, and writes unsubscribe tokens in the
 * shape the signups' unsubscribe endpoint reads (the SHA-256 of a 256-bit token under {@code TOKEN#}), so the link in
 * an issue works exactly as the one in the confirmation message.
 */
public final class Readers {

    static final String ADDRESS_PREFIX = "ADDRESS#";
    /** BatchGetItem's most keys per request. */
    private static final int BATCH_GET_LIMIT = 100;
    /** BatchWriteItem's most items per request. */
    private static final int BATCH_WRITE_LIMIT = 25;
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

    /**
     * What these readers are now, in one consistent read per 100: only those who may still be sent something appear
     * in the answer (not unsubscribed, not suppressed, not gone) (a send batch reads its readers once instead of once per message).
     */
    public Map<String, Reader> current(Collection<String> keys) {
        Map<String, Reader> current = new HashMap<>();
        List<String> all = List.copyOf(new HashSet<>(keys));
        for (int from = 0; from < all.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> asked = all.subList(from, Math.min(all.size(), from + BATCH_GET_LIMIT)).stream()
                    .map(key -> Map.of("pk", s(ADDRESS_PREFIX + key))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(asked).consistentRead(true).build());
            while (!pending.isEmpty()) {
                var ask = pending;
                var page = dynamo.batchGetItem(b -> b.requestItems(ask));
                for (var item : page.responses().getOrDefault(table, List.of())) {
                    String key = item.get("pk").s().substring(ADDRESS_PREFIX.length());
                    readerOf(key, item).ifPresent(reader -> current.put(key, reader));
                }
                pending = page.hasUnprocessedKeys() ? page.unprocessedKeys() : Map.of();
            }
        }
        return current;
    }

    private static Optional<Reader> readerOf(String key, Map<String, AttributeValue> item) {
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

    /**
     * Mints an unsubscribe token for each of these readers' copies and stores their hashes, 25 to a request; the
     * tokens themselves are only ever in the messages. A token minted for a copy that is then not sent (another
     * invocation held the claim) is never seen by anyone and expires like the rest.
     */
    public Map<String, String> unsubscribeTokens(Collection<Reader> copies, Instant now) {
        Map<String, String> tokens = new HashMap<>();
        List<WriteRequest> writes = new ArrayList<>();
        for (Reader reader : copies) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            tokens.put(reader.key(), token);
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s(TOKEN_PREFIX + sha256(token)));
            item.put("purpose", s("UNSUBSCRIBE"));
            item.put("subscriber", s(reader.key()));
            item.put("cycle", s(reader.cycle()));
            item.put("createdAt", s(now.toString()));
            item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plus(UNSUBSCRIBE_LIFETIME).getEpochSecond())));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE_LIMIT)));
            while (!pending.isEmpty()) {
                var ask = pending;
                var answer = dynamo.batchWriteItem(b -> b.requestItems(ask));
                pending = answer.hasUnprocessedItems() ? answer.unprocessedItems() : Map.of();
            }
        }
        return tokens;
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
