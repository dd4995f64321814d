package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IssueWeekTest {

    @Test
    void theScheduleOnMondayMorningNamesTheWeekJustEnded() {
        IssueWeek week = IssueWeek.endedBefore(Instant.parse("2026-11-30T08:00:00Z"));

        assertThat(week.id()).isEqualTo("2026-W48");
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void aWeekAtTheTurnOfTheYearBelongsToItsIsoYear() {
        // Monday 2027-01-04 08:00: the week just ended is 2026-W53 (2026 has 53 ISO weeks), Dec 28 to Jan 4.
        IssueWeek week = IssueWeek.endedBefore(Instant.parse("2027-01-04T08:00:00Z"));

        assertThat(week.id()).isEqualTo("2026-W53");
        assertThat(week.start()).isEqualTo(Instant.parse("2026-12-28T00:00:00Z"));
        assertThat(week.contains(Instant.parse("2027-01-03T23:59:59Z"))).isTrue();
        assertThat(week.contains(Instant.parse("2027-01-04T00:00:00Z"))).isFalse();
    }

    @Test
    void parsesOnlyWeeksThatExist() {
        assertThat(IssueWeek.parse("2026-W48")).contains(new IssueWeek(2026, 48));
        assertThat(IssueWeek.parse("2026-W53")).isPresent();
        assertThat(IssueWeek.parse("2025-W53")).isEmpty();
        assertThat(IssueWeek.parse("2026-W00")).isEmpty();
        assertThat(IssueWeek.parse("2026-48")).isEmpty();
        assertThat(IssueWeek.parse("../etc")).isEmpty();
        assertThat(IssueWeek.parse(null)).isEmpty();
    }
}
