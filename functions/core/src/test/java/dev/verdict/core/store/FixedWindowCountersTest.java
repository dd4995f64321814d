package dev.verdict.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.store.FixedWindowCounters.Count;
import dev.verdict.core.store.FixedWindowCounters.Take;
import dev.verdict.localkit.TestTables;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Fixed-window counters on the rate-limit table: windows aligned to their length, counted atomically, kept a window past their end. */
class FixedWindowCountersTest {

    /** 47 seconds into the minute that starts at 960 s: that window ends at 1020 s. */
    static final Instant NOW = Instant.ofEpochSecond(1007);
    static final Instant WINDOW_END = Instant.ofEpochSecond(1020);

    TestTables tables;
    FixedWindowCounters counters;

    @BeforeEach
    void tables() {
        tables = TestTables.create();
        counters = new FixedWindowCounters(tables.client(), tables.table("RateLimitTable"));
    }

    Map<String, AttributeValue> stored(String pk) {
        var response = tables.client().getItem(b -> b.tableName(tables.table("RateLimitTable"))
                .key(Map.of("pk", AttributeValue.fromS(pk))));
        return response.hasItem() ? response.item() : Map.of();
    }

    @Test
    void countsHitsInTheWindowThatHoldsNowAndSaysWhenItEnds() {
        Count first = counters.hit("client-1", 60, NOW);
        Count second = counters.hit("client-1", 60, Instant.ofEpochSecond(960));
        Count third = counters.hit("client-1", 60, Instant.ofEpochSecond(1019));

        assertThat(first).isEqualTo(new Count(1, WINDOW_END));
        assertThat(second).isEqualTo(new Count(2, WINDOW_END));
        assertThat(third).isEqualTo(new Count(3, WINDOW_END));
    }

    @Test
    void theNextWindowAndAnotherSubjectStartAfresh() {
        counters.hit("client-1", 60, NOW);
        counters.hit("client-1", 60, NOW);

        assertThat(counters.hit("client-1", 60, WINDOW_END)).isEqualTo(new Count(1, Instant.ofEpochSecond(1080)));
        assertThat(counters.hit("client-2", 60, NOW)).isEqualTo(new Count(1, WINDOW_END));
    }

    @Test
    void aHitsItemIsKeyedOnItsWindowStartAndExpiresAWindowAfterTheWindowEnds() {
        counters.hit("client-1", 60, NOW);

        assertThat(stored("client-1#960")).containsEntry("hits", AttributeValue.fromN("1"))
                .containsEntry("expiresAt", AttributeValue.fromN("1080"));
    }

    @Test
    void takesUpToTheLimitThenRefusesWithoutCounting() {
        Take first = counters.take("client-1", 2, 60, NOW);
        Take second = counters.take("client-1", 2, 60, NOW);
        Take refused = counters.take("client-1", 2, 60, NOW);

        assertThat(first).isEqualTo(new Take(true, 1, WINDOW_END));
        assertThat(second).isEqualTo(new Take(true, 2, WINDOW_END));
        assertThat(refused).isEqualTo(new Take(false, 2, WINDOW_END));
        assertThat(stored("client-1#960")).containsEntry("hits", AttributeValue.fromN("2"))
                .containsEntry("expiresAt", AttributeValue.fromN("1080"));
    }

    @Test
    void aHitGivenBackMakesRoomInItsWindowAgain() {
        counters.take("client-1", 2, 60, NOW);
        counters.take("client-1", 2, 60, NOW);

        counters.giveBack("client-1", 60, Instant.ofEpochSecond(1019));

        assertThat(stored("client-1#960")).containsEntry("hits", AttributeValue.fromN("1"));
        assertThat(counters.take("client-1", 2, 60, NOW)).isEqualTo(new Take(true, 2, WINDOW_END));
    }

    @Test
    void givingBackWhatWasNeverCountedChangesNothing() {
        counters.take("client-1", 2, 60, NOW);
        counters.giveBack("client-1", 60, NOW);

        counters.giveBack("client-1", 60, NOW);
        counters.giveBack("client-2", 60, NOW);

        assertThat(stored("client-1#960")).containsEntry("hits", AttributeValue.fromN("0"));
        assertThat(stored("client-2#960")).isEmpty();
    }
}
