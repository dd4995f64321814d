package dev.verdict.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShipIntervalTest {

    @ParameterizedTest(name = "{0} of {1} -> {2}..{3}")
    @CsvSource({
            // The rankings issue's check values for the lower bound; the upper bounds computed from the same formula.
            "2,   5,   0.1176, 0.7693",
            "234, 600, 0.3518, 0.4296",
            "398, 400, 0.9820, 0.9986",
            "2,   2,   0.3424, 1.0",
            "0,   3,   0.0,    0.5615",
    })
    void theWilsonScoreIntervalAt95PercentToFourDecimals(long ship, long n, double lower, double upper) {
        ShipInterval interval = ShipInterval.of(ship, n);

        assertThat(ShipInterval.rounded(interval.lower())).isEqualTo(lower);
        assertThat(ShipInterval.rounded(interval.upper())).isEqualTo(upper);
    }

    @Test
    void twoOfTwoRanksBelowThreeHundredAndNinetyEightOfFourHundred() {
        assertThat(ShipInterval.of(2, 2).lower()).isLessThan(ShipInterval.of(398, 400).lower());
    }

    @Test
    void noVotesIsTheWholeRangeWithALowerBoundOfZeroAndNoDivisionError() {
        assertThat(ShipInterval.of(0, 0)).isEqualTo(new ShipInterval(0, 1));
    }

    @Test
    void countsThatCannotBeAreRefusedNamingTheCounts() {
        assertThatThrownBy(() -> ShipInterval.of(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ship must be within 0..2, not 3");
        assertThatThrownBy(() -> ShipInterval.of(-1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ship must be within 0..2, not -1");
    }
}
