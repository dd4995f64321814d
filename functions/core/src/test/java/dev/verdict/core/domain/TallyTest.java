package dev.verdict.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TallyTest {

    @ParameterizedTest(name = "{0} ship, {1} skip → {2}%")
    @CsvSource({"2,2,50", "3,1,75", "1,7,13", "1,2,33", "2,1,67", "1,199,1", "0,5,0", "5,0,100", "1,0,100", "7,1,88"})
    void roundsTheShipShareHalfUp(long ship, long skip, int percent) {
        assertThat(new Tally(ship, skip).shipPercent()).isEqualTo(percent);
    }

    @Test
    void hasNoPercentageWhenNobodyHasSpoken() {
        assertThat(Tally.EMPTY.shipPercent()).isNull();
        assertThat(Tally.EMPTY.total()).isZero();
    }

    @Test
    void refusesNegativeCounts() {
        assertThatThrownBy(() -> new Tally(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesOnlyTheExactWireForms() {
        assertThat(Verdict.parse("ship")).contains(Verdict.SHIP);
        assertThat(Verdict.parse("skip")).contains(Verdict.SKIP);
        assertThat(Verdict.parse("SHIP")).isEmpty();
        assertThat(Verdict.parse(" ship")).isEmpty();
        assertThat(Verdict.parse("maybe")).isEmpty();
        assertThat(Verdict.parse(null)).isEmpty();
    }
}
