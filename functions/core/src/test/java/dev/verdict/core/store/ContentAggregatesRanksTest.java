package dev.verdict.core.store;

import static dev.verdict.core.store.ContentTable.n;
import static dev.verdict.core.store.ContentTable.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The recompute's repair of ranked items and its count of the last day's votes from the hourly buckets. */
class ContentAggregatesRanksTest {

    static final Instant NOW = Instant.now();
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    static final Tool AIDER = tool("aider", "Aider", "coding-agents");

    final ContentTable table = new ContentTable();

    static Instant hoursBefore(int hours) {
        return HOUR.minus(Duration.ofHours(hours));
    }

    void putCommunity(String toolId, long ship, long skip, long version) {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.communityKey(toolId));
        item.put("ship", n(ship));
        item.put("skip", n(skip));
        item.put("version", n(version));
        table.put(item);
    }

    @Test
    void theLastDayIsTheCurrentHourAndThe23BeforeIt() {
        table.putBucket(HOUR, 0, Map.of("aider", new long[] {1, 1}));
        table.putBucket(hoursBefore(23), 0, Map.of("aider", new long[] {1, 2}));
        table.putBucket(hoursBefore(23), 1, Map.of("bolt", new long[] {0, 4}));
        table.putBucket(hoursBefore(24), 0, Map.of("aider", new long[] {5, 5}, "cline", new long[] {1, 1}));

        assertThat(table.aggregates.lastDay(NOW)).isEqualTo(Map.of("aider", new Counts(2, 1), "bolt", new Counts(0, 4)));
    }

    @Test
    void placesEachToolByItsCountsAndRewritesTrendingFromTheLastDay() {
        table.putTool(AIDER);
        putCommunity("aider", 10, 4, 1);
        table.putBucket(hoursBefore(2), 0, Map.of("aider", new long[] {3, 5}));

        var repairs = table.aggregates.repairRanks(NOW);

        // The panel item (none yet) and the community one are placed; the trending one is written.
        assertThat(repairs).isEqualTo(new ContentAggregates.RankRepairs(2, 1, 0));
        Ranking trending = table.catalogue.ranking(RankingOrder.TRENDING, Optional.of("coding-agents"), 10).orElseThrow();
        assertThat(trending.entries()).containsExactly(
                new Ranking.Entry("aider", "Aider", new Tally(10, 4), new Tally(3, 2), new Tally(3, 2)));
        assertThat(table.item("TOOL#aider", "COMMUNITY").get("rankSk").s())
                .isEqualTo(RankKey.of(new Tally(10, 4), "Aider", "aider"));
        assertThat(table.aggregates.repairRanks(NOW)).as("nothing left to do").isEqualTo(new ContentAggregates.RankRepairs(0, 0, 0));
    }

    @Test
    void leavesAloneAToolTheCatalogueDoesNotName() {
        table.putTool(AIDER);
        putCommunity("ghost", 3, 0, 1);

        var repairs = table.aggregates.repairRanks(NOW);

        assertThat(repairs).isEqualTo(new ContentAggregates.RankRepairs(2, 1, 0));
        assertThat(table.item("TOOL#ghost", "TRENDING")).isEmpty();
        assertThat(table.item("TOOL#ghost", "COMMUNITY")).doesNotContainKey("rankSk");
    }

    /** Before the first placement of {@code toolId}'s community item leaves, another writer adds a vote to it. */
    static final class VoteBeforeThePlacement implements ExecutionInterceptor {
        final AtomicBoolean raced = new AtomicBoolean();
        final Runnable vote;

        VoteBeforeThePlacement(Runnable vote) {
            this.vote = vote;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update
                    && update.key().get("sk").s().equals("COMMUNITY") && raced.compareAndSet(false, true)) {
                vote.run();
            }
        }
    }

    @Test
    void aWriteToTheAggregateBetweenTheScanAndThePlacementWinsAndIsCountedUnsettled() {
        table.putTool(AIDER);
        putCommunity("aider", 2, 0, 1);
        var race = new VoteBeforeThePlacement(() -> table.client.updateItem(b -> b.tableName(table.name)
                .key(ContentItems.communityKey("aider"))
                .updateExpression("ADD #ship :one, #version :one")
                .expressionAttributeNames(Map.of("#ship", "ship", "#version", "version"))
                .expressionAttributeValues(Map.of(":one", n(1)))));
        try (DynamoDbClient racing = table.clientWith(race)) {

            var repairs = new ContentAggregates(racing, table.name).repairRanks(NOW);

            assertThat(race.raced).isTrue();
            // The panel item is placed; the community one is not, and its counts are the racing writer's.
            assertThat(repairs.ranksRepaired()).isEqualTo(1);
            assertThat(repairs.unsettled()).isEqualTo(1);
            var community = table.item("TOOL#aider", "COMMUNITY");
            assertThat(community.get("ship").n()).isEqualTo("3");
            assertThat(community).doesNotContainKey("rankSk");
        }
    }
}
