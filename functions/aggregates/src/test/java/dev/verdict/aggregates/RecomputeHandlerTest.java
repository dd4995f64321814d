package dev.verdict.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentItems;
import dev.verdict.core.store.StoreFactory;
import dev.verdict.core.store.VotesScan;
import dev.verdict.core.store.VotesTable;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaSerialization;
import dev.verdict.localkit.LocalLambdaContext;
import dev.verdict.localkit.StandardOutput;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;

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
                    .containsEntry("driftRepaired", 0L).containsEntry("aggregatesRepaired", 0L)
                    .containsEntry("driftUnsettled", 0L);
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
            plant(f, "google-scion", ContentItems.COMMUNITY, 4, 1);
            plant(f, "code-llama-4", ContentItems.PANEL, 3, 0);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("driftRepaired", 4L).containsEntry("aggregatesRepaired", 2L);
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 1));
            assertThat(f.catalogue.findTool("code-llama-4").orElseThrow().panel()).isEqualTo(new Tally(3, 1));
            assertThat(f.recomputeHandler.handleRequest(scheduled(), null)).containsEntry("driftRepaired", 0L);
        }
    }

    @Test
    void savesItsCursorWhenTheInvocationRunsShortOfTimeAndResumesFromItNextTime() {
        var votesRead = new VotesRead();
        try (var f = new AggregatesFixture(List.of(), List.of(votesRead))) {
            votesRead.table = f.tables.table("VotesTable");
            for (int i = 0; i < 24; i++) {
                f.votes.put("voter-" + i, i % 2 == 0 ? "aider" : "continue", i % 2 == 0 ? Verdict.SHIP : Verdict.SKIP,
                        "aider-vs-continue", NOW);
            }
            f.poller.drain();
            plant(f, "aider", ContentItems.COMMUNITY, 9, 9);

            Map<String, Object> cutShort = f.recomputeHandler.handleRequest(scheduled(), timeRunningShortAfter(3));
            assertThat(cutShort).containsEntry("complete", false).containsEntry("driftRepaired", 0L);
            assertThat((Long) cutShort.get("itemsScanned")).isBetween(1L, 23L).isEqualTo(votesRead.get());
            assertThat(f.content.recomputeCursor()).isPresent();

            // Cut short twice more, so segments finish in different invocations; then time enough to finish.
            long repaired = 0;
            for (int again = 0; again < 2; again++) {
                Map<String, Object> stillShort = f.recomputeHandler.handleRequest(scheduled(), timeRunningShortAfter(2));
                assertThat(stillShort).containsEntry("complete", false).containsEntry("resumed", true);
                repaired += (Long) stillShort.get("driftRepaired");
            }
            Map<String, Object> resumed = f.recomputeHandler.handleRequest(scheduled(), timeRunningShortAfter(Integer.MAX_VALUE));
            repaired += (Long) resumed.get("driftRepaired");

            assertThat(resumed).containsEntry("complete", true).containsEntry("resumed", true)
                    .containsEntry("itemsScanned", 24L).containsEntry("driftUnsettled", 0L);
            assertThat(repaired).isEqualTo(12L); // |9−12| + |9−0|
            // Each invocation went on from where the last stopped: over all of them every vote was read exactly once.
            assertThat(votesRead.get()).isEqualTo(24);
            assertThat(f.community("aider")).isEqualTo(new Tally(12, 0));
            assertThat(f.community("continue")).isEqualTo(new Tally(0, 12));
            assertThat(f.content.recomputeCursor()).isEmpty();
        }
    }

    @Test
    void startsOverFromACursorItCannotReadAndStillCountsExactly() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();
            plant(f, "aider", ContentItems.COMMUNITY, 5, 0);
            f.content.saveRecomputeCursor("{not a cursor this code wrote");

            Map<String, Object> first = f.recomputeHandler.handleRequest(scheduled(), null);
            Map<String, Object> second = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(first).containsEntry("complete", true).containsEntry("itemsScanned", 1L);
            assertThat(second).containsEntry("complete", true);
            assertThat(f.community("aider")).isEqualTo(new Tally(1, 0));
            assertThat(f.content.recomputeCursor()).isEmpty();
        }
    }

    // ---- the recompute racing the stream (issue 12, item 3) ----

    @Test
    void aVoteTheStreamHasNotDeliveredYetIsCountedOnceWhenItArrives() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);

            // The recompute runs while the stream still holds the vote: its recount says 1, the aggregate 0.
            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);
            f.poller.drain();

            assertThat(summary).containsEntry("driftRepaired", 0L).containsEntry("driftUnsettled", 0L);
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 0));
        }
    }

    @Test
    void aVoteDeliveredHoursLateAfterSeveralRunsIsStillCountedOnce() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, NOW);
            f.poller.drain();
            f.votes.put("carol", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.retract("bob", "google-scion");
            f.votes.put("alice", "google-scion", Verdict.SKIP, SLUG, NOW);

            for (int run = 0; run < 3; run++) {
                assertThat(f.recomputeHandler.handleRequest(scheduled(), null)).containsEntry("driftRepaired", 0L);
            }
            f.poller.drain();

            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 1));
        }
    }

    @Test
    void repairsDriftOnAToolVotedOnThroughoutTheScanWithinTwoRuns() {
        var voting = new VotesDuringTheScan(true);
        try (var f = voting.fixture()) {
            for (int i = 0; i < 6; i++) {
                f.votes.put("early-" + i, "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            }
            f.poller.drain();
            var stored = f.stored("aider");
            plant(f, "aider", ContentItems.COMMUNITY, stored.ship() + 5, stored.skip());

            long repaired = 0;
            for (int run = 0; run < 2; run++) {
                repaired += (Long) f.recomputeHandler.handleRequest(scheduled(), null).get("driftRepaired");
            }
            f.poller.drain();

            assertThat(voting.cast.get()).as("votes cast while the scan ran").isGreaterThanOrEqualTo(4);
            assertThat(repaired).isEqualTo(5);
            assertThat(f.stored("aider")).isEqualTo(f.recount().get("aider"));
        }
    }

    @Test
    void repairsDriftOnAToolVotedOnThroughoutTheScanWhileTheStreamLags() {
        var voting = new VotesDuringTheScan(false);
        try (var f = voting.fixture()) {
            for (int i = 0; i < 6; i++) {
                f.votes.put("early-" + i, "aider", Verdict.SKIP, "aider-vs-continue", NOW);
            }
            f.poller.drain();
            var stored = f.stored("aider");
            plant(f, "aider", ContentItems.COMMUNITY, stored.ship() + 5, stored.skip());

            long repaired = 0;
            for (int run = 0; run < 2; run++) {
                repaired += (Long) f.recomputeHandler.handleRequest(scheduled(), null).get("driftRepaired");
            }
            f.poller.drain();

            assertThat(repaired).isEqualTo(5);
            assertThat(f.stored("aider")).isEqualTo(f.recount().get("aider"));
        }
    }

    @Test
    void aToolNotWatchedWhenItsItemsChangeDuringTheScanIsLeftUnsettledThenRepairedNextRun() {
        var voting = new VotesDuringTheScan(true, "perplexity");
        try (var f = voting.fixture()) {
            // Drift on a tool nobody has voted on lately, so the first run does not keep its items one by one.
            plant(f, "perplexity", ContentItems.COMMUNITY, 3, 0);

            Map<String, Object> first = f.recomputeHandler.handleRequest(scheduled(), null);
            voting.voting = false;
            Map<String, Object> second = f.recomputeHandler.handleRequest(scheduled(), null);
            f.poller.drain();

            assertThat(first).containsEntry("driftRepaired", 0L).containsEntry("driftUnsettled", 1L);
            assertThat(second).containsEntry("driftRepaired", 3L).containsEntry("driftUnsettled", 0L);
            assertThat(f.stored("perplexity")).isEqualTo(f.recount().getOrDefault("perplexity", dev.verdict.core.domain.Counts.ZERO));
        }
    }

    @Test
    void aToolTheStreamWroteInTheLastHourIsWatchedFromTheFirstRunAndRepairedInIt() {
        var voting = new VotesDuringTheScan(true);
        try (var f = voting.fixture()) {
            for (int i = 0; i < 6; i++) {
                f.votes.put("early-" + i, "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            }
            f.poller.drain(); // the stream writes aider's aggregate now: aider is busy
            var stored = f.stored("aider");
            plant(f, "aider", ContentItems.COMMUNITY, stored.ship() + 5, stored.skip());

            Map<String, Object> only = f.recomputeHandler.handleRequest(scheduled(), null);
            f.poller.drain();

            assertThat(voting.cast.get()).as("votes cast while the scan ran").isGreaterThanOrEqualTo(4);
            assertThat(only).containsEntry("driftRepaired", 5L).containsEntry("aggregatesRepaired", 1L)
                    .containsEntry("driftUnsettled", 0L);
            assertThat(f.stored("aider")).isEqualTo(f.recount().get("aider"));
        }
    }

    @Test
    void aToolLeftUnsettledIsWatchedNextRunAndRepairedThenThoughItIsStillVotedOnAndTheStreamLags() {
        var voting = new VotesDuringTheScan(false, "perplexity");
        try (var f = voting.fixture()) {
            // Drift on a tool nobody has voted on lately: the first run does not keep its items one by one.
            plant(f, "perplexity", ContentItems.COMMUNITY, 3, 0);

            Map<String, Object> first = f.recomputeHandler.handleRequest(scheduled(), null);
            Map<String, Object> second = f.recomputeHandler.handleRequest(scheduled(), null);
            int cast = voting.cast.get();
            f.poller.drain();

            assertThat(first).containsEntry("driftRepaired", 0L).containsEntry("driftUnsettled", 1L);
            // Nothing the stream delivered, so the aggregate should hold nothing at its (absent) checkpoint.
            assertThat(second).containsEntry("driftRepaired", 3L).containsEntry("aggregatesRepaired", 1L)
                    .containsEntry("driftUnsettled", 0L);
            assertThat(f.stored("perplexity")).isEqualTo(new dev.verdict.core.domain.Counts(cast, 0))
                    .isEqualTo(f.recount().get("perplexity"));
        }
    }

    @Test
    void aVoteChangedAfterTheScanReadItIsTakenAsTheScanSawIt() {
        var change = new ChangesAVoteOnceTheScanHasReadIt("alice", "aider", Verdict.SKIP);
        try (var f = change.fixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();
            plant(f, "aider", ContentItems.COMMUNITY, 4, 0);

            // The scan counts alice's ship; then she moves to skip, which the stream has not delivered when the
            // recompute reads the aggregate: at its checkpoint the aggregate should hold her ship.
            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);
            var repaired = f.stored("aider");
            f.poller.drain();

            assertThat(change.changed.get()).isTrue();
            assertThat(summary).containsEntry("driftRepaired", 3L).containsEntry("driftUnsettled", 0L);
            assertThat(repaired).isEqualTo(new dev.verdict.core.domain.Counts(1, 0));
            assertThat(f.community("aider")).isEqualTo(new Tally(0, 1));
        }
    }

    @Test
    void aStreamItCannotReadToItsEndLeavesEveryToolUnsettledAndRepairsNothingUntilItCan() {
        var trimmed = new StreamReadsFail();
        try (var f = new AggregatesFixture(List.of(), List.of(trimmed))) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();
            plant(f, "aider", ContentItems.COMMUNITY, 5, 0);

            Map<String, Object> unreadable = f.recomputeHandler.handleRequest(scheduled(), null);
            var afterUnreadable = f.community("aider");
            trimmed.failing = false;
            Map<String, Object> readable = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(trimmed.refused.get()).isPositive();
            assertThat(unreadable).containsEntry("complete", true).containsEntry("driftRepaired", 0L)
                    .containsEntry("aggregatesRepaired", 0L);
            // Every community aggregate checked is unsettled (two aggregates checked per tool).
            assertThat((Long) unreadable.get("driftUnsettled")).isPositive()
                    .isEqualTo((Long) unreadable.get("aggregatesChecked") / 2);
            assertThat(afterUnreadable).isEqualTo(new Tally(5, 0));
            assertThat(readable).containsEntry("driftRepaired", 4L).containsEntry("driftUnsettled", 0L);
            assertThat(f.community("aider")).isEqualTo(new Tally(1, 0));
        }
    }

    /** Which part of the votes stream the recompute cannot read (the rest reads as usual). */
    enum Unreadable {
        /** From each shard's checkpoint on: read first. */
        SINCE_THE_CHECKPOINTS,
        /** From the mark taken as the scan began: read second, to reach past what the first read saw. */
        SINCE_THE_MARK,
        /** The whole stream, gone by the time it is read (after the aggregates were read with their checkpoints). */
        THE_STREAM_ITSELF
    }

    @ParameterizedTest
    @EnumSource(Unreadable.class)
    void anyPartOfTheStreamItCannotReadLeavesEveryToolUnsettled(Unreadable part) {
        var failing = new StreamPartFails(part);
        try (var f = new AggregatesFixture(List.of(), List.of(failing))) {
            oneVoteDeliveredAndItsAggregatePlantedWrong(f);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(failing.refused.get()).as("requests refused").isPositive();
            assertNothingSettledOrRepaired(f, summary);
        }
    }

    /** One vote for aider, delivered; then aider's aggregate planted wrong (5 ships): a run that settles repairs it. */
    private static void oneVoteDeliveredAndItsAggregatePlantedWrong(AggregatesFixture f) {
        f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
        f.poller.drain();
        plant(f, "aider", ContentItems.COMMUNITY, 5, 0);
    }

    /** The run finished its scan, but settled nothing: every community aggregate (one of the two per tool) unsettled. */
    private static void assertNothingSettledOrRepaired(AggregatesFixture f, Map<String, Object> summary) {
        assertThat(summary).containsEntry("complete", true).containsEntry("driftRepaired", 0L)
                .containsEntry("aggregatesRepaired", 0L);
        assertThat((Long) summary.get("driftUnsettled")).isPositive()
                .isEqualTo((Long) summary.get("aggregatesChecked") / 2);
        assertThat(f.community("aider")).isEqualTo(new Tally(5, 0));
    }

    @Test
    void timeRunningShortWhileItReadsTheStreamLeavesEveryToolUnsettledAndRepairsNothing() {
        var aggregatesRead = new java.util.concurrent.atomic.AtomicBoolean();
        var reads = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                       software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request() instanceof TransactGetItemsRequest) {
                    aggregatesRead.set(true);
                }
            }
        };
        try (var f = new AggregatesFixture(List.of(), List.of(reads))) {
            oneVoteDeliveredAndItsAggregatePlantedWrong(f);
            // Time for the whole scan; once the aggregates are read, 4 s left: less than the stream read keeps back.
            var context = new LocalLambdaContext("RecomputeFunction", "test", () -> aggregatesRead.get() ? 4_000 : 60_000);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), context);

            assertNothingSettledOrRepaired(f, summary);
        }
    }

    @Test
    void aVotesTableWithoutAStreamIsRecountedFromTheScanAloneAndItsDriftRepaired() {
        try (var f = new AggregatesFixture()) {
            var client = f.tables.client();
            String table = f.votes.tableName() + "-without-stream";
            var withStream = client.describeTable(b -> b.tableName(f.votes.tableName())).table();
            client.createTable(b -> b.tableName(table).keySchema(withStream.keySchema())
                    .attributeDefinitions(withStream.attributeDefinitions())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            var votes = new VotesTable(client, table);
            votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            votes.put("bob", "aider", Verdict.SKIP, "aider-vs-continue", NOW);
            plant(f, "aider", ContentItems.COMMUNITY, 5, 0);
            var settings = new Settings(Map.of(StoreFactory.VOTES_TABLE, table)::get);
            var recompute = new Recompute(new VotesScan(client, table), f.content,
                    new VotesStreamReader(f.tables.dynamo().streamsClient(), client, settings),
                    Clock.systemUTC(), new Recompute.PageSize(2));

            Map<String, Object> summary = recompute.run(() -> Long.MAX_VALUE);

            assertThat(summary).containsEntry("complete", true).containsEntry("itemsScanned", 2L)
                    .containsEntry("streamRecordsRead", 0L).containsEntry("driftRepaired", 5L)
                    .containsEntry("aggregatesRepaired", 1L).containsEntry("driftUnsettled", 0L);
            assertThat(f.community("aider")).isEqualTo(new Tally(1, 1));
        }
    }

    @Test
    void reportsHowLongItsRunTookWithinTheTimeTheCallTook() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.poller.drain();

            long before = System.nanoTime();
            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);
            long callMillis = (System.nanoTime() - before) / 1_000_000;

            assertThat((Long) summary.get("millis")).isBetween(0L, callMillis);
        }
    }

    @Test
    void reportsHowManyStreamRecordsItRead() {
        try (var f = new AggregatesFixture()) {
            // Not delivered to the stream handler: no checkpoint yet, so the recompute reads the shard from its start.
            f.votes.put("alice", "aider", Verdict.SHIP, "aider-vs-continue", NOW);
            f.votes.put("bob", "aider", Verdict.SKIP, "aider-vs-continue", NOW);
            f.votes.put("alice", "aider", Verdict.SKIP, "aider-vs-continue", NOW);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("complete", true).containsEntry("streamRecordsRead", 3L);
        }
    }

    @Test
    @Tag("long")
    void neverMakesAnAggregateWrongWhateverTheInterleaving() {
        for (long seed = 1; seed <= 3; seed++) {
            var chaos = new RandomChangesDuringTheScan(new java.util.Random(seed));
            try (var f = chaos.fixture()) {
                for (int i = 0; i < 8; i++) {
                    f.votes.put("v" + i, RandomChangesDuringTheScan.TOOLS.get(i % 3), i % 2 == 0 ? Verdict.SHIP : Verdict.SKIP,
                            "aider-vs-continue", NOW);
                }
                f.poller.drain();
                plant(f, "aider", ContentItems.COMMUNITY, 40, 2);
                plant(f, "continue", ContentItems.COMMUNITY, 0, 0);

                for (int run = 0; run < 3; run++) {
                    f.recomputeHandler.handleRequest(scheduled(), null);
                }
                f.poller.drain();

                var truth = f.recount();
                for (String tool : RandomChangesDuringTheScan.TOOLS) {
                    assertThat(f.stored(tool)).as("seed %d, %s", seed, tool)
                            .isEqualTo(truth.getOrDefault(tool, dev.verdict.core.domain.Counts.ZERO));
                }
            }
        }
    }

    @Test
    void reportsRepairedAndUnsettledAsMetrics() {
        List<String> printed;
        try (var f = new AggregatesFixture()) {
            plant(f, "aider", ContentItems.COMMUNITY, 2, 0);
            printed = StandardOutput.linesPrintedBy(() -> f.recomputeHandler.handleRequest(scheduled(), null));
        }
        String metrics = printed.stream()
                .filter(line -> line.startsWith("{\"_aws\"") && line.contains("\"Source\":\"Recompute\"")).findFirst().orElseThrow();
        var json = dev.verdict.core.json.Json.readBody(metrics);
        assertThat(json.get("AggregatesRepaired").asLong()).isEqualTo(1);
        assertThat(json.get("AggregatesUnsettled").asLong()).isZero();
        assertThat(json.get("AggregateDrift").asLong()).isEqualTo(2);
        assertThat(json.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").toString())
                .contains("AggregatesRepaired").contains("AggregatesUnsettled");
    }

    /**
     * A tool voted on all through the scan: before every page the recompute reads, a new voter votes on it, and (when
     * {@code streamKeepsUp}) the stream handler applies the vote at once, so the aggregate moves while the scan runs.
     */
    static final class VotesDuringTheScan implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.atomic.AtomicInteger cast = new java.util.concurrent.atomic.AtomicInteger();
        private final boolean streamKeepsUp;
        private final String tool;
        /** Cleared to stop voting. */
        volatile boolean voting = true;
        private AggregatesFixture fixture;

        VotesDuringTheScan(boolean streamKeepsUp) {
            this(streamKeepsUp, "aider");
        }

        VotesDuringTheScan(boolean streamKeepsUp, String tool) {
            this.streamKeepsUp = streamKeepsUp;
            this.tool = tool;
        }

        AggregatesFixture fixture() {
            fixture = new AggregatesFixture(List.of(), List.of(this));
            return fixture;
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest scan
                    && scan.tableName().equals(fixture.votes.tableName()) && voting) {
                synchronized (this) {
                    fixture.votes.put("during-" + cast.incrementAndGet(), tool, Verdict.SHIP, "aider-vs-continue", NOW);
                    if (streamKeepsUp) {
                        fixture.poller.drain();
                    }
                }
            }
        }
    }

    /** Before every page the recompute reads: a random vote, change or retraction, and a random stream delivery. */
    static final class RandomChangesDuringTheScan implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        static final List<String> TOOLS = List.of("aider", "continue", "perplexity");
        private final java.util.Random random;
        private AggregatesFixture fixture;
        private int voters = 8;

        RandomChangesDuringTheScan(java.util.Random random) {
            this.random = random;
        }

        AggregatesFixture fixture() {
            fixture = new AggregatesFixture(List.of(), List.of(this));
            return fixture;
        }

        @Override
        public synchronized void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                 software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (!(context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest scan)
                    || !scan.tableName().equals(fixture.votes.tableName())) {
                return;
            }
            String tool = TOOLS.get(random.nextInt(TOOLS.size()));
            String voter = "v" + random.nextInt(voters + 1);
            switch (random.nextInt(3)) {
                case 0 -> fixture.votes.put("v" + voters++, tool, random.nextBoolean() ? Verdict.SHIP : Verdict.SKIP,
                        "aider-vs-continue", NOW);
                case 1 -> fixture.votes.put(voter, tool, random.nextBoolean() ? Verdict.SHIP : Verdict.SKIP,
                        "aider-vs-continue", NOW);
                default -> fixture.votes.retract(voter, tool);
            }
            if (random.nextBoolean()) {
                fixture.poller.drain();
            }
        }
    }

    /** Once the recompute's scan has returned a page holding {@code voter}'s vote, the voter changes it. */
    static final class ChangesAVoteOnceTheScanHasReadIt implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
        private final String voter;
        private final String tool;
        private final Verdict to;
        private AggregatesFixture fixture;

        ChangesAVoteOnceTheScanHasReadIt(String voter, String tool, Verdict to) {
            this.voter = voter;
            this.tool = tool;
            this.to = to;
        }

        AggregatesFixture fixture() {
            fixture = new AggregatesFixture(List.of(), List.of(this));
            return fixture;
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest scan
                    && scan.tableName().equals(fixture.votes.tableName())
                    && context.response() instanceof software.amazon.awssdk.services.dynamodb.model.ScanResponse page
                    && page.count() > 0 && changed.compareAndSet(false, true)) {
                // The only vote in the table is in this page: the scan has read it.
                fixture.votes.put(voter, tool, to, "aider-vs-continue", NOW);
            }
        }
    }

    /** While {@code failing}, the recompute's reads of the votes stream are refused as trimmed (older than 24 h). */
    static final class StreamReadsFail implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean failing = true;

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (failing && context.request() instanceof software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest) {
                refused.incrementAndGet();
                throw software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException.builder()
                        .message("records trimmed (injected)").build();
            }
        }
    }

    /**
     * Refuses the recompute's reads of one part of the votes stream: GetRecords on the iterators of that stretch
     * (told apart by the iterator type they were asked with: LATEST is the mark's), as a trimmed stretch is refused;
     * or, for the whole stream, every stream request once the aggregates have been read, as a deleted stream is.
     */
    static final class StreamPartFails implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        private final Unreadable part;
        private final Set<String> iterators = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile boolean gone;

        StreamPartFails(Unreadable part) {
            this.part = part;
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            var request = context.request();
            if (gone && (request instanceof DescribeStreamRequest || request instanceof GetShardIteratorRequest
                    || request instanceof GetRecordsRequest)) {
                refused.incrementAndGet();
                throw software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.builder()
                        .message("stream deleted (injected)").build();
            }
            if (request instanceof GetRecordsRequest records && iterators.contains(records.shardIterator())) {
                refused.incrementAndGet();
                throw software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException.builder()
                        .message("records trimmed (injected)").build();
            }
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof GetShardIteratorRequest asked
                    && context.response() instanceof GetShardIteratorResponse answer
                    && (asked.shardIteratorType() == ShardIteratorType.LATEST) == (part == Unreadable.SINCE_THE_MARK)
                    && part != Unreadable.THE_STREAM_ITSELF) {
                iterators.add(answer.shardIterator());
            }
            if (part == Unreadable.THE_STREAM_ITSELF && context.request() instanceof TransactGetItemsRequest) {
                gone = true;
            }
        }
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
                .key(ContentItems.key(ContentItems.toolKey(toolId), sk))
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
