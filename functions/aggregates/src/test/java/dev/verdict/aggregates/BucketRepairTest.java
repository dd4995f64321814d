package dev.verdict.aggregates;

import static dev.verdict.aggregates.RankingsMaintenanceTest.SLUG;
import static dev.verdict.aggregates.RankingsMaintenanceTest.item;
import static dev.verdict.aggregates.RankingsMaintenanceTest.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentItems;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
}
