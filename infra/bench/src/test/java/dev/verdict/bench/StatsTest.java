package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void takesTheMiddleSampleOfAnOddCountAndTheMeanOfTheTwoMiddleOnesOfAnEvenCount() {
        assertThat(Stats.median(new long[] {9, 1, 5, 3, 7})).isEqualTo(5.0);
        assertThat(Stats.median(new long[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new long[] {42})).isEqualTo(42.0);
    }

    @Test
    void readsPercentilesByNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 100..1, unsorted on purpose
        }
        assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Stats.percentile(new long[] {10, 20, 30}, 50)).isEqualTo(20);
        assertThat(Stats.percentile(new long[] {10, 20, 30}, 99)).isEqualTo(30);
        assertThat(Stats.percentile(new long[] {7}, 1)).isEqualTo(7);
    }

    @Test
    void leavesTheCallersSamplesInTheirOrder() {
        long[] samples = {3, 1, 2};
        Stats.median(samples);
        Stats.percentile(samples, 50);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void refusesToSummariseNothing() {
        assertThatThrownBy(() -> Stats.median(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
