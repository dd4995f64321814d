package dev.verdict.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts are deltas and stored aggregates: they add, subtract, may go negative, and measure how far apart two are. */
class CountsTest {

    @Test
    void oneVoteCountsOnceOnItsOwnSide() {
        assertThat(Counts.one(Verdict.SHIP)).isEqualTo(new Counts(1, 0));
        assertThat(Counts.one(Verdict.SKIP)).isEqualTo(new Counts(0, 1));
    }

    @Test
    void addsAndSubtractsEachSideOnItsOwn() {
        Counts stored = new Counts(5, 3);

        assertThat(stored.plus(new Counts(2, -1))).isEqualTo(new Counts(7, 2));
        assertThat(stored.minus(new Counts(2, 7))).isEqualTo(new Counts(3, -4));
    }

    @Test
    void isZeroOnlyWhenBothSidesAre() {
        assertThat(Counts.ZERO.isZero()).isTrue();
        assertThat(new Counts(1, 0).isZero()).isFalse();
        assertThat(new Counts(0, -1).isZero()).isFalse();
        assertThat(new Counts(2, 2).minus(new Counts(2, 2)).isZero()).isTrue();
    }

    @Test
    void distanceIsTheVotesToMoveOnBothSidesWhicheverWayTheyDiffer() {
        assertThat(new Counts(5, 3).distance(new Counts(2, 4))).isEqualTo(4);
        assertThat(new Counts(2, 4).distance(new Counts(5, 3))).isEqualTo(4);
        assertThat(new Counts(-1, 0).distance(Counts.ZERO)).isEqualTo(1);
        assertThat(new Counts(7, 7).distance(new Counts(7, 7))).isZero();
    }
}
