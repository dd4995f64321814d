package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import dev.verdict.content.Catalogue;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tool;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pages issue 14 adds, generated from the catalogue beside the comparison pages: a page per tool
 * ({@code tool/{id}/index.html}, served as /tool/{id}) from site/tool.html, and the leaderboard (/leaderboard) from
 * site/leaderboard.html with a tab per category and the panel's ranking ({@link PanelRanking}) written in. Neither path is the API's: /tools/* and /rankings are.
 */
public final class RankingPages {

    /** The leaderboard's address; its file replaces site/leaderboard.html as published. */
    static final String LEADERBOARD = "/leaderboard";

    private RankingPages() {
    }

    /**
     * @param siteFile the text of a file of site/ by its path (tool.html, leaderboard.html)
     * @param origin the site's public origin, for canonical links
     */
    public static Map<String, byte[]> render(Catalogue catalogue, Function<String, String> siteFile, String origin) {
        String base = origin.replaceAll("/+$", "");
        PageTemplate toolTemplate = new PageTemplate("tool", siteFile.apply("tool.html"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Tool tool : catalogue.tools()) {
            List<Comparison> appears = catalogue.comparisons().stream().filter(c -> c.toolIds().contains(tool.id())).toList();
            ToolPage page = new ToolPage(tool, appears, base);
            String html = toolTemplate.fill("data-tool=\"" + escape(tool.id()) + "\"", page.title(), page.description(),
                    page.head(), page.body());
            files.put(ToolPage.path(tool).substring(1) + "/index.html", html.getBytes(StandardCharsets.UTF_8));
            files.put(ToolPage.imagePath(tool).substring(1), page.image());
        }
        files.put("leaderboard.html", leaderboard(catalogue, siteFile.apply("leaderboard.html"), base).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * The leaderboard: a tab per catalogue category, and the panel's ranking written in (every tool in the list, each
     * category's in a template for the script to show at once on a category's address). The Panel order is the one
     * selected here because it is the one the page holds; leaderboard.js selects the address's order and fills it live.
     */
    static String leaderboard(Catalogue catalogue, String template, String base) {
        PanelRanking ranking = new PanelRanking(catalogue);
        StringBuilder body = new StringBuilder();
        body.append("<div class=\"tab-rows\">\n")
                .append("  <div id=\"categories\" class=\"tabs\" role=\"tablist\" aria-label=\"Category\">\n")
                .append(tab("data-category", "", "All tools", true));
        TreeSet<String> categories = new TreeSet<>(catalogue.tools().stream().map(Tool::category).toList());
        for (String category : categories) {
            body.append(tab("data-category", category, category, false));
        }
        body.append("  </div>\n")
                .append("  <div id=\"orders\" class=\"tabs\" role=\"tablist\" aria-label=\"Ranked by\">\n")
                .append(tab("data-by", "community", "Community", false))
                .append(tab("data-by", "panel", "Panel", true))
                .append(tab("data-by", "trending", "Trending (24 h)", false))
                .append("  </div>\n</div>\n");
        body.append("<section id=\"ranking-panel\" class=\"ranking-panel\" role=\"tabpanel\" aria-labelledby=\"ranking-caption\">\n")
                .append("  <h2 id=\"ranking-caption\" class=\"ranking-caption\">All tools, by the panel's reviews</h2>\n")
                .append("  <ol class=\"ranking\">\n").append(ranking.rows(null)).append("  </ol>\n")
                .append("  <p class=\"ranking-status\" role=\"status\" aria-live=\"polite\"></p>\n")
                .append("  <noscript><p class=\"ranking-note\">This is the panel's ranking, from our reviewers' verdicts. The")
                .append(" community's live ranking, trending and the category tabs need JavaScript; each tool's page reads without it.</p></noscript>\n");
        for (String category : categories) {
            body.append("  <template class=\"ranking-written\" data-category=\"").append(escape(category)).append("\">\n")
                    .append(ranking.rows(category)).append("  </template>\n");
        }
        body.append("</section>\n");
        String title = "The leaderboard: AI tools ranked honestly \u00b7 The Verdict";
        String description = "AI tools ranked by what readers and our panel say, with small numbers held back: each tool is"
                + " placed by the lower end of the range its true share likely lies in.";
        String head = "<link rel=\"canonical\" href=\"" + escape(base + LEADERBOARD) + "\">\n";
        return new PageTemplate("leaderboard", template).fill("", title, description, head, body.toString());
    }

    /** One tab in the ARIA tabs pattern: only the selected one is in the Tab order; arrow keys move between them. */
    private static String tab(String attribute, String value, String label, boolean selected) {
        return "    <button type=\"button\" role=\"tab\" class=\"tab\" " + attribute + "=\"" + escape(value)
                + "\" aria-selected=\"" + selected + "\" aria-controls=\"ranking-panel\" tabindex=\"" + (selected ? "0" : "-1")
                + "\">" + escape(label) + "</button>\n";
    }
}
