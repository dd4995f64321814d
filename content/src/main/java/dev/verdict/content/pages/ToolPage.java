package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool as static HTML (/tool/{id}): what the catalogue knows (vendor, pricing, the panel's reviews of it across
 * every comparison, the comparisons themselves), with the Community box and the interval line kept in place for
 * tool.js, which fills them from GET /tools/{id}. Not /tools/{id}: that path is the API's, on the same origin.
 */
final class ToolPage {

    private final Tool tool;
    private final List<Comparison> comparisons;
    private final String origin;

    /** @param comparisons the comparisons the tool appears in */
    ToolPage(Tool tool, List<Comparison> comparisons, String origin) {
        this.tool = tool;
        this.comparisons = List.copyOf(comparisons);
        this.origin = origin;
    }

    static String path(Tool tool) {
        return "/tool/" + tool.id();
    }

    static String imagePath(Tool tool) {
        return path(tool) + "/preview.png";
    }

    /** The link-preview picture ({@link PreviewImage}), drawn from what this page shows. */
    byte[] image() {
        return PreviewImage.png(tool, panel(), comparisons);
    }

    /** The panel's reviews of the tool in every comparison it appears in, as the API's /tools/{id} counts them. */
    Tally panel() {
        long ship = 0;
        long skip = 0;
        for (Comparison comparison : comparisons) {
            Tally tally = comparison.panelTally(tool.id());
            ship += tally.ship();
            skip += tally.skip();
        }
        return new Tally(ship, skip);
    }

    String title() {
        return tool.name() + ": the verdicts \u00b7 The Verdict";
    }

    String description() {
        Tally panel = panel();
        String stand = panel.total() == 0 ? "No panel reviews yet."
                : panel.ship() + " of " + panel.total() + " panel reviewers would ship with it.";
        return tool.name() + " by " + tool.vendor() + ": " + tool.tagline() + " " + stand + " Entry: "
                + tool.pricing().entry() + ". The community's vote and the comparisons it appears in.";
    }

    String head() {
        String url = origin + path(tool);
        String image = origin + imagePath(tool);
        String alt = tool.name() + ": its panel ship share overall and in each comparison";
        StringBuilder out = new StringBuilder(new SharingTags(url, "website", tool.name(), description(), image, alt,
                Map.of()).html());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("@context", "https://schema.org");
        data.put("@type", "SoftwareApplication");
        data.put("name", tool.name());
        data.put("url", url);
        data.put("image", image);
        data.put("applicationCategory", tool.category());
        data.put("description", tool.description());
        data.put("author", Map.of("@type", "Organization", "name", tool.vendor()));
        out.append("  <script type=\"application/ld+json\">").append(Html.scriptJson(data)).append("</script>\n");
        return out.toString();
    }


    /** The content of {@code <div id="tool">}. */
    String body() {
        Tally panel = panel();
        String name = escape(tool.name());
        StringBuilder out = new StringBuilder();
        out.append("<header class=\"comparison-head\">\n")
                .append("  <p class=\"eyebrow\"><a href=\"/leaderboard?category=").append(escape(query(tool.category()))).append("\">")
                .append(escape(tool.category())).append("</a><span> \u00b7 ranked on the leaderboard</span></p>\n")
                .append("  <h1 class=\"comparison-title tool-name\">").append(name).append("</h1>\n")
                .append("  <p class=\"vendor\">").append(escape(tool.vendor())).append("</p>\n")
                .append("  <p class=\"question\">").append(escape(tool.tagline())).append("</p>\n")
                .append("</header>\n");
        out.append("<section class=\"tool-card tool-summary\" aria-labelledby=\"verdicts-title\">\n")
                .append("  <h2 id=\"verdicts-title\">The verdicts on ").append(name).append("</h2>\n")
                .append("  <dl class=\"stats\">\n")
                .append("    <div class=\"stat stat-panel\"><dt>Panel ship</dt><dd><span class=\"stat-value\"")
                .append(panel.total() == 0 ? " aria-hidden=\"true\">\u2014" : ">" + panel.shipPercent() + "%").append("</span>")
                .append(Bars.share("panel", panel.shipPercent()))
                .append("<span class=\"stat-note\">")
                .append(panel.total() == 0 ? "No reviews yet" : panel.ship() + " of " + panel.total() + " reviewers")
                .append("</span></dd></div>\n")
                .append("    <div class=\"stat stat-community\"><dt>Community</dt><dd><span class=\"stat-value\" aria-hidden=\"true\">\u2014</span>")
                .append(Bars.share("community", null)).append("<span class=\"stat-note\">Counting votes\u2026</span></dd></div>\n")
                .append("    <div class=\"stat stat-entry\"><dt>Entry</dt><dd><span class=\"stat-value\">")
                .append(escape(tool.pricing().entry())).append("</span><span class=\"stat-note\">")
                .append(escape(tool.pricing().model())).append("</span></dd></div>\n")
                .append("  </dl>\n")
                .append(Bars.INTERVAL_LINE)
                .append("  <p class=\"description\">").append(escape(tool.description())).append("</p>\n");
        if (!tool.pricing().notes().isBlank()) {
            out.append("  <p class=\"pricing-notes\"><strong>Pricing: </strong>").append(escape(tool.pricing().notes())).append("</p>\n");
        }
        out.append("</section>\n");
        out.append("<section class=\"related\" aria-labelledby=\"appears-title\">\n")
                .append("  <h2 id=\"appears-title\">Compared in</h2>\n  <ul class=\"related-list\">\n");
        for (Comparison comparison : comparisons) {
            Tally own = comparison.panelTally(tool.id());
            out.append("    <li><a href=\"").append(escape(ComparisonPage.path(comparison))).append("\">")
                    .append(escape(comparison.title())).append("</a> <span class=\"related-category\">")
                    .append(own.total() == 0 ? "no panel reviews" : "panel: " + own.ship() + " of " + own.total() + " would ship")
                    .append("</span></li>\n");
        }
        out.append("  </ul>\n")
                .append("  <p><a href=\"/leaderboard?category=").append(escape(query(tool.category()))).append("\">How ")
                .append(escape(tool.category())).append(" tools rank</a> \u00b7 <a href=\"/methodology\">How the verdicts work</a></p>\n")
                .append("</section>\n");
        return out.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
