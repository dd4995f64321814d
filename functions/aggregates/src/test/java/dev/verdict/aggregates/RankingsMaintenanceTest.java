package dev.verdict.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentAggregates;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;

/**
 * The rankings kept by writes: the stream handler's exactly-once transaction moves each tool's rank key with its
 * counts and fills the hourly buckets; the recompute repairs keys and rewrites the trending order. Real votes, the
 * real stream, the local engine.
 */
class RankingsMaintenanceTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final String CATEGORY = "Developer Tools";

    static ScheduledEvent scheduled() {
        return (ScheduledEvent) LambdaSerialization.read(LambdaEvents.scheduled(LambdaEvents.ruleArn("RecomputeFunction", "Recount"), Instant.now()),
                ScheduledEvent.class);
    }

    static List<String> order(AggregatesFixture f, RankingOrder by) {
        return f.catalogue.ranking(by, Optional.of(CATEGORY), 20).orElseThrow().entries().stream()
                .map(Ranking.Entry::toolId).toList();
    }

    static Map<String, AttributeValue> item(AggregatesFixture f, String toolId, String sk) {
        return f.tables.client().getItem(b -> b.tableName(f.tables.table("ContentTable"))
                .key(ContentItems.key(ContentItems.toolKey(toolId), sk)).consistentRead(true)).item();
    }

    /** The key a tool's community item must hold for the counts it holds now. */
    static void assertKeyFollowsCounts(AggregatesFixture f, String toolId, String name) {
        Map<String, AttributeValue> community = item(f, toolId, ContentItems.COMMUNITY);
        assertThat(community.get("rankSk").s()).as(toolId)
                .isEqualTo(RankKey.of(ContentItems.tally(community), name, toolId));
    }

    @Test
    void theStreamKeepsTheCommunityOrderAsVotesArriveAndChange() {
        try (var f = new AggregatesFixture()) {
            assertThat(order(f, RankingOrder.COMMUNITY)).containsExactly("aider", "code-llama-4", "continue", "google-scion");

            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("bob", "google-scion", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("carol", "code-llama-4", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("dave", "aider", Verdict.SKIP, SLUG, Instant.now());
            f.poller.drain();

            // 2 of 2 (0.3424) above 1 of 1 (0.2065); 0 of 1 and no votes both 0, n decides.
            assertThat(order(f, RankingOrder.COMMUNITY)).containsExactly("google-scion", "code-llama-4", "aider", "continue");
            assertKeyFollowsCounts(f, "google-scion", "Google Scion");

            f.votes.put("alice", "google-scion", Verdict.SKIP, SLUG, Instant.now().plusSeconds(5));
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, Instant.now().plusSeconds(5));
            f.poller.drain();

            assertThat(order(f, RankingOrder.COMMUNITY)).containsExactly("code-llama-4", "google-scion", "aider", "continue");
            assertKeyFollowsCounts(f, "google-scion", "Google Scion");
        }
    }

    @Test
    void aBatchDeliveredTwiceMovesTheKeyAndTheBucketsOnce() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("bob", "aider", Verdict.SHIP, SLUG, Instant.now());
            var batch = VoteStreamHandlerTest.wholeStreamAsOneBatch(f);

            f.streamHandler.handleRequest(batch, null);
            f.streamHandler.handleRequest(batch, null);

            assertThat(f.community("aider")).isEqualTo(new Tally(2, 0));
            assertKeyFollowsCounts(f, "aider", "Aider");
            assertThat(f.content.aggregates().version(ContentAggregates.Aggregate.COMMUNITY, "aider")).isEqualTo(1);
            f.recomputeHandler.handleRequest(scheduled(), null);
            Map<String, AttributeValue> trending = item(f, "aider", ContentItems.TRENDING);
            assertThat(trending.get("ship24h").n()).isEqualTo("2");
            assertThat(trending.get("n24h").n()).isEqualTo("2");
        }
    }

    @Test
    void aWriterRacingTheStreamBetweenItsReadAndItsTransactionCannotLeaveAStaleKey() {
        // Between the stream handler's read of the aggregate and its transaction, another writer (here a recompute
        // correction; another shard's applier is the same) moves the counts. The version condition fails the
        // transaction, the handler reads again, and the key ends up matching the counts.
        var racing = new RaceAfterFirstRead();
        try (var f = new AggregatesFixture(racing)) {
            racing.race = () -> f.content.correctCommunity("continue", new Counts(5, 0), 0, Instant.now());
            f.votes.put("alice", "continue", Verdict.SHIP, SLUG, Instant.now());
            f.poller.drain();

            assertThat(racing.raced.get()).isTrue();
            assertThat(racing.reads.get()).as("read again after the conflict").isGreaterThanOrEqualTo(2);
            assertThat(f.community("continue")).isEqualTo(new Tally(6, 0));
            assertKeyFollowsCounts(f, "continue", "Continue");
            assertThat(order(f, RankingOrder.COMMUNITY).getFirst()).isEqualTo("continue");
        }
    }

    @Test
    void theRecomputeRepairsAPlantedWrongRankAndRewritesTrendingFromTheBuckets() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("bob", "code-llama-4", Verdict.SHIP, SLUG, Instant.now());
            f.votes.put("carol", "continue", Verdict.SKIP, SLUG, Instant.now());
            // Cast three days ago: counted in the community, not in the last 24 hours.
            f.votes.put("dave", "google-scion", Verdict.SHIP, SLUG, Instant.now().minus(Duration.ofDays(3)));
            f.votes.put("erin", "google-scion", Verdict.SHIP, SLUG, Instant.now().minus(Duration.ofDays(3)));
            f.votes.put("fred", "google-scion", Verdict.SHIP, SLUG, Instant.now().minus(Duration.ofDays(3)));
            f.poller.drain();
            // A wrong key planted without touching the counts: "continue" (0 of 1) claims the top.
            f.tables.client().updateItem(b -> b.tableName(f.tables.table("ContentTable"))
                    .key(ContentItems.communityKey("continue"))
                    .updateExpression("SET rankSk = :wrong")
                    .expressionAttributeValues(Map.of(":wrong", AttributeValue.fromS("00000#wrong"))));
            assertThat(order(f, RankingOrder.COMMUNITY).getFirst()).isEqualTo("continue");

            Map<String, Object> summary = f.recomputeHandler.handleRequest(scheduled(), null);

            assertThat(summary).containsEntry("ranksRepaired", 1);
            // 3 of 3 (0.4385) above 2 of 2 (0.3424).
            assertThat(order(f, RankingOrder.COMMUNITY)).containsExactly("google-scion", "code-llama-4", "continue", "aider");
            assertKeyFollowsCounts(f, "continue", "Continue");
            // Trending counts only the last day's votes: 2 of 2 first; the rest have none (lower bound 0), so the
            // community's lower bound decides (google-scion's old 3 of 3), then the day's n (continue's 0 of 1).
            assertThat(order(f, RankingOrder.TRENDING)).containsExactly("code-llama-4", "google-scion", "continue", "aider");
            var scion = f.catalogue.ranking(RankingOrder.TRENDING, Optional.of(CATEGORY), 20).orElseThrow().entries().stream()
                    .filter(e -> e.toolId().equals("google-scion")).findFirst().orElseThrow();
            assertThat(scion.day()).isEqualTo(Tally.EMPTY);
            assertThat(scion.counts()).isEqualTo(new Tally(3, 0));
            // The buckets expire on their own.
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            var bucket = f.tables.client().getItem(b -> b.tableName(f.tables.table("ContentTable"))
                    .key(ContentItems.bucketKey(hour, 0))).item();
            assertThat(Long.parseLong(bucket.get("expiresAt").n())).isGreaterThan(hour.plus(Duration.ofHours(24)).getEpochSecond());
            assertThat(bucket.get("s:code-llama-4").n()).isEqualTo("2");

            assertThat(f.recomputeHandler.handleRequest(scheduled(), null))
                    .containsEntry("ranksRepaired", 0).containsEntry("trendingWritten", 0);
        }
    }

    /** Runs {@code race} once, right after the stream handler's first read of the aggregates. */
    static final class RaceAfterFirstRead implements ExecutionInterceptor {
        volatile Runnable race = () -> { };
        final AtomicBoolean raced = new AtomicBoolean();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof BatchGetItemRequest) {
                reads.incrementAndGet();
                if (raced.compareAndSet(false, true)) {
                    race.run();
                }
            }
        }
    }
}
