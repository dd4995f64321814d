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
            for (int i = 0; i < 24; i++) {
                f.votes.put("voter-" + i, i % 2 == 0 ? "aider" : "continue", i % 2 == 0 ? Verdict.SHIP : Verdict.SKIP,
                        "aider-vs-continue", NOW);
            }
            f.poller.drain();
            plant(f, "aider", ContentTable.COMMUNITY, 9, 9);

            Map<String, Object> cutShort = recompute.handleRequest(scheduled(), timeRunningShortAfter(3));
            assertThat(cutShort).containsEntry("complete", false).containsEntry("driftRepaired", 0);
            assertThat((Long) cutShort.get("itemsScanned")).isBetween(1L, 23L).isEqualTo(votesRead.get());
            assertThat(f.content.recomputeCursor()).isPresent();

            // Cut short again and again (two pages a time), so segments finish in different invocations.
            Map<String, Object> resumed;
            int invocations = 1;
            do {
                resumed = recompute.handleRequest(scheduled(), timeRunningShortAfter(2));
                invocations++;
            } while (!Boolean.TRUE.equals(resumed.get("complete")) && invocations < 40);

            assertThat(resumed).containsEntry("complete", true).containsEntry("resumed", true)
                    .containsEntry("itemsScanned", 24L).containsEntry("driftRepaired", 12L); // |9−12| + |9−0|
            // Each invocation went on from where the last stopped: over all of them every vote was read exactly once.
            assertThat(votesRead.get()).isEqualTo(24);
            assertThat(f.community("aider")).isEqualTo(new Tally(12, 0));
            assertThat(f.community("continue")).isEqualTo(new Tally(0, 12));
            assertThat(f.content.recomputeCursor()).isEmpty();
        }
    }

    @Test
    void reportsEachRunAsCloudWatchMetrics() throws Exception {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.poller.drain();
            plant(f, "google-scion", ContentTable.COMMUNITY, 3, 0);

            var metrics = VoteStreamHandlerTest.metrics(VoteStreamHandlerTest.printedBy(
                    () -> f.recomputeHandler.handleRequest(scheduled(), null)));

            assertThat(metrics.get("Source").asText()).isEqualTo("Recompute");
            assertThat(metrics.get("RecomputeItemsScanned").asInt()).isEqualTo(1);
            assertThat(metrics.get("AggregateDrift").asInt()).isEqualTo(2);
            assertThat(metrics.get("AggregatesChecked").asInt()).isGreaterThan(2);
        }
    }

    @Test
    void neverOverwritesAnAggregateWithARecountThatMissedAVoteTheStreamAppliedMeanwhile() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();
            plant(f, "aider", ContentTable.COMMUNITY, 9, 9);
            String content = f.tables.table("ContentTable");
            var contentScans = new java.util.concurrent.atomic.AtomicInteger();
            // Once the votes are scanned, before the recount is compared: bob votes and the stream applies it.
            var voteAfterTheScan = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                @Override
                public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                    if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest scan
                            && scan.tableName().equals(content) && contentScans.incrementAndGet() == 2) {
                        f.votes.put("bob", "aider", Verdict.SKIP, "aider-vs-continue", NOW);
                        f.poller.drain();
                    }
                }
            };
            try (var recompute = recomputeHandlerWith(f, voteAfterTheScan)) {
                recompute.handleRequest(scheduled(), null);

                assertThat(f.community("aider")).as("bob's vote is not lost to a recount made before it")
                        .isNotEqualTo(new Tally(1, 0));

                recompute.handleRequest(scheduled(), null);
                assertThat(f.community("aider")).isEqualTo(new Tally(1, 1));
            }
        }
    }

    @Test
    void startsOverFromACursorItCannotReadAndStillCountsExactly() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();
            plant(f, "aider", ContentTable.COMMUNITY, 5, 0);
            f.content.saveRecomputeCursor("{not a cursor this code wrote");

            Map<String, Object> first = f.recomputeHandler.handleRequest(scheduled(), null);
            Map<String, Object> second = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(first).containsEntry("complete", true).containsEntry("itemsScanned", 1L);
            assertThat(second).containsEntry("complete", true);
            assertThat(f.community("aider")).isEqualTo(new Tally(1, 0));
            assertThat(f.content.recomputeCursor()).isEmpty();
        }
    }

    /** The recompute function as the fixture builds it, with a count of the votes its scans read. */
    static RecomputeHandler recomputeHandlerCounting(AggregatesFixture f, VotesRead votesRead) {
        votesRead.table = f.tables.table("VotesTable");
        return recomputeHandlerWith(f, votesRead);
    }

    /** The recompute function as the fixture builds it, {@code interceptor} on its DynamoDB client. */
    static RecomputeHandler recomputeHandlerWith(AggregatesFixture f,
                                                 software.amazon.awssdk.core.interceptor.ExecutionInterceptor interceptor) {
        Map<String, Object> properties = new java.util.HashMap<>(dev.verdict.core.config.ServiceConfig.asProperties(
                f.tables.environment("RecomputeFunction", Map.of())));
        properties.put("recompute.page-size", "2");
        properties.put("recompute.settle-millis", "100");
        return new RecomputeHandler(io.micronaut.context.ApplicationContext.builder().properties(properties)
                .singletons(interceptor));
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
