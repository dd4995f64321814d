package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.ComparisonSummary.ToolRef;
import dev.verdict.core.domain.Counts;
import dev.verdict.newsletter.Issue.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssueComposerTest {

    static final IssueWeek W48 = new IssueWeek(2026, 48);
    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    static ComparisonSummary comparison(String slug, String published, String a, String b) {
        return new ComparisonSummary(slug, slug + " title", "coding",
                List.of(new ToolRef(a, a.toUpperCase()), new ToolRef(b, b.toUpperCase())), Instant.parse(published));
    }

    final ComparisonSummary old = comparison("old-one", "2026-10-01T10:00:00Z", "a", "b");
    final ComparisonSummary fresh = comparison("fresh", "2026-11-25T10:00:00Z", "c", "d");
    final ComparisonSummary nextWeek = comparison("next-week", "2026-11-30T00:00:00Z", "e", "f");

    @Test
    void publishedThisWeekIsListedWithFiguresAndItsPage() {
        Issue issue = IssueComposer.compose(W48, List.of(old, fresh, nextWeek),
                Map.of("c", new Counts(3, 1)), Optional.empty(), NOW);

        assertThat(issue.id()).isEqualTo("2026-W48");
        assertThat(issue.subject()).startsWith("Weekly AI Tool Verdicts");
        assertThat(issue.sections()).extracting(Issue.Section::kind).containsExactly(Kind.PUBLISHED);
        var entry = issue.sections().getFirst().entries().getFirst();
        assertThat(issue.sections().getFirst().entries()).hasSize(1);
        assertThat(entry.path()).isEqualTo("/compare/fresh");
        assertThat(entry.tools().getFirst()).isEqualTo(new Issue.ToolFigure("c", "C", 4, 75, null, null));
        assertThat(entry.tools().get(1).shipPercent()).isNull();
    }

    @Test
    void toolsWithNoCountsAndABaselineNamingAComparisonsToolsNoLongerListedComposeWithoutFigures() {
        // The previous issue knew a tool the catalogue no longer lists; nobody has voted on this week's comparison yet.
        var baseline = Map.of("gone", new Counts(50, 1), "a", new Counts(5, 5));

        Issue issue = IssueComposer.compose(W48, List.of(old, fresh), Map.of(), Optional.of(baseline), NOW);

        assertThat(issue.sections()).extracting(Issue.Section::kind).containsExactly(Kind.PUBLISHED);
        assertThat(issue.sections().getFirst().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.path()).isEqualTo("/compare/fresh");
            assertThat(entry.tools()).extracting(Issue.ToolFigure::shipPercent).containsOnlyNulls();
        });
    }

    @Test
    void aChangedLeaderCountsAsMoved() {
        var before = Map.of("a", new Counts(60, 40), "b", new Counts(50, 50));
        var now = Map.of("a", new Counts(62, 40), "b", new Counts(80, 40));

        Issue issue = IssueComposer.compose(W48, List.of(old), now, Optional.of(before), NOW);

        var moved = issue.sections().stream().filter(s -> s.kind() == Kind.MOVED).findFirst().orElseThrow();
        assertThat(moved.entries()).singleElement().satisfies(e -> assertThat(e.note()).contains("New community leader: B"));
    }

    @Test
    void aMoveOfFivePointsWithTenVotesCountsAndLessDoesNot() {
        var before = Map.of("a", new Counts(5, 5), "b", new Counts(1, 9));
        // a: 50% → 55% with 20 votes: exactly five points.
        assertThat(IssueComposer.movement(old, Map.of("a", new Counts(11, 9), "b", new Counts(1, 9)), before))
                .contains("A moved from 50% to 55% ship.");
        // a: 50% → 54.5%: under five points.
        assertThat(IssueComposer.movement(old, Map.of("a", new Counts(12, 10), "b", new Counts(1, 9)), before)).isEmpty();
        // Nine votes: too few to call, however far it moved.
        assertThat(IssueComposer.movement(old, Map.of("a", new Counts(9, 0), "b", new Counts(1, 0)),
                Map.of("a", new Counts(1, 1)))).isEmpty();
    }

    @Test
    void theMostVotedComparisonIsTheOneWhoseToolsGainedMostSinceThePreviousIssue() {
        var before = Map.of("a", new Counts(10, 10), "c", new Counts(0, 0));
        var now = Map.of("a", new Counts(12, 10), "c", new Counts(2, 3));

        Issue issue = IssueComposer.compose(W48, List.of(old, fresh), now, Optional.of(before), NOW);

        var most = issue.sections().stream().filter(s -> s.kind() == Kind.MOST_VOTED).findFirst().orElseThrow();
        assertThat(most.entries()).singleElement().satisfies(e -> {
            assertThat(e.slug()).isEqualTo("fresh");
            assertThat(e.note()).isEqualTo("5 new community votes this week.");
        });
        assertThat(issue.snapshot()).isEqualTo(now);
    }

    @Test
    void aQuietWeekIsEmpty() {
        var counts = Map.of("a", new Counts(10, 10));

        Issue issue = IssueComposer.compose(W48, List.of(old), counts, Optional.of(counts), NOW);

        assertThat(issue.isEmpty()).isTrue();
        assertThat(issue.sections()).isEmpty();
    }

    @Test
    void composingTwiceFromTheSameInputsGivesTheSameIssue() {
        var before = Map.of("a", new Counts(60, 40), "b", new Counts(50, 50));
        var now = Map.of("a", new Counts(62, 40), "b", new Counts(70, 50), "c", new Counts(1, 0));

        assertThat(IssueComposer.compose(W48, List.of(fresh, old), now, Optional.of(before), NOW))
                .isEqualTo(IssueComposer.compose(W48, List.of(old, fresh), now, Optional.of(before), NOW));
    }

    @Test
    void aMoveCountsFromExactlyTenVotesButNotFromAToolNobodyHadVotedOnAtTheLastIssue() {
        // a: 50% → 60% with exactly ten votes.
        assertThat(IssueComposer.movement(old, Map.of("a", new Counts(6, 4)), Map.of("a", new Counts(1, 1))))
                .contains("A moved from 50% to 60% ship.");
        // a had no votes at the last issue: its first votes are not a move.
        assertThat(IssueComposer.movement(old, Map.of("a", new Counts(8, 2)), Map.of())).isEmpty();
    }

    @Test
    void aToolWithExactlyTenVotesCanLeadAndOneWithNineCannot() {
        assertThat(IssueComposer.leader(old, Map.of("a", new Counts(6, 4), "b", new Counts(5, 5)))).contains("a");
        assertThat(IssueComposer.leader(old, Map.of("a", new Counts(6, 3), "b", new Counts(5, 5)))).isEmpty();
        assertThat(IssueComposer.leader(old, Map.of("a", new Counts(5, 5), "b", new Counts(5, 5)))).isEmpty();
    }

    @Test
    void aComparisonPublishedThisWeekIsNewNotMovedWhateverItsVotesDid() {
        var before = Map.of("c", new Counts(1, 9), "d", new Counts(9, 1));
        var now = Map.of("c", new Counts(19, 1), "d", new Counts(9, 11));

        Issue issue = IssueComposer.compose(W48, List.of(fresh), now, Optional.of(before), NOW);

        assertThat(issue.sections()).extracting(Issue.Section::kind).containsExactly(Kind.PUBLISHED, Kind.MOST_VOTED);
    }

    @Test
    void eachToolsFiguresCarryItsShareAtTheLastIssueAndTheVotesItGainedSince() {
        Issue issue = IssueComposer.compose(W48, List.of(fresh), Map.of("c", new Counts(6, 2)),
                Optional.of(Map.of("c", new Counts(3, 1))), NOW);

        assertThat(issue.sections().getFirst().entries().getFirst().tools()).containsExactly(
                new Issue.ToolFigure("c", "C", 8, 75, 75, 4L), new Issue.ToolFigure("d", "D", 0, null, null, 0L));
    }
}
