package dev.verdict.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A comparison as the catalogue states it: what it must hold, and the panel's tally per tool. */
class ComparisonTest {

    static final Reviewer ANA = new Reviewer("ana-ruiz", "Ana Ruiz", "Staff engineer");
    static final Instant PUBLISHED = Instant.parse("2026-04-09T00:00:00Z");

    static Comparison comparison(String title, List<Review> reviews) {
        return new Comparison("aider-vs-continue", title, "Which one?", "Developer Tools", PUBLISHED,
                List.of("aider", "continue"), reviews);
    }

    @Test
    void talliesThePanelForEachToolFromItsOwnReviewsOnly() {
        var reviews = List.of(new Review(ANA, "aider", Verdict.SHIP, "Fast."),
                new Review(new Reviewer("bo-li", "Bo Li", "CTO"), "aider", Verdict.SKIP, "Noisy."),
                new Review(ANA, "continue", Verdict.SHIP, "Calm."));

        Comparison comparison = comparison("Aider vs Continue", reviews);

        assertThat(comparison.panelTally("aider")).isEqualTo(new Tally(1, 1));
        assertThat(comparison.panelTally("continue")).isEqualTo(new Tally(1, 0));
        assertThat(comparison.panelTally("elsewhere")).isEqualTo(Tally.EMPTY);
    }

    @Test
    void refusesAMissingOrBlankFieldNamingIt() {
        assertThatThrownBy(() -> comparison(" ", List.of())).hasMessageStartingWith("title: required");
        assertThatThrownBy(() -> comparison(null, List.of())).hasMessageStartingWith("title: required");
        assertThatThrownBy(() -> new Review(null, "aider", Verdict.SHIP, "Fast.")).hasMessageStartingWith("reviewer: required");
        assertThatThrownBy(() -> new Review(ANA, "aider", Verdict.SHIP, "")).hasMessageStartingWith("quote: required");
    }

    @Test
    void takesAnIdOfAHundredCharactersAndNoLonger() {
        assertThat(Require.isId("a".repeat(Require.MAX_ID_LENGTH))).isTrue();
        assertThat(Require.isId("a".repeat(Require.MAX_ID_LENGTH + 1))).isFalse();
        assertThatThrownBy(() -> new Reviewer("b".repeat(Require.MAX_ID_LENGTH + 1), "B", "C")).hasMessageStartingWith("id: ");
    }
}
