package dev.verdict.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The panel's verdicts counted per tool. The one place a panel tally is computed from reviews: the page's
 * comparison, the content loader's PANEL items and the recompute's check of them all count the same way.
 */
public final class PanelTallies {

    private PanelTallies() {
    }

    /** Each reviewed tool's tally, in the order the tools first appear; a tool nobody reviewed is absent. */
    public static Map<String, Tally> byTool(Iterable<Review> reviews) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Review review : reviews) {
            tallies.merge(review.toolId(), Tally.EMPTY.plus(review.verdict()), PanelTallies::sum);
        }
        return tallies;
    }

    private static Tally sum(Tally a, Tally b) {
        return new Tally(a.ship() + b.ship(), a.skip() + b.skip());
    }
}
