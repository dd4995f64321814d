package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What this project relies on DynamoDB to do, asserted through the real SDK against the engine the other tests use.
 *
 * <p>The local engine is moto's server, not DynamoDB: a handler test that passes against it proves only as much as the
 * engine behaves like DynamoDB where the code depends on it. This suite pins each of those behaviours (conditions and
 * their failures, update expressions, transactions, streams, paging, batches, parallel scans, the item size limit,
 * concurrent counters, TTL settings) so an engine upgrade or a launcher change that breaks one fails here, by name,
 * rather than as a puzzling handler failure. Under {@code -Plocalstack} the same class runs against LocalStack.
 *
 * <p>Where moto differs from DynamoDB, the test says so in its name and comment, asserts moto's actual behaviour when
 * the engine is moto and DynamoDB's otherwise (see {@code moto}); nothing is weakened to make both pass.
 */
class DynamoConformanceTest {

    /** moto's server; false under {@code -Dverdict.backend=localstack}, where DynamoDB's documented behaviour is asserted. */
    private static boolean moto;
    private static DynamoBackend dynamo;
    private static DynamoDbClient db;
    private static DynamoDbStreamsClient streams;

    private final List<String> tables = new ArrayList<>();

    @BeforeAll
    static void engine() {
        dynamo = SharedDynamo.get();
        moto = dynamo instanceof MotoEngine;
        db = dynamo.client();
        streams = dynamo.streamsClient();
    }

    @AfterEach
    void dropTables() {
        tables.forEach(name -> db.deleteTable(b -> b.tableName(name)));
    }

    // ---- 1. Conditional writes

    @Test
    void putWithAttributeNotExistsWritesOnceThenFailsWithConditionalCheckFailed() {
        String table = hashTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "v", n(1))).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "v", n(2)))
                .conditionExpression("attribute_not_exists(pk)")))
                .isExactlyInstanceOf(ConditionalCheckFailedException.class);

        assertThat(get(table, "a")).isEqualTo(item("pk", s("a"), "v", n(1)));
    }

    @Test
    void failedConditionReturnsTheStoredItemWithAllOldAndWritesNothing() {
        String table = hashTable();
        Map<String, AttributeValue> stored = item("pk", s("a"), "version", n(3), "name", s("first"));
        db.putItem(b -> b.tableName(table).item(stored));
        var allOld = ReturnValuesOnConditionCheckFailure.ALL_OLD;

        var put = catchThrowableOfType(ConditionalCheckFailedException.class, () -> db.putItem(b -> b.tableName(table)
                .item(item("pk", s("a"), "version", n(4), "name", s("second")))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2)))
                .returnValuesOnConditionCheckFailure(allOld)));
        var update = catchThrowableOfType(ConditionalCheckFailedException.class, () -> db.updateItem(b -> b.tableName(table)
                .key(key("a")).updateExpression("SET #name = :name ADD version :one")
                .conditionExpression("version = :v").expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":v", n(2), ":name", s("second"), ":one", n(1)))
                .returnValuesOnConditionCheckFailure(allOld)));
        var delete = catchThrowableOfType(ConditionalCheckFailedException.class, () -> db.deleteItem(b -> b.tableName(table)
                .key(key("a")).conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2)))
                .returnValuesOnConditionCheckFailure(allOld)));
        var withoutAllOld = catchThrowableOfType(ConditionalCheckFailedException.class, () -> db.deleteItem(b -> b.tableName(table)
                .key(key("a")).conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(2)))));
        var missingItem = catchThrowableOfType(ConditionalCheckFailedException.class, () -> db.deleteItem(b -> b.tableName(table)
                .key(key("absent")).conditionExpression("attribute_exists(pk)").returnValuesOnConditionCheckFailure(allOld)));

        assertThat(List.of(put, update, delete)).allSatisfy(e -> {
            assertThat(e).isExactlyInstanceOf(ConditionalCheckFailedException.class);
            assertThat(e.item()).isEqualTo(stored);
        });
        assertThat(withoutAllOld.hasItem()).isFalse();
        assertThat(missingItem.hasItem()).isFalse();
        assertThat(get(table, "a")).isEqualTo(stored);
        assertThat(get(table, "absent")).isEmpty();
    }

    @Test
    void comparisonConditionsAdmitOnlyTheWritesTheyDescribe() {
        String table = hashTable();
        // SubscribersTable.save: optimistic version check.
        db.putItem(b -> b.tableName(table).item(item("pk", s("sub"), "version", n(1))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("sub"), "version", n(2)))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(1))));
        assertThatThrownBy(() -> db.putItem(b -> b.tableName(table).item(item("pk", s("sub"), "version", n(2)))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(1)))))
                .isExactlyInstanceOf(ConditionalCheckFailedException.class);

        // VotesTable.put: "no vote yet, or a different verdict".
        var vote = "attribute_not_exists(#pk) OR #verdict <> :verdict";
        var names = Map.of("#pk", "pk", "#verdict", "verdict");
        db.putItem(b -> b.tableName(table).item(item("pk", s("vote"), "verdict", s("ship"))).conditionExpression(vote)
                .expressionAttributeNames(names).expressionAttributeValues(Map.of(":verdict", s("ship"))));
        assertThatThrownBy(() -> db.putItem(b -> b.tableName(table).item(item("pk", s("vote"), "verdict", s("ship")))
                .conditionExpression(vote).expressionAttributeNames(names).expressionAttributeValues(Map.of(":verdict", s("ship")))))
                .isExactlyInstanceOf(ConditionalCheckFailedException.class);
        db.putItem(b -> b.tableName(table).item(item("pk", s("vote"), "verdict", s("skip"))).conditionExpression(vote)
                .expressionAttributeNames(names).expressionAttributeValues(Map.of(":verdict", s("skip"))));

        // Numeric order, as ContentAggregates.repair and the counters compare versions.
        db.updateItem(b -> b.tableName(table).key(key("sub")).updateExpression("SET note = :x")
                .conditionExpression("version < :limit AND version >= :floor")
                .expressionAttributeValues(Map.of(":x", s("ok"), ":limit", n(10), ":floor", n(2))));
        assertThatThrownBy(() -> db.updateItem(b -> b.tableName(table).key(key("sub")).updateExpression("SET note = :x")
                .conditionExpression("version > :v").expressionAttributeValues(Map.of(":x", s("no"), ":v", n(2)))))
                .isExactlyInstanceOf(ConditionalCheckFailedException.class);
        // 10 > 9 numerically though "10" < "9" as text: numbers compare as numbers.
        db.putItem(b -> b.tableName(table).item(item("pk", s("ten"), "version", n(10))));
        db.updateItem(b -> b.tableName(table).key(key("ten")).updateExpression("SET note = :x")
                .conditionExpression("version > :nine").expressionAttributeValues(Map.of(":x", s("ok"), ":nine", n(9))));

        // VotesTable.retract: delete only what exists.
        assertThatThrownBy(() -> db.deleteItem(b -> b.tableName(table).key(key("nobody"))
                .conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", "pk"))))
                .isExactlyInstanceOf(ConditionalCheckFailedException.class);
        db.deleteItem(b -> b.tableName(table).key(key("vote"))
                .conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", "pk")));

        assertThat(get(table, "sub")).isEqualTo(item("pk", s("sub"), "version", n(2), "note", s("ok")));
        assertThat(get(table, "ten")).isEqualTo(item("pk", s("ten"), "version", n(10), "note", s("ok")));
        assertThat(get(table, "vote")).isEmpty();
        assertThat(get(table, "nobody")).isEmpty();
    }

    // ---- 2. Update expressions

    @Test
    void updateExpressionSetsAddsAndRemovesInOneRequest() {
        String table = hashTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "name", s("old"), "n", n(5),
                "tags", AttributeValue.fromSs(List.of("x")), "nums", AttributeValue.fromNs(List.of("1")), "gone", s("y"))));

        db.updateItem(b -> b.tableName(table).key(key("a"))
                .updateExpression("SET #name = :name, n = n + :one ADD tags :tags, nums :nums, created :two REMOVE gone")
                .expressionAttributeNames(Map.of("#name", "name"))
                .expressionAttributeValues(Map.of(":name", s("new"), ":one", n(1), ":two", n(2),
                        ":tags", AttributeValue.fromSs(List.of("x", "y")), ":nums", AttributeValue.fromNs(List.of("2")))));

        Map<String, AttributeValue> after = get(table, "a");
        assertThat(after).containsOnlyKeys("pk", "name", "n", "tags", "nums", "created");
        assertThat(after.get("name")).isEqualTo(s("new"));
        assertThat(after.get("n")).isEqualTo(n(6));
        assertThat(after.get("created")).isEqualTo(n(2));
        assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("x", "y");
        assertThat(after.get("nums").ns()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void addCreatesTheMissingItemAndAttributeThenIncrements() {
        String table = hashTable();
        for (int i = 0; i < 3; i++) {
            db.updateItem(b -> b.tableName(table).key(key("counter")).updateExpression("ADD hits :one, seen :who")
                    .expressionAttributeValues(Map.of(":one", n(1), ":who", AttributeValue.fromSs(List.of("v1")))));
        }
        db.updateItem(b -> b.tableName(table).key(key("counter")).updateExpression("ADD hits :minusTwo")
                .expressionAttributeValues(Map.of(":minusTwo", n(-2))));

        Map<String, AttributeValue> counter = get(table, "counter");
        assertThat(counter).containsOnlyKeys("pk", "hits", "seen");
        assertThat(counter.get("hits")).isEqualTo(n(1));
        assertThat(counter.get("seen").ss()).containsExactly("v1");
    }

    @Test
    void ifNotExistsKeepsTheFirstValueWhileAddCounts() {
        String table = hashTable();
        // FixedWindowCounters.hit, verbatim.
        List<Map<String, AttributeValue>> responses = new ArrayList<>();
        for (long expires : new long[] {100, 200, 300}) {
            responses.add(db.updateItem(b -> b.tableName(table).key(key("window"))
                    .updateExpression("ADD #hits :one SET #expires = if_not_exists(#expires, :expires)")
                    .expressionAttributeNames(Map.of("#hits", "hits", "#expires", "expiresAt"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":expires", n(expires)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes());
        }

        assertThat(responses).extracting(r -> r.get("hits")).containsExactly(n(1), n(2), n(3));
        assertThat(get(table, "window")).isEqualTo(item("pk", s("window"), "hits", n(3), "expiresAt", n(100)));
    }

    /**
     * moto differs: its UPDATED_NEW is "what differs from before", so the first update of a new item also returns the
     * key, and an attribute the expression SETs to its own value (if_not_exists on a present one) is left out.
     * DynamoDB returns the attributes the expression updates ({@code hits} and {@code expiresAt} both times), never
     * the key. FixedWindowCounters reads only {@code hits}, which both return.
     */
    @Test
    void updatedNewInMotoReturnsOnlyChangedAttributesAndTheKeyOfANewItem() {
        String table = hashTable();
        List<Map<String, AttributeValue>> responses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            responses.add(db.updateItem(b -> b.tableName(table).key(key("window"))
                    .updateExpression("ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .expressionAttributeValues(Map.of(":one", n(1), ":expires", n(100)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes());
        }
        if (moto) {
            assertThat(responses.get(0)).isEqualTo(item("pk", s("window"), "hits", n(1), "expiresAt", n(100)));
            assertThat(responses.get(1)).isEqualTo(item("hits", n(2)));
        } else {
            assertThat(responses.get(0)).isEqualTo(item("hits", n(1), "expiresAt", n(100)));
            assertThat(responses.get(1)).isEqualTo(item("hits", n(2), "expiresAt", n(100)));
        }
    }

    @Test
    void arithmeticSetIncrementsAndOnAMissingAttributeIsAValidationError() {
        String table = hashTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "n", n(41))));

        var updated = db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET n = n + :one")
                .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
        var missing = catchThrowableOfType(DynamoDbException.class, () -> db.updateItem(b -> b.tableName(table).key(key("b"))
                .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", n(1)))));

        assertThat(updated).isEqualTo(item("n", n(42)));
        assertValidationError(missing, "The provided expression refers to an attribute that does not exist in the item");
        assertThat(get(table, "b")).isEmpty();
    }

    @Test
    void returnValuesAllOldGivesTheItemBeforeTheUpdateAndNothingForANewItem() {
        String table = hashTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "n", n(1), "gone", s("x"))));

        var old = db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET n = n + :one REMOVE gone")
                .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.ALL_OLD));
        var created = db.updateItem(b -> b.tableName(table).key(key("new")).updateExpression("SET n = :one")
                .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.ALL_OLD));

        assertThat(old.attributes()).isEqualTo(item("pk", s("a"), "n", n(1), "gone", s("x")));
        assertThat(created.hasAttributes() && !created.attributes().isEmpty()).isFalse();
        assertThat(get(table, "a")).isEqualTo(item("pk", s("a"), "n", n(2)));
    }

    // ---- 3. Transactions

    @Test
    void failedConditionCheckCancelsEveryActionOfTheTransaction() {
        String table = hashTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("b"), "n", n(1))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("c"), "state", s("locked"))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("d"))));

        var e = catchThrowableOfType(TransactionCanceledException.class, () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("b")).updateExpression("SET n = n + :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("c"))
                        .conditionExpression("#state = :open").expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":open", s("open")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("d"))).build())));

        assertThat(e).isExactlyInstanceOf(TransactionCanceledException.class);
        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "None", "ConditionalCheckFailed", "None");
        assertThat(get(table, "a")).isEmpty();
        assertThat(get(table, "b")).isEqualTo(item("pk", s("b"), "n", n(1)));
        assertThat(get(table, "d")).isEqualTo(item("pk", s("d")));
    }

    /** The content table's shape (a sort key and an index): a cancelled transaction leaves every partition, and the index, as it was. */
    @Test
    void aCancelledTransactionOnATableWithASortKeyAndAnIndexLeavesEveryItemAsItWas() {
        String table = rangeTable(true);
        var first = item("pk", s("a"), "sk", s("1"), "n", n(1), "listPk", s("list"), "listSk", s("1"));
        var second = item("pk", s("a"), "sk", s("2"), "listPk", s("list"), "listSk", s("2"));
        db.putItem(b -> b.tableName(table).item(first));
        db.putItem(b -> b.tableName(table).item(second));

        var e = catchThrowableOfType(TransactionCanceledException.class, () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("b"), "sk", s("1"),
                        "listPk", s("list"), "listSk", s("0")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a"), "sk", s("3")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("a"), "sk", s("1")))
                        .updateExpression("SET n = n + :one, listSk = :moved")
                        .expressionAttributeValues(Map.of(":one", n(1), ":moved", s("9")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("a"), "sk", s("2")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("z"), "sk", s("1")))
                        .conditionExpression("attribute_exists(pk)")).build())));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "None", "None", "None", "ConditionalCheckFailed");
        assertThat(db.scan(b -> b.tableName(table).consistentRead(true)).items()).containsExactlyInAnyOrder(first, second);
        assertThat(db.query(b -> b.tableName(table).indexName("byList").keyConditionExpression("listPk = :l")
                .expressionAttributeValues(Map.of(":l", s("list")))).items()).containsExactly(first, second);
    }

    @Test
    void cancellationReasonCarriesTheStoredItemWithAllOld() {
        String table = hashTable();
        Map<String, AttributeValue> checkpoint = item("pk", s("checkpoint"), "sequence", s("0042"));
        db.putItem(b -> b.tableName(table).item(checkpoint));

        // ContentAggregates.applyCommunityDeltas: the checkpoint Put is conditional on the sequence last seen.
        var e = catchThrowableOfType(TransactionCanceledException.class, () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("tool")).updateExpression("ADD ship :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("checkpoint"), "sequence", s("0050")))
                        .conditionExpression("#seq = :seen").expressionAttributeNames(Map.of("#seq", "sequence"))
                        .expressionAttributeValues(Map.of(":seen", s("0041")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
        assertThat(e.cancellationReasons().get(1).item()).isEqualTo(checkpoint);
        assertThat(e.cancellationReasons().get(0).hasItem()).isFalse();
        assertThat(get(table, "tool")).isEmpty();
        assertThat(get(table, "checkpoint")).isEqualTo(checkpoint);
    }

    @Test
    void transactionOfOneHundredActionsSucceeds() {
        String table = hashTable();
        db.transactWriteItems(b -> b.transactItems(puts(table, 100)));
        assertThat(count(table)).isEqualTo(100);
    }

    @Test
    void transactionOfOneHundredAndOneActionsIsAValidationErrorAndWritesNothing() {
        String table = hashTable();
        var e = catchThrowableOfType(DynamoDbException.class, () -> db.transactWriteItems(b -> b.transactItems(puts(table, 101))));
        // DynamoDB: "1 validation error detected: Value '[...]' at 'transactItems' failed to satisfy constraint:
        // Member must have length less than or equal to 100"; moto leaves out the value, same ending.
        assertValidationError(e, "Member must have length less than or equal to 100");
        assertThat(count(table)).isZero();
    }

    @Test
    void aReadTransactionTakesOneHundredItemsAndRefusesOneHundredAndOne() {
        String table = hashTable();
        db.transactWriteItems(b -> b.transactItems(puts(table, 100)));
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            var key = item("pk", s("item" + i));
            gets.add(TransactGetItem.builder().get(g -> g.tableName(table).key(key)).build());
        }

        var read = db.transactGetItems(b -> b.transactItems(gets.subList(0, 100))).responses();
        var e = catchThrowableOfType(DynamoDbException.class, () -> db.transactGetItems(b -> b.transactItems(gets)));

        assertThat(read).hasSize(100).allSatisfy(response -> assertThat(response.item()).isNotEmpty());
        // The same message as the write transaction's (moto 5.2.1 refused anything over 25 items).
        assertValidationError(e, "Member must have length less than or equal to 100");
    }

    @Test
    void twoActionsOnOneItemInATransactionAreAValidationError() {
        String table = hashTable();
        var e = catchThrowableOfType(DynamoDbException.class, () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("a")).updateExpression("SET n = :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))).build())));
        assertValidationError(e, "Transaction request cannot include multiple operations on one item");
        assertThat(get(table, "a")).isEmpty();
    }

    // ---- 4. Streams

    @Test
    void streamRecordsEveryWriteInOrderWithKeysImagesAndIncreasingSequenceNumbers() {
        String table = streamTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"), "v", n(1))));
        db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET v = :two")
                .expressionAttributeValues(Map.of(":two", n(2))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("b"), "v", n(9))));
        db.deleteItem(b -> b.tableName(table).key(key("a")));

        List<Record> records = readAll(table, 4);

        assertThat(records).extracting(DynamoConformanceTest::summary).containsExactly("INSERT a", "MODIFY a", "INSERT b", "REMOVE a");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        });
        assertThat(records).extracting(r -> r.dynamodb().keys())
                .containsExactly(key("a"), key("a"), key("b"), key("a"));
        assertImages(records.get(0), null, item("pk", s("a"), "v", n(1)));
        assertImages(records.get(1), item("pk", s("a"), "v", n(1)), item("pk", s("a"), "v", n(2)));
        assertImages(records.get(2), null, item("pk", s("b"), "v", n(9)));
        assertImages(records.get(3), item("pk", s("a"), "v", n(2)), null);
        assertIncreasing(records);
    }

    @Test
    void anUpdateThatCreatesItsItemWritesOneInsertWithTheWholeItem() {
        String table = streamTable();
        db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET v = :one")
                .conditionExpression("attribute_not_exists(pk)").expressionAttributeValues(Map.of(":one", n(1))));
        db.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key("b")).updateExpression("SET v = :nine").expressionAttributeValues(Map.of(":nine", n(9)))).build()));
        db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET v = :two")
                .expressionAttributeValues(Map.of(":two", n(2))));

        List<Record> records = readAll(table, 3);

        assertThat(records).extracting(DynamoConformanceTest::summary).containsExactly("INSERT a", "INSERT b", "MODIFY a");
        assertImages(records.get(0), null, item("pk", s("a"), "v", n(1)));
        assertImages(records.get(1), null, item("pk", s("b"), "v", n(9)));
        assertImages(records.get(2), item("pk", s("a"), "v", n(1)), item("pk", s("a"), "v", n(2)));
        assertIncreasing(records);
    }

    @Test
    void transactionWritesReachTheStreamLikeSingleWrites() {
        String table = streamTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("x"), "v", n(1))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("y"))));

        db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a"), "v", n(7)))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("x")).updateExpression("ADD v :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("y"))).build()));

        List<Record> records = readAll(table, 5);
        assertThat(records.subList(0, 2)).extracting(DynamoConformanceTest::summary).containsExactly("INSERT x", "INSERT y");
        // DynamoDB orders records per item, not across the items of one transaction.
        List<Record> transaction = records.subList(2, 5);
        assertThat(transaction).extracting(DynamoConformanceTest::summary)
                .containsExactlyInAnyOrder("INSERT a", "MODIFY x", "REMOVE y");
        Map<String, Record> byKey = new HashMap<>();
        transaction.forEach(r -> byKey.put(r.dynamodb().keys().get("pk").s(), r));
        assertImages(byKey.get("a"), null, item("pk", s("a"), "v", n(7)));
        assertImages(byKey.get("x"), item("pk", s("x"), "v", n(1)), item("pk", s("x"), "v", n(2)));
        assertImages(byKey.get("y"), item("pk", s("y")), null);
        assertIncreasing(records);
    }

    @Test
    void cancelledTransactionWritesNoStreamRecord() {
        String table = streamTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("c"), "state", s("locked"))));

        assertThatThrownBy(() -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("c"))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("b")))).build())))
                .isExactlyInstanceOf(TransactionCanceledException.class);
        db.putItem(b -> b.tableName(table).item(item("pk", s("after"))));

        // An iterator taken after the cancelled transaction (see the next test for one taken before it).
        assertThat(readAll(table, 2)).extracting(DynamoConformanceTest::summary).containsExactly("INSERT c", "INSERT after");
    }

    /**
     * Stock moto fails this one, and it matters to the local stack: it deep-copies each table a transaction touches,
     * runs every action, and, if any failed, puts the copies back in place of the tables, so iterators handed out
     * before stay on the old shard, which kept the cancelled writes' records and receives nothing ever again. A
     * poller following NextShardIterator (StreamPoller does) would read writes that never happened, then stall for
     * good. Our launcher keeps the live shard through the rollback, cut back to where it stood.
     */
    @Test
    void anIteratorTakenBeforeACancelledTransactionReadsOnlyTheWritesThatHappened() {
        String table = streamTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("c"), "state", s("locked"))));
        String arn = streamArn(table);
        List<Record> before = new ArrayList<>();
        String iterator = readInto(before, iterator(arn, ShardIteratorType.TRIM_HORIZON, null), 1);
        assertThat(before).extracting(DynamoConformanceTest::summary).containsExactly("INSERT c");

        assertThatThrownBy(() -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("a")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("c"))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("b")))).build())))
                .isExactlyInstanceOf(TransactionCanceledException.class);
        db.putItem(b -> b.tableName(table).item(item("pk", s("after"))));

        List<Record> after = new ArrayList<>();
        readInto(after, iterator, 1);
        assertThat(after).extracting(DynamoConformanceTest::summary).containsExactly("INSERT after");
        assertThat(get(table, "a")).isEmpty();
        assertThat(get(table, "b")).isEmpty();
    }

    /**
     * Stock moto writes a MODIFY record with equal images for a put or update that leaves the item as it was;
     * DynamoDB writes no record for a write that changes no data, and neither does our launcher.
     */
    @Test
    void aWriteThatChangesNothingWritesNoStreamRecord() {
        String table = streamTable();
        Map<String, AttributeValue> same = item("pk", s("a"), "v", n(1));
        db.putItem(b -> b.tableName(table).item(same));
        db.putItem(b -> b.tableName(table).item(same));
        db.updateItem(b -> b.tableName(table).key(key("a")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n(1))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("end"))));
        // Deleting an item that is not there writes no record either.
        db.deleteItem(b -> b.tableName(table).key(key("absent")));

        assertThat(readAll(table, 2)).extracting(DynamoConformanceTest::summary).containsExactly("INSERT a", "INSERT end");
    }

    @Test
    void shardIteratorTypesStartWhereAsked() {
        String table = streamTable();
        for (String pk : List.of("a", "b", "c")) {
            db.putItem(b -> b.tableName(table).item(item("pk", s(pk))));
        }
        String arn = streamArn(table);
        List<Record> all = readAll(table, 3);
        String second = all.get(1).dynamodb().sequenceNumber();

        List<Record> trimHorizon = new ArrayList<>();
        readInto(trimHorizon, iterator(arn, ShardIteratorType.TRIM_HORIZON, null), 3);
        List<Record> atSecond = new ArrayList<>();
        readInto(atSecond, iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, second), 2);
        List<Record> afterSecond = new ArrayList<>();
        readInto(afterSecond, iterator(arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second), 1);
        String latest = iterator(arn, ShardIteratorType.LATEST, null);
        List<Record> fromLatest = new ArrayList<>();
        latest = readInto(fromLatest, latest, 0);
        db.putItem(b -> b.tableName(table).item(item("pk", s("d"))));
        readInto(fromLatest, latest, 1);

        assertThat(trimHorizon).extracting(DynamoConformanceTest::summary).containsExactly("INSERT a", "INSERT b", "INSERT c");
        assertThat(atSecond).extracting(DynamoConformanceTest::summary).containsExactly("INSERT b", "INSERT c");
        assertThat(afterSecond).extracting(DynamoConformanceTest::summary).containsExactly("INSERT c");
        assertThat(fromLatest).extracting(DynamoConformanceTest::summary).containsExactly("INSERT d");
    }

    @Test
    void describeStreamListsTheOpenShard() {
        String table = streamTable();
        db.putItem(b -> b.tableName(table).item(item("pk", s("a"))));
        String arn = streamArn(table);

        StreamDescription stream = streams.describeStream(b -> b.streamArn(arn)).streamDescription();

        assertThat(stream.streamArn()).isEqualTo(arn);
        assertThat(stream.tableName()).isEqualTo(table);
        assertThat(stream.streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(stream.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(stream.keySchema()).containsExactly(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
        assertThat(stream.shards()).hasSize(1);
        Shard shard = stream.shards().getFirst();
        assertThat(shard.shardId()).startsWith("shardId-");
        assertThat(shard.parentShardId()).isNull();
        assertThat(shard.sequenceNumberRange().endingSequenceNumber()).as("an open shard has no end").isNull();
        BigInteger start = new BigInteger(shard.sequenceNumberRange().startingSequenceNumber());
        assertThat(new BigInteger(readAll(table, 1).getFirst().dynamodb().sequenceNumber())).isGreaterThanOrEqualTo(start);
    }

    /**
     * The launcher's patch, not moto's default (moto gives every stream the same shard id): a table created again under
     * the same name, as the local stack does on every start, gets a new shard, so a checkpoint kept per shard id
     * (the content table's CHECKPOINT#shard) never applies to the wrong stream. DynamoDB never reuses a shard id either.
     */
    @Test
    void everyStreamHasItsOwnShardIdEvenUnderAReusedTableName() {
        String first = streamTable();
        String other = streamTable();
        String firstShard = shardId(streamArn(first));
        db.deleteTable(b -> b.tableName(first));
        tables.remove(first);
        create(first, false, true, false);

        assertThat(List.of(firstShard, shardId(streamArn(other)), shardId(streamArn(first)))).doesNotHaveDuplicates();
    }

    @Test
    void getRecordsWithLimitPagesThroughTheShard() {
        String table = streamTable();
        for (int i = 0; i < 7; i++) {
            String pk = "item" + i;
            db.putItem(b -> b.tableName(table).item(item("pk", s(pk))));
        }
        readAll(table, 7); // every record is there before paging (LocalStack delivers them asynchronously)
        String iterator = iterator(streamArn(table), ShardIteratorType.TRIM_HORIZON, null);

        List<Integer> pages = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current).limit(3));
            pages.add(response.records().size());
            records.addAll(response.records());
            iterator = response.nextShardIterator();
        }

        assertThat(pages).containsExactly(3, 3, 1, 0);
        assertThat(iterator).as("an open shard always has a next iterator").isNotNull();
        assertThat(records).extracting(DynamoConformanceTest::summary)
                .containsExactlyElementsOf(IntStream.range(0, 7).mapToObj(i -> "INSERT item" + i).toList());
        assertIncreasing(records);
    }

    /** StreamPoller notes DynamoDB Local refusing this (TrimmedDataAccessException); moto and DynamoDB answer empty. */
    @Test
    void trimHorizonOnAnEmptyShardReadsTheRecordsWrittenLater() {
        String table = streamTable();
        String iterator = iterator(streamArn(table), ShardIteratorType.TRIM_HORIZON, null);
        GetRecordsResponse empty = streams.getRecords(b -> b.shardIterator(iterator));
        assertThat(empty.records()).isEmpty();
        assertThat(empty.nextShardIterator()).isNotNull();

        db.putItem(b -> b.tableName(table).item(item("pk", s("a"))));
        List<Record> records = new ArrayList<>();
        readInto(records, empty.nextShardIterator(), 1);
        assertThat(records).extracting(DynamoConformanceTest::summary).containsExactly("INSERT a");
    }

    // ---- 5. Query

    @Test
    void queryWithBeginsWithPagesThroughLimitAndExclusiveStartKey() {
        String table = rangeTable(false);
        List<String> sortKeys = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> sortKeys.add("item#%02d".formatted(i)));
        sortKeys.addAll(List.of("aaa", "other#1", "other#2"));
        batchPut(table, sortKeys.stream().map(sk -> item("pk", s("p"), "sk", s(sk))).toList());
        batchPut(table, List.of(item("pk", s("q"), "sk", s("item#00"))));

        List<List<String>> pages = new ArrayList<>();
        List<Map<String, AttributeValue>> lastKeys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).limit(4)
                    .keyConditionExpression("pk = :p AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":p", s("p"), ":prefix", s("item#")));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = db.query(query.build());
            pages.add(response.items().stream().map(i -> i.get("sk").s()).toList());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            lastKeys.add(start);
        } while (start != null && pages.size() < 10);

        assertThat(pages).containsExactly(
                List.of("item#00", "item#01", "item#02", "item#03"),
                List.of("item#04", "item#05", "item#06", "item#07"),
                List.of("item#08", "item#09"));
        assertThat(lastKeys.get(0)).isEqualTo(item("pk", s("p"), "sk", s("item#03")));
        assertThat(lastKeys.get(1)).isEqualTo(item("pk", s("p"), "sk", s("item#07")));
    }

    /**
     * moto differs: a page that ends because Limit was reached on the last item of the partition has no
     * LastEvaluatedKey in moto (it looks ahead); DynamoDB stops at Limit without looking, returns a LastEvaluatedKey,
     * and the next page is empty. CatalogueReads asks for one more than it shows, so it never depends on either.
     */
    @Test
    void motoOmitsLastEvaluatedKeyWhenLimitIsReachedOnThePartitionsLastItem() {
        String table = rangeTable(false);
        batchPut(table, IntStream.range(0, 8).mapToObj(i -> item("pk", s("p"), "sk", s("item#" + i))).toList());

        List<Integer> pages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).limit(4)
                    .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = db.query(query.build());
            pages.add(response.count());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null && pages.size() < 10);

        assertThat(pages).containsExactlyElementsOf(moto ? List.of(4, 4) : List.of(4, 4, 0));
    }

    @Test
    void indexQueryRunsDescendingAndResumesFromAHandBuiltStartKey() {
        String table = rangeTable(true);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            items.add(item("pk", s("COMPARISON#c" + day), "sk", s("META"), "listPk", s("ALL"),
                    "listSk", s("2024-01-0" + day + "#c" + day), "title", s("Comparison " + day)));
        }
        items.add(item("pk", s("COMPARISON#draft"), "sk", s("META"), "title", s("not listed"))); // no index key: not in the index
        items.add(item("pk", s("COMPARISON#other"), "sk", s("META"), "listPk", s("OTHER"), "listSk", s("2024-01-09#other")));
        batchPut(table, items);

        QueryResponse first = db.query(indexQuery(table, null));
        // CatalogueReads builds the start key itself from a cursor: the table's key plus the index's.
        Map<String, AttributeValue> start = item("pk", s("COMPARISON#c5"), "sk", s("META"), "listPk", s("ALL"),
                "listSk", s("2024-01-05#c5"));
        QueryResponse second = db.query(indexQuery(table, start));
        QueryResponse rest = db.query(indexQuery(table, second.lastEvaluatedKey()));

        assertThat(first.items()).extracting(i -> i.get("pk").s()).containsExactly("COMPARISON#c6", "COMPARISON#c5");
        assertThat(first.items().getFirst()).as("projection ALL").isEqualTo(items.get(5));
        assertThat(first.lastEvaluatedKey()).isEqualTo(start);
        assertThat(second.items()).extracting(i -> i.get("pk").s()).containsExactly("COMPARISON#c4", "COMPARISON#c3");
        assertThat(rest.items()).extracting(i -> i.get("pk").s()).containsExactly("COMPARISON#c2", "COMPARISON#c1");
    }

    // ---- 6. Batches

    /**
     * 100 items of 200 kB: written 25 at a time, read back 100 keys at once. DynamoDB (and moto) answer at most 16 MB a
     * BatchGetItem and leave the rest in UnprocessedKeys, so the read needs the retry loop CatalogueReads has.
     * moto never leaves writes unprocessed (DynamoDB may, when throttled), so the write loop's retry goes unexercised.
     */
    @Test
    void batchWritesOf25AndGetsOf100CompleteThroughTheUnprocessedLoop() {
        String table = hashTable();
        String payload = "x".repeat(200_000);
        List<String> keys = IntStream.range(0, 100).mapToObj(i -> "k%03d".formatted(i)).toList();

        int writeCalls = 0;
        for (int from = 0; from < keys.size(); from += 25) {
            List<WriteRequest> batch = keys.subList(from, from + 25).stream()
                    .map(k -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item("pk", s(k), "data", s(payload))).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> send = pending;
                pending = db.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
                writeCalls++;
                assertThat(writeCalls).as("write retries end").isLessThan(100);
            }
        }

        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                .keys(keys.stream().map(DynamoConformanceTest::key).toList()).build());
        List<Map<String, AttributeValue>> read = new ArrayList<>();
        int getCalls = 0;
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> send = request;
            var response = db.batchGetItem(b -> b.requestItems(send));
            read.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.unprocessedKeys();
            getCalls++;
            assertThat(getCalls).as("get retries end").isLessThan(100);
        }

        if (moto) {
            assertThat(writeCalls).isEqualTo(4);
        }
        assertThat(getCalls).as("20 MB cannot come back in one 16 MB answer").isGreaterThan(1);
        assertThat(read).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(read).allSatisfy(i -> assertThat(i.get("data").s()).hasSize(200_000));
    }

    @Test
    void batchGetOfMoreThan100KeysIsAValidationError() {
        String table = hashTable();
        var e = catchThrowableOfType(DynamoDbException.class, () -> db.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(IntStream.range(0, 101).mapToObj(i -> key("k" + i)).toList()).build()))));
        // moto's words are DynamoDB's for one table's keys; DynamoDB's documentation also names "Too many items
        // requested for the BatchGetItem call", so elsewhere only the error code is pinned.
        assertValidationError(e, moto ? "Member must have length less than or equal to 100" : null);
    }

    /**
     * DynamoDB refuses more than 25 requests in one BatchWriteItem (stock moto wrote any number; the engine refuses
     * them too), so a missing split into 25s fails here as on AWS.
     */
    @Test
    void aBatchWriteOfMoreThan25RequestsIsAValidationErrorAndWritesNothing() {
        String table = hashTable();
        List<WriteRequest> writes = IntStream.range(0, 26)
                .mapToObj(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("k" + i))).build()).build())
                .toList();

        var e = catchThrowableOfType(DynamoDbException.class, () -> db.batchWriteItem(b -> b.requestItems(Map.of(table, writes))));

        // DynamoDB: "... Member must have length less than or equal to 25"; DynamoDB Local (under LocalStack):
        // "Too many items requested for the BatchWriteItem call".
        assertValidationError(e, moto ? "Member must have length less than or equal to 25" : null);
        assertThat(count(table)).isZero();
    }

    /** An empty batch is a request DynamoDB refuses (stock moto answered it): a loop that sends one too many fails. */
    @Test
    void aBatchThatAsksForNothingIsAValidationError() {
        String table = hashTable();

        var emptyWrite = catchThrowableOfType(DynamoDbException.class,
                () -> db.batchWriteItem(b -> b.requestItems(Map.of(table, List.of()))));
        var emptyGet = catchThrowableOfType(DynamoDbException.class,
                () -> db.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(List.of()).build()))));

        assertValidationError(emptyWrite, moto ? "Member must have length greater than or equal to 1" : null);
        assertValidationError(emptyGet, moto ? "Member must have length greater than or equal to 1" : null);
    }

    // ---- 7. Parallel scan

    @Test
    void parallelScanSegmentsAreDisjointAndTogetherComplete() {
        String table = rangeTable(false);
        List<Map<String, AttributeValue>> votes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            votes.add(item("pk", s("VOTER#" + (i % 75)), "sk", s("TOOL#" + i), "toolId", s("t" + i),
                    "verdict", s(i % 2 == 0 ? "ship" : "skip")));
        }
        batchPut(table, votes);

        List<Set<String>> segments = new ArrayList<>();
        for (int segment = 0; segment < 4; segment++) {
            Set<String> seen = new HashSet<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                // VotesTable.scan: a page of one segment, projecting only what a recount reads.
                ScanRequest.Builder scan = ScanRequest.builder().tableName(table).segment(segment).totalSegments(4).limit(40)
                        .projectionExpression("#t, #v").expressionAttributeNames(Map.of("#t", "toolId", "#v", "verdict"));
                if (start != null) {
                    scan.exclusiveStartKey(start);
                }
                ScanResponse response = db.scan(scan.build());
                response.items().forEach(item -> {
                    assertThat(item).containsOnlyKeys("toolId", "verdict");
                    assertThat(seen.add(item.get("toolId").s())).as("no item twice within a segment").isTrue();
                });
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
                pages++;
            } while (start != null && pages < 100);
            segments.add(seen);
        }

        Set<String> union = new HashSet<>();
        segments.forEach(union::addAll);
        assertThat(segments.stream().mapToInt(Set::size).sum()).as("disjoint").isEqualTo(300);
        assertThat(union).as("complete").isEqualTo(IntStream.range(0, 300).mapToObj(i -> "t" + i).collect(Collectors.toSet()));
        assertThat(segments).allSatisfy(segment -> assertThat(segment).as("every segment has a share").isNotEmpty());
    }

    // ---- 8. Item size

    /**
     * moto differs: it rejects an item over 405,000 bytes (attribute names plus values, UTF-8), where DynamoDB's limit
     * is 400 KB = 409,600 bytes. So moto refuses items of 405,001-409,600 bytes that DynamoDB stores; nothing here
     * comes near either (the largest items are comparisons of a few kB). Both sides of the engine's boundary are
     * asserted, for PutItem and for an UpdateItem that grows an item past it.
     */
    @Test
    void itemSizeLimitIs405000BytesInMotoWhereDynamoDbAllows409600() {
        String table = hashTable();
        int limit = moto ? 405_000 : 409_600;
        int overhead = "pk".length() + "k1".length() + "data".length();

        db.putItem(b -> b.tableName(table).item(item("pk", s("k1"), "data", s("x".repeat(limit - overhead)))));
        var tooLarge = catchThrowableOfType(DynamoDbException.class, () -> db.putItem(b -> b.tableName(table)
                .item(item("pk", s("k2"), "data", s("x".repeat(limit - overhead + 1))))));
        db.putItem(b -> b.tableName(table).item(item("pk", s("k3"), "data", s("x".repeat(limit - overhead - 1)))));
        var grows = catchThrowableOfType(DynamoDbException.class, () -> db.updateItem(b -> b.tableName(table).key(key("k3"))
                .updateExpression("SET e = :e").expressionAttributeValues(Map.of(":e", s("xx")))));

        assertThat(get(table, "k1").get("data").s()).hasSize(limit - overhead);
        assertValidationError(tooLarge, "Item size has exceeded the maximum allowed size");
        assertThat(get(table, "k2")).isEmpty();
        assertValidationError(grows, "Item size to update has exceeded the maximum allowed size");
        assertThat(get(table, "k3")).containsOnlyKeys("pk", "data");
    }

    /**
     * An attribute value naming no type (what the SDK sends for {@code AttributeValue.builder().build()}, e.g. one made
     * from a null string) is a ValidationException on DynamoDB, wherever it sits, and nothing is written; stock moto
     * failed on it with an internal error, which the SDK retried.
     */
    @Test
    void anAttributeValueWithNoTypeIsAValidationErrorAndWritesNothing() {
        String table = hashTable();
        AttributeValue none = AttributeValue.builder().build();
        String message = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";

        var put = catchThrowableOfType(DynamoDbException.class, () -> db.putItem(b -> b.tableName(table)
                .item(item("pk", s("k1"), "data", none))));
        var nested = catchThrowableOfType(DynamoDbException.class, () -> db.putItem(b -> b.tableName(table)
                .item(item("pk", s("k1"), "data", AttributeValue.fromM(Map.of("inner", none))))));
        var batch = catchThrowableOfType(DynamoDbException.class, () -> db.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", s("k1"), "data", none))).build())))));
        var update = catchThrowableOfType(DynamoDbException.class, () -> db.updateItem(b -> b.tableName(table).key(key("k1"))
                .updateExpression("SET data = :d").expressionAttributeValues(Map.of(":d", none))));

        for (DynamoDbException refused : List.of(put, nested, batch, update)) {
            assertValidationError(refused, message);
        }
        assertThat(get(table, "k1")).isEmpty();
    }

    // ---- 9. Concurrency

    /** moto alone loses updates here (386-398 of 400 measured); the launcher's one lock is what makes this hold. */
    @Test
    void concurrentAddsFromEightClientsCountExactly400() throws Exception {
        String table = hashTable();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    try (DynamoDbClient own = dynamo.client()) {
                        go.await();
                        for (int i = 0; i < 50; i++) {
                            own.updateItem(b -> b.tableName(table).key(key("counter")).updateExpression("ADD n :one")
                                    .expressionAttributeValues(Map.of(":one", n(1))));
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(get(table, "counter")).isEqualTo(item("pk", s("counter"), "n", n(400)));
    }

    // ---- 10. TTL

    /**
     * The setting round-trips. moto never deletes expired items (DynamoDB does, typically within days of expiry, and
     * until then reads still return them), so the code here checks expiresAt itself (SubscribersTable's tokens).
     */
    @Test
    void timeToLiveRoundTripsAndExpiredItemsStayReadable() {
        String table = hashTable();
        assertThat(db.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);

        var spec = db.updateTimeToLive(b -> b.tableName(table)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")))
                .timeToLiveSpecification();
        var described = db.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        db.putItem(b -> b.tableName(table).item(item("pk", s("token"), "expiresAt", n(1))));

        assertThat(spec.enabled()).isTrue();
        assertThat(spec.attributeName()).isEqualTo("expiresAt");
        assertThat(described.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(described.attributeName()).isEqualTo("expiresAt");
        assertThat(get(table, "token")).as("expired in 1970, still there").isEqualTo(item("pk", s("token"), "expiresAt", n(1)));
    }

    /**
     * moto differs: enabling TTL on a table where it is already enabled, even on another attribute, succeeds (and
     * switches the attribute). DynamoDB rejects it with a validation error ("TimeToLive is already enabled"), so code
     * that sets TTL on an existing table must look first; TableSpec sets it only on the table it just created.
     */
    @Test
    void motoAcceptsEnablingTimeToLiveTwice() {
        String table = hashTable();
        db.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        if (moto) {
            db.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
            db.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("other")));
            assertThat(db.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName()).isEqualTo("other");
        } else {
            var e = catchThrowableOfType(DynamoDbException.class, () -> db.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt"))));
            assertValidationError(e, null); // "TimeToLive is already enabled"
        }
    }

    // ---- Tables

    private String hashTable() {
        return create(newName(), false, false, false);
    }

    private String streamTable() {
        return create(newName(), false, true, false);
    }

    /** pk + sk; with {@code index}, a GSI byList on listPk + listSk projecting everything, as the content table's. */
    private String rangeTable(boolean index) {
        return create(newName(), true, false, index);
    }

    private static String newName() {
        return "conf-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String create(String name, boolean range, boolean stream, boolean index) {
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(stringAttribute("pk")));
        List<KeySchemaElement> keySchema = new ArrayList<>(List.of(keyElement("pk", KeyType.HASH)));
        if (range) {
            attributes.add(stringAttribute("sk"));
            keySchema.add(keyElement("sk", KeyType.RANGE));
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (stream) {
            request.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
        }
        if (index) {
            attributes.add(stringAttribute("listPk"));
            attributes.add(stringAttribute("listSk"));
            request.globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byList")
                    .keySchema(keyElement("listPk", KeyType.HASH), keyElement("listSk", KeyType.RANGE))
                    .projection(p -> p.projectionType(ProjectionType.ALL)).build());
        }
        db.createTable(request.attributeDefinitions(attributes).keySchema(keySchema).build());
        tables.add(name);
        db.waiter().waitUntilTableExists(b -> b.tableName(name)); // immediate in moto; LocalStack creates asynchronously
        return name;
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    // ---- Items

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    /** The stored item, or an empty map: read consistently, as the code under test does. */
    private static Map<String, AttributeValue> get(String table, String pk) {
        return db.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).item();
    }

    private static int count(String table) {
        return db.scanPaginator(b -> b.tableName(table).consistentRead(true)).stream().mapToInt(ScanResponse::count).sum();
    }

    private static List<TransactWriteItem> puts(String table, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("item" + i)))).build())
                .toList();
    }

    private static void batchPut(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList());
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> send = pending;
                pending = db.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
            }
        }
    }

    private static QueryRequest indexQuery(String table, Map<String, AttributeValue> start) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName("byList")
                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", "listPk"))
                .expressionAttributeValues(Map.of(":p", s("ALL"))).scanIndexForward(false).limit(2);
        if (start != null && !start.isEmpty()) {
            query.exclusiveStartKey(start);
        }
        return query.build();
    }

    /** A ValidationException (the SDK has no class of its own for it), saying {@code message} unless that is null. */
    private static void assertValidationError(DynamoDbException e, String message) {
        assertThat(e).as("a validation error").isNotNull().isExactlyInstanceOf(DynamoDbException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        if (message != null) {
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        }
    }

    // ---- Streams

    private static String streamArn(String table) {
        return db.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private static String shardId(String streamArn) {
        return streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().getFirst().shardId();
    }

    private static String iterator(String streamArn, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId(streamArn))
                .shardIteratorType(type).sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Every record of the table's stream from the start; exactly {@code expected} of them. */
    private static List<Record> readAll(String table, int expected) {
        List<Record> records = new ArrayList<>();
        readInto(records, iterator(streamArn(table), ShardIteratorType.TRIM_HORIZON, null), expected);
        return records;
    }

    /**
     * Follows {@code iterator} until {@code expected} records more are in {@code into} (waiting up to 10 s for
     * them: LocalStack delivers records asynchronously; moto at once), then asserts that one more read finds nothing.
     * Returns the iterator to continue from.
     */
    private static String readInto(List<Record> into, String iterator, int expected) {
        int target = into.size() + expected;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (into.size() < target) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
            into.addAll(response.records());
            iterator = response.nextShardIterator();
            if (response.records().isEmpty()) {
                assertThat(System.nanoTime()).as("%d stream records within 10 s, got %d", expected, into.size() - target + expected)
                        .isLessThan(deadline);
                sleep(50);
            }
        }
        String current = iterator;
        GetRecordsResponse more = streams.getRecords(b -> b.shardIterator(current));
        assertThat(more.records()).extracting(DynamoConformanceTest::summary)
                .as("no records beyond the %d expected", expected).isEmpty();
        return more.nextShardIterator();
    }

    private static String summary(Record record) {
        return record.eventNameAsString() + " " + record.dynamodb().keys().get("pk").s();
    }

    /** {@code null} for an image the record must not carry. */
    private static void assertImages(Record record, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        var data = record.dynamodb();
        if (oldImage == null) {
            assertThat(data.hasOldImage() && !data.oldImage().isEmpty()).as("%s has no old image", summary(record)).isFalse();
        } else {
            assertThat(data.oldImage()).as("%s old image", summary(record)).isEqualTo(oldImage);
        }
        if (newImage == null) {
            assertThat(data.hasNewImage() && !data.newImage().isEmpty()).as("%s has no new image", summary(record)).isFalse();
        } else {
            assertThat(data.newImage()).as("%s new image", summary(record)).isEqualTo(newImage);
        }
    }

    private static void assertIncreasing(List<Record> records) {
        List<BigInteger> numbers = records.stream().map(r -> new BigInteger(r.dynamodb().sequenceNumber())).toList();
        assertThat(numbers).isSortedAccordingTo(BigInteger::compareTo).doesNotHaveDuplicates();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
