package dev.verdict.aggregates;

import static dev.verdict.aggregates.RankingsMaintenanceTest.SLUG;
import static dev.verdict.aggregates.RankingsMaintenanceTest.item;
import static dev.verdict.aggregates.RankingsMaintenanceTest.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.LocalLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The scheduled recompute recounts the last 24 hourly trending buckets from the votes table and rewrites only the
 * ones that differ, and only for tools the stream left alone meanwhile. Real votes, the real stream, the local engine;
 * the recompute's writes to buckets and ranked items counted as they leave its client.
 */
class BucketRepairTest {

    /**
     * The hour the tests' votes are cast in, taken once: votes cast at "now" would land in the next hour's bucket if
     * the clock passed the hour while the class runs, and the assertions name this one.
     */
    static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
    static final Instant IN_HOUR = HOUR.plusSeconds(1);

    /** Writes the recompute sends to hourly buckets, and to ranked items (PANEL, COMMUNITY, TRENDING). */
    static final class RankingWrites implements ExecutionInterceptor {
        final AtomicInteger bucketTransactions = new AtomicInteger();
        final AtomicInteger rankedItemWrites = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            switch (context.request()) {
                case TransactWriteItemsRequest t when t.transactItems().stream().anyMatch(i -> i.conditionCheck() != null
                        || (i.update() != null && isBucket(i.update().key()))) -> bucketTransactions.incrementAndGet();
                case UpdateItemRequest u when isRanked(u.key()) -> rankedItemWrites.incrementAndGet();
                case PutItemRequest p when isRanked(p.item()) -> rankedItemWrites.incrementAndGet();
                default -> { }
            }
        }

        private static boolean isBucket(Map<String, AttributeValue> key) {
            return key.get("sk") != null && key.get("sk").s().startsWith("BUCKET#");
        }

        private static boolean isRanked(Map<String, AttributeValue> key) {
            return key.get("sk") != null && List.of("PANEL", "COMMUNITY", "TRENDING").contains(key.get("sk").s());
        }

        void reset() {
            bucketTransactions.set(0);
            rankedItemWrites.set(0);
        }
    }

    static Map<String, AttributeValue> bucket(AggregatesFixture f, Instant hour, int part) {
        return f.tables.client().getItem(b -> b.tableName(f.tables.table("ContentTable"))
                .key(ContentItems.bucketKey(hour, part)).consistentRead(true)).item();
    }

    static void plant(AggregatesFixture f, Instant hour, String tool, long ship, long votes) {
        f.tables.client().updateItem(b -> b.tableName(f.tables.table("ContentTable"))
                .key(ContentItems.bucketKey(hour, 0))
                .updateExpression("SET #s = :s, #n = :n")
                .expressionAttributeNames(Map.of("#s", "s:" + tool, "#n", "n:" + tool))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromN(Long.toString(ship)),
                        ":n", AttributeValue.fromN(Long.toString(votes)))));
    }

    static void castVotes(AggregatesFixture f) {
        f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, IN_HOUR);
        f.votes.put("bob", "code-llama-4", Verdict.SHIP, SLUG, IN_HOUR);
        f.votes.put("carol", "continue", Verdict.SKIP, SLUG, IN_HOUR);
        f.votes.put("dave", "aider", Verdict.SHIP, SLUG, IN_HOUR.minus(Duration.ofHours(5)));
        f.poller.drain();
    }

    @Test
    void aCorruptedBucketIsRecountedFromTheVotesAndRewrittenAndNothingElseIs() {
        var writes = new RankingWrites();
        try (var f = new AggregatesFixture(List.of(), List.of(writes))) {
            castVotes(f);
            f.recomputeHandler.handleRequest(scheduled(), null);
            // Wrong figures for a tool that has votes this hour, and a tool that had none three hours ago.
            plant(f, HOUR, "code-llama-4", 7, 9);
            plant(f, HOUR.minus(Duration.ofHours(3)), "google-scion", 5, 5);
            writes.reset();

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("bucketsRepaired", 2).containsEntry("bucketsUnsettled", 0);
            assertThat(writes.bucketTransactions.get()).isEqualTo(2);
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("2");
            assertThat(bucket(f, HOUR, 0).get("n:code-llama-4").n()).isEqualTo("2");
            var stale = bucket(f, HOUR.minus(Duration.ofHours(3)), 0);
            assertThat(stale.get("s:google-scion").n()).isEqualTo("0");
            assertThat(stale.get("n:google-scion").n()).isEqualTo("0");
            assertThat(Long.parseLong(stale.get("expiresAt").n())).isPositive();
            // The untouched buckets are as the stream left them.
            assertThat(bucket(f, HOUR, 0).get("n:continue").n()).isEqualTo("1");
            assertThat(bucket(f, HOUR.minus(Duration.ofHours(5)), 0).get("s:aider").n()).isEqualTo("1");
            // The trending order is rewritten from the repaired buckets in the same run.
            assertThat(item(f, "code-llama-4", ContentItems.TRENDING).get("ship24h").n()).isEqualTo("2");
            assertThat(item(f, "google-scion", ContentItems.TRENDING).get("ship24h").n()).isEqualTo("0");
        }
    }

    @Test
    void whenNothingDiffersARunRewritesNoBucketAndNoRankedItem() {
        var writes = new RankingWrites();
        try (var f = new AggregatesFixture(List.of(), List.of(writes))) {
            castVotes(f);
            f.recomputeHandler.handleRequest(scheduled(), null);
            writes.reset();

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("bucketsRepaired", 0).containsEntry("bucketsUnsettled", 0)
                    .containsEntry("trendingWritten", 0).containsEntry("ranksRepaired", 0);
            // This hour's code-llama-4 and continue, and aider five hours ago.
            assertThat((int) summary.get("bucketsChecked")).isEqualTo(3);
            assertThat(writes.bucketTransactions.get()).isZero();
            assertThat(writes.rankedItemWrites.get()).isZero();
        }
    }

    @Test
    void aVoteTheStreamHasNotAppliedYetIsNotWrittenIntoTheBucketByTheRecompute() {
        try (var f = new AggregatesFixture()) {
            castVotes(f);
            f.votes.put("erin", "code-llama-4", Verdict.SHIP, SLUG, IN_HOUR);

            // The scan sees three votes for code-llama-4 this hour, the bucket two: the stream is behind, not wrong.
            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);
            assertThat(summary).containsEntry("bucketsRepaired", 0);
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("2");

            f.poller.drain();
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).as("counted once, by the stream").isEqualTo("3");
            assertThat(f.recomputeHandler.handleRequest(scheduled(), null)).containsEntry("bucketsRepaired", 0);
        }
    }

    @Test
    void aStreamItCannotReadLeavesEveryBucketAsItIsAndCountsItsToolsUnsettled() {
        var trimmed = new RecomputeHandlerTest.StreamReadsFail();
        var writes = new RankingWrites();
        try (var f = new AggregatesFixture(List.of(), List.of(trimmed, writes))) {
            castVotes(f);
            plant(f, HOUR, "code-llama-4", 7, 9);

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(trimmed.refused.get()).isPositive();
            // Which tools the stream moved cannot be known: none of the three tools with buckets is settled.
            assertThat(summary).containsEntry("bucketsRepaired", 0).containsEntry("bucketsChecked", 0)
                    .containsEntry("bucketsUnsettled", 3);
            assertThat(writes.bucketTransactions.get()).isZero();
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("7");
        }
    }

    @Test
    void aStreamRecordThatNamesNoToolLeavesEveryBucketAsItIs() {
        try (var f = new AggregatesFixture()) {
            castVotes(f);
            plant(f, HOUR, "code-llama-4", 7, 9);
            // An item in the votes table that is no vote (written by hand, say): its stream record names no tool, so
            // any tool's buckets may be what it changed.
            f.tables.client().putItem(b -> b.tableName(f.votes.tableName()).item(Map.of(
                    "pk", AttributeValue.fromS("VOTER#mallory"), "sk", AttributeValue.fromS("NOTE#not-a-vote"))));

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("bucketsRepaired", 0).containsEntry("bucketsUnsettled", 3);
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("7");
        }
    }

    @Test
    void aScanSpreadOverTwoInvocationsRecountsTheBucketsFromWhatBothOfThemRead() {
        try (var f = new AggregatesFixture()) {
            // Five votes in four segments: one segment at least holds two (more than a page: it stops after one page
            // and is finished next time), and one at most one (finished in the first invocation).
            for (int i = 0; i < 5; i++) {
                f.votes.put("voter-" + i, "code-llama-4", Verdict.SHIP, SLUG, IN_HOUR);
            }
            f.poller.drain();
            plant(f, HOUR, "code-llama-4", 7, 9);

            Map<String, Object> first = f.recomputeHandler.handleRequest(scheduled(), onePagePerSegment());
            Map<String, Object> second = f.recomputeHandler.handleRequest(scheduled(), timeEnough());

            assertThat(first).containsEntry("complete", false);
            assertThat((Long) first.get("itemsScanned")).isBetween(3L, 5L);
            assertThat(second).containsEntry("complete", true).containsEntry("resumed", true)
                    .containsEntry("bucketsRepaired", 1);
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("5");
            assertThat(bucket(f, HOUR, 0).get("n:code-llama-4").n()).isEqualTo("5");
        }
    }

    @Test
    void aResumedScanLeavesAloneTheHoursBeforeTheFirstOneItCounted() {
        try (var f = new AggregatesFixture()) {
            // A vote in the oldest hour the trending order reads.
            Instant oldest = HOUR.minus(Duration.ofHours(23));
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, oldest.plusSeconds(1));
            f.poller.drain();
            // A scan begun by a container whose clock ran an hour ahead: it counts the hours from the next one on.
            cutShortAndEditCursor(f, cursor -> cursor.put("bucketsFrom", oldest.plus(Duration.ofHours(1)).getEpochSecond()));

            Map<String, Object> resumed = f.recomputeHandler.handleRequest(scheduled(), timeEnough());

            assertThat(resumed).containsEntry("complete", true).containsEntry("bucketsRepaired", 0);
            assertThat(bucket(f, oldest, 0).get("s:code-llama-4").n()).as("not zeroed").isEqualTo("1");
        }
    }

    @Test
    void aCursorSavedBeforeBucketsWereRecountedFinishesItsScanAndLeavesTheBucketsAlone() {
        try (var f = new AggregatesFixture()) {
            castVotes(f);
            plant(f, HOUR, "code-llama-4", 7, 9);
            RecomputeHandlerTest.plant(f, "aider", ContentItems.COMMUNITY, 4, 0);
            cutShortAndEditCursor(f, cursor -> cursor.remove(List.of("bucketsFrom", "hours")));

            Map<String, Object> resumed = f.recomputeHandler.handleRequest(scheduled(), timeEnough());

            assertThat(resumed).containsEntry("complete", true).containsEntry("resumed", true)
                    .containsEntry("itemsScanned", 4L).containsEntry("bucketsChecked", 0)
                    .containsEntry("bucketsRepaired", 0).containsEntry("aggregatesRepaired", 1L);
            assertThat(bucket(f, HOUR, 0).get("s:code-llama-4").n()).isEqualTo("7");
            assertThat(f.stored("aider")).isEqualTo(new dev.verdict.core.domain.Counts(1, 0));
        }
    }

    /** Runs the recompute with no time to scan, so it saves its cursor at once; then changes the saved cursor. */
    private static void cutShortAndEditCursor(AggregatesFixture f, Consumer<ObjectNode> edit) {
        assertThat(f.recomputeHandler.handleRequest(scheduled(), RecomputeHandlerTest.timeRunningShortAfter(0)))
                .containsEntry("complete", false);
        try {
            var cursor = (ObjectNode) Json.mapper().readTree(f.content.recomputeCursor().orElseThrow());
            edit.accept(cursor);
            f.content.saveRecomputeCursor(Json.mapper().writeValueAsString(cursor));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Time enough to finish. (A call without a context would keep the last call's, as Micronaut hands none over.) */
    private static LocalLambdaContext timeEnough() {
        return RecomputeHandlerTest.timeRunningShortAfter(Integer.MAX_VALUE);
    }

    /** Time for one page in each segment of the scan (each runs on a thread of its own), then too little. */
    private static LocalLambdaContext onePagePerSegment() {
        ThreadLocal<AtomicInteger> looks = ThreadLocal.withInitial(() -> new AtomicInteger(1));
        return new LocalLambdaContext("RecomputeFunction", "test", () -> looks.get().getAndDecrement() > 0 ? 60_000 : 500);
    }
}
