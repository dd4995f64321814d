package dev.verdict.core.store;

import static dev.verdict.core.store.ContentTable.heavy;
import static dev.verdict.core.store.ContentTable.n;
import static dev.verdict.core.store.ContentTable.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The recompute's scans and bucket queries read every page: three items of about 380 KB are more than the 1 MB a
 * Scan or Query returns at once, so each of these reads takes two requests. (A read that did not pass its start key
 * on would ask for the first page forever: hence the time-outs.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContentAggregatesPagingTest {

    static final Instant NOW = Instant.now();
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);

    final ContentTable table = new ContentTable();

    void putHeavyTools() {
        for (String id : new String[] {"aider", "bolt", "cline"}) {
            Map<String, AttributeValue> item = new HashMap<>(ContentItems.toolItem(tool(id, id.toUpperCase(), "agents")));
            item.put("padding", heavy());
            table.put(item);
        }
    }

    void putHeavyBucketParts() {
        for (int part = 0; part < 3; part++) {
            Map<String, AttributeValue> item = new HashMap<>(ContentItems.bucketKey(HOUR, part));
            item.put("s:aider", n(1));
            item.put("n:aider", n(2));
            item.put("padding", heavy());
            table.put(item);
        }
    }

    @Test
    void theSnapshotScansEveryPage() {
        putHeavyTools();

        var snapshot = table.aggregates.aggregates();

        assertThat(snapshot.toolIds()).containsExactly("aider", "bolt", "cline");
        assertThat(snapshot.itemsScanned()).isEqualTo(3);
    }

    @Test
    void theRankRepairScansEveryPage() {
        putHeavyTools();

        var repairs = table.aggregates.repairRanks(NOW);

        // Each tool: its panel and community items placed, its trending item written.
        assertThat(repairs).isEqualTo(new ContentAggregates.RankRepairs(6, 3, 0));
    }

    @Test
    void theLastDayReadsEveryPageOfAnHour() {
        putHeavyBucketParts();

        assertThat(table.aggregates.lastDay(NOW)).isEqualTo(Map.of("aider", new Counts(3, 3)));
    }

    @Test
    void theBucketReadReadsEveryPageOfAnHour() {
        putHeavyBucketParts();

        var read = table.aggregates.readBuckets(HOUR, HOUR);

        assertThat(read.hours().get(HOUR)).containsOnlyKeys(0, 1, 2);
    }
}
