package dev.verdict.core.store;

import static dev.verdict.core.store.ContentTable.n;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.store.ContentAggregates.BucketCell;
import dev.verdict.core.store.ContentAggregates.BucketRepairs;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The recompute's read of the hourly buckets and its rewrite of the (hour, tool) pairs that differ from the truth. */
class ContentAggregatesBucketsTest {

    static final Instant NOW = Instant.now();
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);

    final ContentTable table = new ContentTable();
    final ContentAggregates aggregates = table.aggregates;

    static BucketCell cell(long ship, long votes) {
        return new BucketCell(Optional.of(ship), Optional.of(votes));
    }

    /** Part {@code part} of this hour's bucket as stored, tool by tool. */
    Map<String, BucketCell> part(int part) {
        return aggregates.readBuckets(HOUR, HOUR).hours().get(HOUR).getOrDefault(part, Map.of());
    }

    BucketRepairs repair(String tool, Counts truth) {
        return aggregates.repairBuckets(aggregates.readBuckets(HOUR, HOUR), Map.of(HOUR, Map.of(tool, truth)), tool::equals);
    }

    @Test
    void readsOnlyTheBucketPartsOfAnHoursPartition() {
        table.putBucket(HOUR, 0, Map.of("aider", new long[] {1, 2}));
        Map<String, AttributeValue> stranger = new HashMap<>(ContentItems.key(ContentItems.bucketPartition(HOUR), "BUCKET#all"));
        stranger.put("s:aider", n(40));
        table.put(stranger);

        var read = aggregates.readBuckets(HOUR, HOUR);

        assertThat(read.hours()).isEqualTo(Map.of(HOUR, Map.of(0, Map.of("aider", cell(1, 2)))));
    }

    @Test
    void gathersAToolSplitOverPartsIntoOnePartHoldingTheTruth() {
        table.putBucket(HOUR, 0, Map.of("aider", new long[] {1, 1}));
        table.putBucket(HOUR, 1, Map.of("aider", new long[] {1, 1}, "bolt", new long[] {0, 1}));

        assertThat(repair("aider", new Counts(2, 1))).isEqualTo(new BucketRepairs(1, 1, 0));

        assertThat(part(0)).isEqualTo(Map.of("aider", cell(2, 3)));
        assertThat(part(1)).isEqualTo(Map.of("bolt", cell(0, 1)));
    }

    @Test
    void aRepairedToolStaysInThePartThatHeldItSoNoPartOutgrowsSixteenTools() {
        Map<String, long[]> sixteen = new HashMap<>();
        IntStream.range(0, 16).forEach(i -> sixteen.put("tool-" + i, new long[] {1, 1}));
        table.putBucket(HOUR, 0, sixteen);
        table.putBucket(HOUR, 1, Map.of("aider", new long[] {0, 1}));

        assertThat(repair("aider", new Counts(1, 0))).isEqualTo(new BucketRepairs(1, 1, 0));

        assertThat(part(0)).hasSize(16).doesNotContainKey("aider");
        assertThat(part(1)).isEqualTo(Map.of("aider", cell(1, 1)));
    }

    @Test
    void rewritesAToolInAPartBeyondTheSevenAStreamBatchCanWrite() {
        table.putBucket(HOUR, 8, Map.of("aider", new long[] {5, 5}));

        assertThat(repair("aider", new Counts(1, 0))).isEqualTo(new BucketRepairs(1, 1, 0));

        assertThat(part(8)).isEqualTo(Map.of("aider", cell(1, 1)));
        assertThat(part(0)).isEmpty();
    }

    @Test
    void leavesAPairTheStreamChangedSinceTheReadForTheNextRun() {
        table.putBucket(HOUR, 0, Map.of("aider", new long[] {1, 1}));
        var read = aggregates.readBuckets(HOUR, HOUR);
        aggregates.applyCommunityDeltas("shard", Optional.empty(), BigInteger.ONE, Map.of(), Map.of(),
                Map.of(HOUR, Map.of("aider", new Counts(1, 0))), NOW);

        var repairs = aggregates.repairBuckets(read, Map.of(HOUR, Map.of("aider", new Counts(5, 0))), tool -> true);

        assertThat(repairs).isEqualTo(new BucketRepairs(1, 0, 1));
        assertThat(part(0)).isEqualTo(Map.of("aider", cell(2, 2)));
    }

    @Test
    void checksOnlySettledToolsAndRewritesOnlyThoseThatDiffer() {
        table.putBucket(HOUR, 0, Map.of("aider", new long[] {1, 2}, "bolt", new long[] {3, 3}, "cline", new long[] {0, 1}));

        var repairs = aggregates.repairBuckets(aggregates.readBuckets(HOUR, HOUR),
                Map.of(HOUR, Map.of("aider", new Counts(1, 1), "bolt", new Counts(4, 0), "cline", new Counts(9, 9))),
                tool -> !tool.equals("cline"));

        assertThat(repairs).isEqualTo(new BucketRepairs(2, 1, 0));
        assertThat(part(0)).isEqualTo(Map.of("aider", cell(1, 2), "bolt", cell(4, 4), "cline", cell(0, 1)));
    }
}
