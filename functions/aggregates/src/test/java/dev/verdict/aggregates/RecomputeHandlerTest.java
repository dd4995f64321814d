package dev.verdict.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentTable;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaSerialization;
import dev.verdict.localkit.LocalLambdaContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The scheduled recompute, fed a real ScheduledEvent, against aggregates built by the real stream path. */
class RecomputeHandlerTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    /** EventBridge's Scheduled Event as it sends it, read into the handler's type by the runtime's serialization. */
    static ScheduledEvent scheduled() {
        return (ScheduledEvent) LambdaSerialization.read(
                LambdaEvents.scheduled(LambdaEvents.ruleArn("RecomputeFunction", "Recount"), NOW), ScheduledEvent.class);
    }

    @Test
    void reportsNoDriftOnACleanTable() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "code-llama-4", Verdict.SKIP, SLUG, NOW);
            f.poller.drain();

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("complete", true).containsEntry("itemsScanned", 2L)
                    .containsEntry("driftRepaired", 0L);
            assertThat((Long) summary.get("aggregatesChecked")).isGreaterThan(2L);
        }
    }

    @Test
    void repairsCommunityAndPanelDriftPlantedByHandAndReportsIt() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, NOW);
            f.poller.drain();
            // Drift: three ship votes counted that nobody cast, and one panel skip lost.
            plant(f, "google-scion", ContentTable.COMMUNITY, 4, 1);
            plant(f, "code-llama-4", ContentTable.PANEL, 3, 0);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("driftRepaired", 4L);
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 1));
            assertThat(f.content.findTool("code-llama-4").orElseThrow().panel()).isEqualTo(new Tally(3, 1));
            assertThat(f.recomputeHandler.handleRequest(scheduled(), null)).containsEntry("driftRepaired", 0L);
        }
    }

    @Test
    void savesItsCursorWhenTheInvocationRunsShortOfTimeAndResumesFromItNextTime() {
        var votesRead = new VotesRead();
        try (var f = new AggregatesFixture(); var recompute = recomputeHandlerCounting(f, votesRead)) {
            for (int i = 0; i < 12; i++) {
                f.votes.put("voter-" + i, i % 2 == 0 ? "aider" : "continue", Verdict.SHIP, "aider-vs-continue", NOW);
            }
            f.poller.drain();
            plant(f, "aider", ContentTable.COMMUNITY, 9, 9);

            Map<String, Object> cutShort = recompute.handleRequest(scheduled(), timeRunningShortAfter(3));
            assertThat(cutShort).containsEntry("complete", false).containsEntry("driftRepaired", 0);
            assertThat((Long) cutShort.get("itemsScanned")).isBetween(1L, 11L).isEqualTo(votesRead.get());
            assertThat(f.content.recomputeCursor()).isPresent();

            Map<String, Object> resumed = recompute.handleRequest(scheduled(), timeRunningShortAfter(Integer.MAX_VALUE));

            assertThat(resumed).containsEntry("complete", true).containsEntry("resumed", true)
                    .containsEntry("itemsScanned", 12L).containsEntry("driftRepaired", 12L); // |9−6| + |9−0|
            // It went on from where it stopped: over both invocations every vote was read exactly once.
            assertThat(votesRead.get()).isEqualTo(12);
            assertThat(f.community("aider")).isEqualTo(new Tally(6, 0));
            assertThat(f.content.recomputeCursor()).isEmpty();
        }
    }

    /** The recompute function as the fixture builds it, with a count of the votes its scans read. */
    static RecomputeHandler recomputeHandlerCounting(AggregatesFixture f, VotesRead votesRead) {
        votesRead.table = f.tables.table("VotesTable");
        Map<String, Object> properties = new java.util.HashMap<>(dev.verdict.core.config.ServiceConfig.asProperties(
                f.tables.environment("RecomputeFunction", Map.of())));
        properties.put("recompute.page-size", "2");
        properties.put("recompute.settle-millis", "100");
        return new RecomputeHandler(io.micronaut.context.ApplicationContext.builder().properties(properties)
                .singletons(votesRead));
    }

    /** Counts the items the votes table's Scan pages return. */
    static final class VotesRead implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private final java.util.concurrent.atomic.AtomicLong items = new java.util.concurrent.atomic.AtomicLong();
        volatile String table;

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest scan
                    && scan.tableName().equals(table)
                    && context.response() instanceof software.amazon.awssdk.services.dynamodb.model.ScanResponse page) {
                items.addAndGet(page.count());
            }
        }

        long get() {
            return items.get();
        }
    }

    static void plant(AggregatesFixture f, String toolId, String sk, long ship, long skip) {
        f.tables.client().updateItem(b -> b.tableName(f.tables.table("ContentTable"))
                .key(ContentTable.key(ContentTable.toolKey(toolId), sk))
                .updateExpression("SET ship = :s, skip = :k")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromN(Long.toString(ship)),
                        ":k", AttributeValue.fromN(Long.toString(skip)))));
    }

    /** A Lambda context whose time runs short (500 ms left) after {@code looks} looks at the clock. */
    static LocalLambdaContext timeRunningShortAfter(int looks) {
        var looksLeft = new java.util.concurrent.atomic.AtomicInteger(looks);
        return new LocalLambdaContext("RecomputeFunction", "test", () -> looksLeft.getAndDecrement() > 0 ? 60_000 : 500);
    }
}
