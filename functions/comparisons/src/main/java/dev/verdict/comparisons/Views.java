package dev.verdict.comparisons;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.ComparisonView;
import dev.verdict.core.domain.Page;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.ShipInterval;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.ToolStanding;
import dev.verdict.core.domain.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The JSON shapes of API.md, built from domain records. Field order follows the contract. */
final class Views {

    private Views() {
    }

    record RankingJson(String category, String by, List<RankedJson> items, String updatedAt) {
    }

    /** {@code ship24h} and {@code n24h} only in a trending ranking. */
    record RankedJson(int rank, ToolRef tool, long ship, long skip, long n, Integer shipPercent, double lowerBound,
                      double upperBound, @JsonInclude(JsonInclude.Include.NON_NULL) Long ship24h,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long n24h) {
    }

    static RankingJson ranking(Optional<String> category, Ranking ranking) {
        List<RankedJson> items = new ArrayList<>();
        for (Ranking.Entry entry : ranking.entries()) {
            ShipInterval interval = ShipInterval.of(entry.ranked().ship(), entry.ranked().total());
            // With nothing to go on the interval is all of [0, 1]; the lower bound, which orders, is then 0.
            items.add(new RankedJson(items.size() + 1, new ToolRef(entry.toolId(), entry.name()), entry.counts().ship(),
                    entry.counts().skip(), entry.counts().total(), entry.counts().shipPercent(),
                    ShipInterval.rounded(interval.lower()), ShipInterval.rounded(interval.upper()),
                    entry.day() == null ? null : entry.day().ship(), entry.day() == null ? null : entry.day().total()));
        }
        return new RankingJson(category.orElse(null), ranking.by().wire(), items,
                ranking.updatedAt() == null ? null : ranking.updatedAt().toString());
    }

    record Listing(List<Summary> items, String nextCursor) {
    }

    record Summary(String slug, String title, String category, List<ToolRef> tools, String publishedAt) {
    }

    record ToolRef(String id, String name) {
    }

    record PanelJson(long ship, long skip, Integer shipPercent) {
    }

    record CommunityJson(long ship, long skip, long total, Integer shipPercent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolJson(String id, String name, String vendor, String category, String tagline, String description,
                    Pricing pricing, PanelJson panel, CommunityJson community, List<String> comparisons) {
    }

    record ReviewerJson(String id, String name, String role) {
    }

    record ReviewJson(ReviewerJson reviewer, String toolId, String verdict, String quote) {
    }

    record Split(List<String> ship, List<String> skip) {
    }

    record Leaders(String panelLeader, String communityLeader) {
    }

    record ComparisonJson(String slug, String title, String question, String category, String publishedAt,
                          List<ToolJson> tools, List<ReviewJson> reviews, Map<String, Split> reviewerSplit,
                          Leaders verdict, String updatedAt) {
    }

    static Listing listing(Page<ComparisonSummary> page) {
        return new Listing(page.items().stream().map(s -> new Summary(s.slug(), s.title(), s.category(),
                s.tools().stream().map(t -> new ToolRef(t.id(), t.name())).toList(), s.publishedAt().toString())).toList(),
                page.nextCursor().orElse(null));
    }

    static ComparisonJson comparison(ComparisonView view) {
        var comparison = view.comparison();
        Map<String, Split> split = new LinkedHashMap<>();
        for (String toolId : comparison.toolIds()) {
            List<String> ship = new ArrayList<>();
            List<String> skip = new ArrayList<>();
            for (Review review : comparison.reviews()) {
                if (review.toolId().equals(toolId)) {
                    (review.verdict() == Verdict.SHIP ? ship : skip).add(review.reviewer().id());
                }
            }
            split.put(toolId, new Split(ship, skip));
        }
        return new ComparisonJson(comparison.slug(), comparison.title(), comparison.question(), comparison.category(),
                comparison.publishedAt().toString(),
                view.tools().stream().map(t -> tool(t, false)).toList(),
                comparison.reviews().stream().map(r -> new ReviewJson(
                        new ReviewerJson(r.reviewer().id(), r.reviewer().name(), r.reviewer().role()),
                        r.toolId(), r.verdict().wire(), r.quote())).toList(),
                split,
                new Leaders(leader(view.tools(), ToolStanding::panel), leader(view.tools(), ToolStanding::community)),
                view.updatedAt().toString());
    }

    static ToolJson tool(ToolStanding standing, boolean withComparisons) {
        var tool = standing.tool();
        Tally panel = standing.panel();
        Tally community = standing.community();
        return new ToolJson(tool.id(), tool.name(), tool.vendor(), tool.category(), tool.tagline(), tool.description(),
                tool.pricing(),
                new PanelJson(panel.ship(), panel.skip(), panel.shipPercent()),
                new CommunityJson(community.ship(), community.skip(), community.total(), community.shipPercent()),
                withComparisons ? tool.comparisons() : null);
    }

    /** The tool with the strictly highest ship percentage; null on a tie or when any tool has nothing to divide. */
    static String leader(List<ToolStanding> tools, Function<ToolStanding, Tally> tally) {
        String leader = null;
        int best = -1;
        boolean tie = false;
        for (ToolStanding tool : tools) {
            Integer percent = tally.apply(tool).shipPercent();
            if (percent == null) {
                return null;
            }
            if (percent > best) {
                best = percent;
                leader = tool.tool().id();
                tie = false;
            } else if (percent == best) {
                tie = true;
            }
        }
        return tie ? null : leader;
    }
}
