package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A prepared set of tables is filled once per JVM and copied for each test: every copy must be what the fill wrote,
 * with the template's settings, and nothing a test does to its copy may reach the next one.
 */
class TestTablesTest {

    static void fill(TestTables tables) {
        for (int i = 0; i < 30; i++) {
            var item = Map.of("pk", AttributeValue.fromS("TOOL#t" + i), "sk", AttributeValue.fromS("META"),
                    "listPk", AttributeValue.fromS("TOOLS"), "listSk", AttributeValue.fromS(String.format("%03d", i)),
                    "scores", AttributeValue.fromM(Map.of("ship", AttributeValue.fromN(Integer.toString(i)))));
            tables.client().putItem(b -> b.tableName(tables.table("ContentTable")).item(item));
        }
    }

    @Test
    void fillsOnceAndGivesEachTestItsOwnCopyThatNoOtherTestsWritesReach() {
        AtomicInteger fills = new AtomicInteger();
        TestTables first = TestTables.prepared("thirty tools", tables -> {
            fills.incrementAndGet();
            fill(tables);
        });
        TestTables second = TestTables.prepared("thirty tools", tables -> {
            fills.incrementAndGet();
            fill(tables);
        });

        if (first.dynamo() instanceof MotoEngine) {
            assertThat(fills).as("the fill runs once per JVM on a moto engine").hasValue(1);
        } else {
            assertThat(fills.get()).as("where the engine cannot copy, each set is filled itself").isGreaterThanOrEqualTo(2);
        }
        assertThat(first.table("ContentTable")).isNotEqualTo(second.table("ContentTable"));
        assertThat(count(first, "ContentTable")).isEqualTo(30);
        // An index of the copy answers as the source's would.
        var listed = first.client().query(b -> b.tableName(first.table("ContentTable")).indexName("byPublished")
                .keyConditionExpression("listPk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("TOOLS")))
                .scanIndexForward(false).limit(1));
        assertThat(listed.items().getFirst().get("pk").s()).isEqualTo("TOOL#t29");
        assertThat(listed.items().getFirst().get("scores").m().get("ship").n()).isEqualTo("29");

        first.client().deleteItem(b -> b.tableName(first.table("ContentTable"))
                .key(Map.of("pk", AttributeValue.fromS("TOOL#t0"), "sk", AttributeValue.fromS("META"))));
        first.client().putItem(b -> b.tableName(first.table("VotesTable"))
                .item(Map.of("pk", AttributeValue.fromS("VOTE#x"), "sk", AttributeValue.fromS("TOOL#t1"))));

        assertThat(count(first, "ContentTable")).isEqualTo(29);
        assertThat(count(second, "ContentTable")).isEqualTo(30);
        assertThat(count(second, "VotesTable")).isZero();
        TestTables third = TestTables.prepared("thirty tools", TestTablesTest::fill);
        assertThat(count(third, "ContentTable")).isEqualTo(30);
        assertThat(count(third, "VotesTable")).isZero();
    }

    @Test
    void aCopyHasTheTemplatesSettingsAndAStreamOfItsOwnThatStartsEmpty() {
        TestTables source = TestTables.prepared("one vote", tables -> tables.client().putItem(b -> b
                .tableName(tables.table("VotesTable"))
                .item(Map.of("pk", AttributeValue.fromS("VOTE#before"), "sk", AttributeValue.fromS("TOOL#a")))));
        TestTables fresh = TestTables.prepared("fresh", tables -> { });
        TestTables copy = TestTables.prepared("one vote", tables -> { });

        for (String table : List.of("ContentTable", "VotesTable", "SubscribersTable")) {
            TableDescription created = describe(fresh, table);
            TableDescription copied = describe(copy, table);
            assertThat(copied.keySchema()).as(table).isEqualTo(created.keySchema());
            assertThat(copied.globalSecondaryIndexes().size()).as(table).isEqualTo(created.globalSecondaryIndexes().size());
            assertThat(copied.billingModeSummary()).as(table).isEqualTo(created.billingModeSummary());
            assertThat(copied.streamSpecification()).as(table).isEqualTo(created.streamSpecification());
            assertThat(copy.client().describeTimeToLive(b -> b.tableName(copy.table(table))).timeToLiveDescription())
                    .as(table).isEqualTo(fresh.client().describeTimeToLive(b -> b.tableName(fresh.table(table))).timeToLiveDescription());
        }

        String copyStream = describe(copy, "VotesTable").latestStreamArn();
        assertThat(copyStream).isNotEqualTo(describe(source, "VotesTable").latestStreamArn());
        assertThat(count(copy, "VotesTable")).isEqualTo(1);
        assertThat(streamRecords(copy, copyStream)).as("the fill's write is not on the copy's stream").isZero();
        copy.client().putItem(b -> b.tableName(copy.table("VotesTable"))
                .item(Map.of("pk", AttributeValue.fromS("VOTE#after"), "sk", AttributeValue.fromS("TOOL#a"))));
        assertThat(streamRecords(copy, copyStream)).as("the copy's own writes are").isEqualTo(1);
    }

    static int count(TestTables tables, String table) {
        return tables.client().scan(b -> b.tableName(tables.table(table))).count();
    }

    static TableDescription describe(TestTables tables, String table) {
        return tables.client().describeTable(b -> b.tableName(tables.table(table))).table();
    }

    static int streamRecords(TestTables tables, String streamArn) {
        try (var streams = tables.dynamo().streamsClient()) {
            var shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().getFirst();
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            return streams.getRecords(b -> b.shardIterator(iterator)).records().size();
        }
    }
}
