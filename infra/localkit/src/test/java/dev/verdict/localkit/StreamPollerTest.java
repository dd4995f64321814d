package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StreamPollerTest {

    /**
     * DynamoDB Local numbers stream records across all its tables. A poller that took its iterator while its shard was
     * empty must still read its own table's records after another table's stream has moved the numbers on.
     */
    @Test
    void deliversEachTablesRecordsWhenSeveralStreamsShareOneDynamoDbLocal() {
        TestTables tables = TestTables.create();
        SamTemplate template = tables.template();
        List<Object> subscriberEvents = new CopyOnWriteArrayList<>();
        List<Object> voteEvents = new CopyOnWriteArrayList<>();
        StreamPoller subscribers = poller(tables, "SubscribersTable", mapping(template, "SubscribersTable"), subscriberEvents);
        StreamPoller votes = poller(tables, "VotesTable", mapping(template, "VotesTable"), voteEvents);
        assertThat(subscribers.drain() + votes.drain()).isZero();

        tables.client().putItem(b -> b.tableName(tables.table("SubscribersTable"))
                .item(Map.of("pk", AttributeValue.fromS("ADDRESS#a@b.example"))));
        subscribers.drain();
        tables.client().putItem(b -> b.tableName(tables.table("VotesTable"))
                .item(Map.of("pk", AttributeValue.fromS("VOTER#v"), "sk", AttributeValue.fromS("TOOL#t"))));
        votes.drain();

        assertThat(subscriberEvents).hasSize(1);
        assertThat(voteEvents).hasSize(1);
        assertThat(((DynamodbEvent) voteEvents.getFirst()).getRecords().getFirst().getDynamodb().getKeys().get("pk").getS())
                .isEqualTo("VOTER#v");
    }

    private static FunctionSpec.StreamMapping mapping(SamTemplate template, String table) {
        return template.functions().stream().flatMap(f -> f.streams().stream())
                .filter(m -> m.tableLogicalId().equals(table)).findFirst().orElseThrow();
    }

    private static StreamPoller poller(TestTables tables, String table, FunctionSpec.StreamMapping mapping, List<Object> events) {
        return new StreamPoller(tables.dynamo().streamsClient(), StreamPoller.streamArn(tables.client(), tables.table(table)),
                mapping, event -> {
                    events.add(event);
                    return null;
                });
    }
}
