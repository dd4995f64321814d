package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import dev.verdict.content.Catalogue;
import dev.verdict.core.domain.PanelTallies;
import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.ShipInterval;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The panel's ranking as the catalogue already settles it, written into the leaderboard so a reader or crawler without
 * JavaScript sees a real list, and so the page has its rows before leaderboard.js replaces them with live figures.
 * The order is the API's own ({@link RankKey}: the Wilson lower bound of the ship share, then n, then the name), and
 * each row is the markup leaderboard.js draws, so a live row takes a written one's place without moving anything.
 */
final class PanelRanking {

    /** A tool with its panel tally over every comparison, as the content loader counts it for the PANEL item. */
    record Placed(Tool tool, Tally panel) {
    }

    private final List<Placed> order;

    PanelRanking(Catalogue catalogue) {
        Map<String, Tally> tallies = PanelTallies.byTool(catalogue.comparisons().stream()
                .flatMap(comparison -> comparison.reviews().stream()).toList());
        this.order = catalogue.tools().stream()
                .map(tool -> new Placed(tool, tallies.getOrDefault(tool.id(), Tally.EMPTY)))
                .sorted(Comparator.comparing((Placed p) -> RankKey.of(p.panel(), p.tool().name(), p.tool().id())))
                .toList();
    }

    /** The tools of a category (every tool for {@code null}) in ranking order. */
    List<Placed> of(String category) {
        return order.stream().filter(p -> category == null || p.tool().category().equals(category)).toList();
    }

    /** The {@code <li>} rows of a category's ranking, numbered from 1. */
    String rows(String category) {
        StringBuilder out = new StringBuilder();
        int rank = 0;
        for (Placed placed : of(category)) {
            row(out, ++rank, placed);
        }
        return out.toString();
    }

    /** One row as leaderboard.js's row() draws it for the panel order: rank, name, share, count, interval. */
    private static void row(StringBuilder out, int rank, Placed placed) {
        Tally panel = placed.panel();
        long n = panel.total();
        Integer share = panel.shipPercent();
        out.append("      <li class=\"rank-row\" data-tool=\"").append(escape(placed.tool().id())).append("\">")
                .append("<span class=\"rank\"><span class=\"visually-hidden\">Rank </span>").append(rank).append("</span>")
                .append("<a class=\"rank-tool\" href=\"").append(escape(ToolPage.path(placed.tool()))).append("\">")
                .append(escape(placed.tool().name())).append("</a>")
                .append("<span class=\"rank-share\">")
                .append(share == null ? "<span aria-hidden=\"true\">\u2014</span>" : share + "% ship").append("</span>")
                .append("<span class=\"rank-n\">").append(n).append(n == 1 ? " review" : " reviews").append("</span>")
                .append("<svg class=\"interval-bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">");
        String words = "no reviews yet";
        if (n > 0) {
            // As the API writes the bounds (4 decimals) and the script rounds them to whole percents.
            ShipInterval interval = ShipInterval.of(panel.ship(), n);
            long lower = Math.round(ShipInterval.rounded(interval.lower()) * 100);
            long upper = Math.round(ShipInterval.rounded(interval.upper()) * 100);
            out.append(rect("interval-band", lower, Math.max(1, upper - lower))).append(rect("interval-share", Math.min(99, share), 1));
            words = "likely " + lower + "% to " + upper + "%";
        }
        out.append("</svg><span class=\"rank-interval\">").append(words).append("</span></li>\n");
    }

    private static String rect(String kind, long x, long width) {
        return "<rect class=\"" + kind + "\" x=\"" + x + "\" y=\"0\" width=\"" + width + "\" height=\"10\"></rect>";
    }
}
