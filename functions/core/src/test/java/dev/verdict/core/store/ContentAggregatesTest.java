package dev.verdict.core.store;

import static dev.verdict.core.store.ContentTable.n;
import static dev.verdict.core.store.ContentTable.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.store.ContentAggregates.Aggregate;
import dev.verdict.core.store.ContentAggregates.CommunityAtCheckpoints;
import dev.verdict.core.store.ContentAggregates.Seen;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The stream handler's and the recompute's reads and conditional writes of community aggregates and checkpoints. */
class ContentAggregatesTest {

    static final Instant NOW = Instant.now();
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);

    final ContentTable table = new ContentTable();
    final ContentAggregates aggregates = table.aggregates;

    /** Applies {@code deltas} on {@code shard} as the next batch after whatever it applied last. */
    void apply(String shard, long through, Map<String, Counts> deltas) {
        aggregates.applyCommunityDeltas(shard, aggregates.checkpoint(shard), BigInteger.valueOf(through), deltas,
                aggregates.seen(deltas.keySet()), Map.of(), NOW);
    }

    static Set<String> tools(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).collect(Collectors.toSet());
    }

    static Map<String, Counts> oneShipEach(Set<String> tools) {
        return tools.stream().collect(Collectors.toMap(tool -> tool, tool -> new Counts(1, 0)));
    }

    @Test
    void seesNothingAndAsksNothingWhenAskedAboutNoTools() {
        // DynamoDB refuses a BatchGetItem without keys (the local engine answers it), so none may be sent.
        AtomicInteger requests = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.incrementAndGet();
            }
        };
        try (var counted = table.clientWith(counter)) {
            assertThat(new ContentAggregates(counted, table.name).seen(List.of())).isEmpty();
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void seesAToolThatWasNeverCountedAsNoVotesAtVersionZeroUnderItsId() {
        assertThat(aggregates.seen(List.of("aider"))).isEqualTo(Map.of("aider", Seen.none("aider")));
    }

    @Test
    void seesAStoredAggregatesCountsVersionAndPlacedName() {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.communityKey("aider"));
        item.put("ship", n(4));
        item.put("skip", n(-1));
        item.put("version", n(3));
        item.put("name", s("Aider"));
        table.put(item);

        assertThat(aggregates.seen(List.of("aider", "bolt"))).isEqualTo(Map.of(
                "aider", new Seen(new Counts(4, -1), 3, "Aider"),
                "bolt", Seen.none("bolt")));
    }

    @Test
    void countsOneItemPerToolAndPerHourOnePerSixteenTools() {
        int items = ContentAggregates.itemsWritten(tools("t", 3), Map.of(
                HOUR, tools("a", 16), HOUR.minusSeconds(3600), tools("b", 17), HOUR.minusSeconds(7200), tools("c", 1)));

        assertThat(items).isEqualTo(3 + 1 + 2 + 1);
    }

    @Test
    void refusesABatchWhoseBucketsTakeItPastOneTransactionAndWritesNothing() {
        Set<String> tools = tools("tool", 90);
        // 90 aggregates and, for each of two hours, 6 bucket items of at most 16 tools: 102 items beside the checkpoint.
        Map<Instant, Map<String, Counts>> buckets = Map.of(HOUR, oneShipEach(tools), HOUR.minusSeconds(3600), oneShipEach(tools));

        assertThatThrownBy(() -> aggregates.applyCommunityDeltas("shard", Optional.empty(), BigInteger.ONE,
                oneShipEach(tools), Map.of(), buckets, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(aggregates.checkpoint("shard")).isEmpty();
        assertThat(aggregates.seen(List.of("tool-0")).get("tool-0")).isEqualTo(Seen.none("tool-0"));
    }

    @Test
    void anHoursSixteenToolsShareOneBucketItemAndASeventeenthStartsAnother() {
        Map<String, Counts> sixteen = new HashMap<>(oneShipEach(tools("a", 16)));
        sixteen.put("a-0", new Counts(2, 3));
        Instant earlier = HOUR.minusSeconds(3600);

        aggregates.applyCommunityDeltas("shard", Optional.empty(), BigInteger.ONE, Map.of(), Map.of(),
                Map.of(HOUR, sixteen, earlier, oneShipEach(tools("b", 17))), NOW);

        var read = aggregates.readBuckets(earlier, HOUR).hours();
        assertThat(read.get(HOUR)).containsOnlyKeys(0);
        assertThat(read.get(HOUR).get(0)).hasSize(16);
        assertThat(read.get(earlier)).containsOnlyKeys(0, 1);
        assertThat(read.get(earlier).get(0)).hasSize(16);
        assertThat(read.get(earlier).get(1)).hasSize(1);
        assertThat(read.get(HOUR).get(0).get("a-0"))
                .isEqualTo(new ContentAggregates.BucketCell(Optional.of(2L), Optional.of(5L)));
        assertThat(aggregates.checkpoint("shard")).contains(BigInteger.ONE);
    }

    @Test
    void readsEachToolWithTheCheckpointsOfEveryShardAndTheCorrectionsMadeToIt() {
        apply("shard-a", 5, Map.of("aider", new Counts(2, 1)));
        apply("shard-b", 7, Map.of("aider", new Counts(1, 0)));
        assertThat(aggregates.correctCommunity("aider", new Counts(0, -1), 0, NOW)).isTrue();

        Map<String, CommunityAtCheckpoints> read = aggregates.communityAtCheckpoints(List.of("aider", "bolt"),
                List.of("shard-a", "shard-b", "shard-c"));

        Map<String, Optional<BigInteger>> checkpoints = Map.of("shard-a", Optional.of(BigInteger.valueOf(5)),
                "shard-b", Optional.of(BigInteger.valueOf(7)), "shard-c", Optional.empty());
        assertThat(read).isEqualTo(Map.of(
                "aider", new CommunityAtCheckpoints(new Counts(3, 0), 1, checkpoints),
                "bolt", new CommunityAtCheckpoints(Counts.ZERO, 0, checkpoints)));
    }

    @Test
    void readsAsManyToolsAsTheShardsLeaveRoomForInEachTransactionOf100Items() {
        apply("shard-0", 3, Map.of("tool-149", new Counts(2, 1)));
        List<String> tools = IntStream.range(0, 150).mapToObj(i -> "tool-" + i).toList();

        // Two shards: 98 tools a transaction, so two of them. 99 shards: one tool a transaction.
        var fewShards = aggregates.communityAtCheckpoints(tools, List.of("shard-0", "shard-1"));
        var manyShards = aggregates.communityAtCheckpoints(List.of("tool-148", "tool-149"),
                IntStream.range(0, 99).mapToObj(i -> "shard-" + i).toList());

        assertThat(fewShards).hasSize(150).containsEntry("tool-149", new CommunityAtCheckpoints(new Counts(2, 1), 0,
                Map.of("shard-0", Optional.of(BigInteger.valueOf(3)), "shard-1", Optional.empty())));
        assertThat(fewShards.get("tool-0").counts()).isEqualTo(Counts.ZERO);
        assertThat(manyShards).hasSize(2);
        assertThat(manyShards.get("tool-149").counts()).isEqualTo(new Counts(2, 1));
        assertThat(manyShards.get("tool-149").checkpoints()).hasSize(99)
                .containsEntry("shard-0", Optional.of(BigInteger.valueOf(3)));
    }

    @Test
    void refusesToReadATransactionWithNoRoomForAToolBesideTheShards() {
        List<String> shards = IntStream.range(0, 100).mapToObj(i -> "shard-" + i).toList();

        assertThatThrownBy(() -> aggregates.communityAtCheckpoints(List.of("aider"), shards))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void correctionsAddUpEachConditionedOnTheNumberMadeBeforeIt() {
        apply("shard", 1, Map.of("aider", new Counts(5, 5)));

        assertThat(aggregates.correctCommunity("aider", new Counts(1, 0), 0, NOW)).isTrue();
        assertThat(aggregates.correctCommunity("aider", new Counts(0, -2), 1, NOW)).isTrue();

        var read = aggregates.communityAtCheckpoints(List.of("aider"), List.of()).get("aider");
        assertThat(read.counts()).isEqualTo(new Counts(6, 3));
        assertThat(read.repairs()).isEqualTo(2);
    }

    @Test
    void aCorrectionMadeOnAStaleCountOfCorrectionsIsRefusedAndChangesNothing() {
        assertThat(aggregates.correctCommunity("aider", new Counts(1, 0), 0, NOW)).isTrue();

        assertThat(aggregates.correctCommunity("aider", new Counts(1, 0), 0, NOW)).isFalse();

        var read = aggregates.communityAtCheckpoints(List.of("aider"), List.of()).get("aider");
        assertThat(read.counts()).isEqualTo(new Counts(1, 0));
        assertThat(read.repairs()).isEqualTo(1);
    }

    @Test
    void aRepairOnAStaleVersionIsRefusedAndOnTheCurrentOneSetsTheRecount() {
        apply("shard", 1, Map.of("aider", new Counts(2, 0)));

        assertThat(aggregates.repair("aider", Aggregate.COMMUNITY, 0, new Counts(9, 9), NOW)).isFalse();
        assertThat(aggregates.aggregates().community()).containsEntry("aider", new Counts(2, 0));

        assertThat(aggregates.repair("aider", Aggregate.COMMUNITY, 1, new Counts(9, 9), NOW)).isTrue();
        var snapshot = aggregates.aggregates();
        assertThat(snapshot.community()).containsEntry("aider", new Counts(9, 9));
        assertThat(snapshot.version(Aggregate.COMMUNITY, "aider")).isEqualTo(2);
    }
}
