package dev.verdict.newsletter;

import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.Counts;
import dev.verdict.newsletter.Issue.Entry;
import dev.verdict.newsletter.Issue.Kind;
import dev.verdict.newsletter.Issue.Section;
import dev.verdict.newsletter.Issue.ToolFigure;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a week's issue says, from the catalogue and the community counts now and at the previous issue. Pure:
 * the same inputs give the same issue, so a test states the rules and the handler only gathers the inputs.
 *
 * <ul>
 *   <li>Published: comparisons whose publishedAt falls in the week.</li>
 *   <li>Moved: comparisons whose community leader changed since the previous issue, or where a tool with at least
 *       {@value #MIN_VOTES} votes moved its ship share by {@value #MIN_MOVE_POINTS} points or more.</li>
 *   <li>Most voted: the comparison whose tools gained the most votes since the previous issue.</li>
 * </ul>
 * Community counts are kept per tool, not per comparison, so a tool in two comparisons counts in both; the first
 * issue (no previous one) has no baseline and so only its published section.
 */
public final class IssueComposer {

    static final int MIN_VOTES = 10;
    static final double MIN_MOVE_POINTS = 5.0;

    private IssueComposer() {
    }

    public static Issue compose(IssueWeek week, List<ComparisonSummary> catalogue, Map<String, Counts> community,
                                Optional<Map<String, Counts>> baseline, Instant now) {
        List<ComparisonSummary> ordered = catalogue.stream()
                .sorted(Comparator.comparing(ComparisonSummary::publishedAt).thenComparing(ComparisonSummary::slug)).toList();
        List<Entry> published = ordered.stream().filter(c -> week.contains(c.publishedAt()))
                .map(c -> entry(c, "New this week.", community, baseline)).toList();
        List<Entry> moved = baseline.isEmpty() ? List.of() : ordered.stream()
                .filter(c -> c.publishedAt().isBefore(week.start()))
                .flatMap(c -> movement(c, community, baseline.get()).map(note -> entry(c, note, community, baseline)).stream())
                .toList();
        List<Entry> mostVoted = baseline.isEmpty() ? List.of() : ordered.stream()
                .filter(c -> votesGained(c, community, baseline.get()) > 0)
                .max(Comparator.comparingLong((ComparisonSummary c) -> votesGained(c, community, baseline.get()))
                        // Ties go to the earlier-published comparison, so the choice does not depend on order.
                        .thenComparing(ComparisonSummary::publishedAt, Comparator.reverseOrder())
                        .thenComparing(ComparisonSummary::slug, Comparator.reverseOrder()))
                .map(c -> entry(c, votesGained(c, community, baseline.get()) + " new community votes this week.", community, baseline))
                .stream().toList();
        List<Section> sections = List.of(
                new Section(Kind.PUBLISHED, "New comparisons", published),
                new Section(Kind.MOVED, "Where the community verdict moved", moved),
                new Section(Kind.MOST_VOTED, "Most voted this week", mostVoted));
        return new Issue(week.id(), Issue.LIST_NAME + ": " + week.id(), week.start(), week.end(), now,
                sections.stream().filter(s -> !s.entries().isEmpty()).toList(), community);
    }

    /** Why a comparison's community verdict counts as moved, or empty. */
    static Optional<String> movement(ComparisonSummary c, Map<String, Counts> now, Map<String, Counts> before) {
        Optional<String> leaderNow = leader(c, now);
        Optional<String> leaderBefore = leader(c, before);
        if (leaderNow.isPresent() && leaderBefore.isPresent() && !leaderNow.equals(leaderBefore)) {
            return Optional.of("New community leader: " + name(c, leaderNow.get()) + " (was " + name(c, leaderBefore.get()) + ").");
        }
        for (var tool : c.tools()) {
            Counts n = now.getOrDefault(tool.id(), Counts.ZERO);
            Counts b = before.getOrDefault(tool.id(), Counts.ZERO);
            if (total(n) >= MIN_VOTES && total(b) > 0 && Math.abs(share(n) - share(b)) >= MIN_MOVE_POINTS) {
                return Optional.of(tool.name() + " moved from " + Math.round(share(b)) + "% to " + Math.round(share(n))
                        + "% ship.");
            }
        }
        return Optional.empty();
    }

    /** The one tool with the highest ship share among those with enough votes; empty on a tie or too few votes. */
    static Optional<String> leader(ComparisonSummary c, Map<String, Counts> counts) {
        var voted = c.tools().stream().filter(t -> total(counts.getOrDefault(t.id(), Counts.ZERO)) >= MIN_VOTES).toList();
        if (voted.size() < 2) {
            return Optional.empty();
        }
        double best = voted.stream().mapToDouble(t -> share(counts.get(t.id()))).max().orElseThrow();
        var leaders = voted.stream().filter(t -> share(counts.get(t.id())) == best).toList();
        return leaders.size() == 1 ? Optional.of(leaders.getFirst().id()) : Optional.empty();
    }

    static long votesGained(ComparisonSummary c, Map<String, Counts> now, Map<String, Counts> before) {
        return c.tools().stream().mapToLong(t -> Math.max(0,
                total(now.getOrDefault(t.id(), Counts.ZERO)) - total(before.getOrDefault(t.id(), Counts.ZERO)))).sum();
    }

    private static Entry entry(ComparisonSummary c, String note, Map<String, Counts> now,
                               Optional<Map<String, Counts>> baseline) {
        List<ToolFigure> tools = c.tools().stream().map(t -> {
            Counts n = now.getOrDefault(t.id(), Counts.ZERO);
            Optional<Counts> b = baseline.map(m -> m.getOrDefault(t.id(), Counts.ZERO));
            return new ToolFigure(t.id(), t.name(), total(n), percent(n),
                    b.map(IssueComposer::percent).orElse(null), b.map(x -> Math.max(0, total(n) - total(x))).orElse(null));
        }).toList();
        return new Entry(c.slug(), c.title(), "/compare/" + c.slug(), note, tools);
    }

    private static String name(ComparisonSummary c, String toolId) {
        return c.tools().stream().filter(t -> t.id().equals(toolId)).findFirst().map(ComparisonSummary.ToolRef::name).orElse(toolId);
    }

    private static long total(Counts counts) {
        return Math.max(0, counts.ship()) + Math.max(0, counts.skip());
    }

    private static double share(Counts counts) {
        long total = total(counts);
        return total == 0 ? 0 : 100.0 * Math.max(0, counts.ship()) / total;
    }

    private static Integer percent(Counts counts) {
        return total(counts) == 0 ? null : (int) Math.round(share(counts));
    }
}
