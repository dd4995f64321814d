package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local event source mapping judges answers as Lambda's does for template.yaml's votes stream (a tumbling window,
 * ReportBatchItemFailures): without {@code state} the batch failed; the returned state goes to the next invoke of the
 * window; a window that has passed gets its final invoke.
 */
class StreamPollerTest {

    static final Instant START = Instant.parse("2026-11-27T10:00:05Z");

    /** Records every event it is sent and answers with what the script says for that call. */
    static final class ScriptedFunction implements LambdaInvoker {
        final List<JsonNode> events = new ArrayList<>();
        final Function<Integer, String> answers;

        ScriptedFunction(Function<Integer, String> answers) {
            this.answers = answers;
        }

        @Override
        public synchronized LambdaResult invoke(byte[] event) {
            events.add(LambdaEvents.tree(event));
            return LambdaResult.success(answers.apply(events.size()).getBytes(StandardCharsets.UTF_8));
        }
    }

    static void vote(TestTables tables, String voter) {
        tables.client().putItem(b -> b.tableName(tables.table("VotesTable")).item(Map.of(
                "pk", AttributeValue.fromS("VOTER#" + voter), "sk", AttributeValue.fromS("TOOL#aider"),
                "toolId", AttributeValue.fromS("aider"), "verdict", AttributeValue.fromS("ship"))));
    }

    static StreamPoller poller(TestTables tables, LambdaInvoker function, Clock clock) {
        var mapping = tables.template().function("VoteStreamFunction").streams().getFirst();
        return new StreamPoller(tables.dynamo().streamsClient(),
                StreamPoller.streamArn(tables.client(), tables.table("VotesTable")), mapping, function, clock);
    }

    @Test
    void anAnswerWithoutStateFailsTheBatchAndTheSameRecordsComeAgain() {
        TestTables tables = TestTables.create();
        vote(tables, "alice");
        ScriptedFunction function = new ScriptedFunction(call -> call == 1
                ? "{\"batchItemFailures\":[]}"
                : "{\"state\":{},\"batchItemFailures\":[]}");

        try (StreamPoller poller = poller(tables, function, new TestClock(START))) {
            poller.drain();
        }

        assertThat(function.events).hasSize(2);
        assertThat(function.events.get(1).get("Records")).isEqualTo(function.events.get(0).get("Records"));
        assertThat(function.events.get(0).get("Records")).hasSize(1);
    }

    @Test
    void handsTheReturnedStateToTheNextInvokeAndClosesThePassedWindowWithAFinalInvoke() {
        TestTables tables = TestTables.create();
        TestClock clock = new TestClock(START);
        ScriptedFunction function = new ScriptedFunction(call -> "{\"state\":{\"invokes\":\"" + call + "\"},\"batchItemFailures\":[]}");

        try (StreamPoller poller = poller(tables, function, clock)) {
            vote(tables, "alice");
            poller.drain();
            vote(tables, "bob");
            poller.drain();
            clock.advance(Duration.ofMinutes(15));
            poller.drain();
        }

        assertThat(function.events).hasSize(3);
        JsonNode first = function.events.get(0);
        JsonNode second = function.events.get(1);
        JsonNode last = function.events.get(2);
        assertThat(first.get("state").isEmpty()).isTrue();
        assertThat(first.get("window").get("start").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(first.get("window").get("end").asText()).isEqualTo("2026-11-27T10:15:00Z");
        assertThat(first.get("shardId").asText()).isNotBlank();
        assertThat(first.get("isFinalInvokeForWindow").asBoolean()).isFalse();
        assertThat(second.get("state").get("invokes").asText()).isEqualTo("1");
        assertThat(last.get("isFinalInvokeForWindow").asBoolean()).isTrue();
        assertThat(last.get("Records")).isEmpty();
        assertThat(last.get("state").get("invokes").asText()).isEqualTo("2");
        assertThat(last.get("window")).isEqualTo(first.get("window"));
    }

    @Test
    void aFailedFinalInvokeIsSentAgain() {
        TestTables tables = TestTables.create();
        TestClock clock = new TestClock(START);
        ScriptedFunction function = new ScriptedFunction(call -> call == 2 ? "{}" : "{\"state\":{},\"batchItemFailures\":[]}");

        try (StreamPoller poller = poller(tables, function, clock)) {
            vote(tables, "alice");
            poller.drain();
            clock.advance(Duration.ofMinutes(15));
            poller.drain();
        }

        assertThat(function.events).hasSize(3);
        assertThat(function.events.get(1).get("isFinalInvokeForWindow").asBoolean()).isTrue();
        assertThat(function.events.get(2).get("isFinalInvokeForWindow").asBoolean()).isTrue();
    }
}
