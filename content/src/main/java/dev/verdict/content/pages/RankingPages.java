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
 * site/leaderboard.html with a tab per category written in. Neither path is the API's: /tools/* and /rankings are.
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

    /** The leaderboard's frame with one category tab per catalogue category; the script fills the rows from /rankings. */
    static String leaderboard(Catalogue catalogue, String template, String base) {
        StringBuilder tabs = new StringBuilder();
        tabs.append(tab("", "All tools", true));
        for (String category : new TreeSet<>(catalogue.tools().stream().map(Tool::category).toList())) {
            tabs.append(tab(category, category, false));
        }
        String title = "The leaderboard: AI tools ranked honestly \u00b7 The Verdict";
        String description = "AI tools ranked by what readers and our panel say, with small numbers held back: each tool is"
                + " placed by the lower end of the range its true share likely lies in.";
        String head = "<link rel=\"canonical\" href=\"" + escape(base + LEADERBOARD) + "\">\n";
        return new PageTemplate("categories", template).fill(
                "class=\"tabs\" role=\"tablist\" aria-label=\"Category\"", title, description, head, tabs.toString());
    }

    /** One tab in the ARIA tabs pattern: only the selected one is in the Tab order; arrow keys move between them. */
    private static String tab(String category, String label, boolean selected) {
        return "  <button type=\"button\" role=\"tab\" class=\"tab\" data-category=\"" + escape(category)
                + "\" aria-selected=\"" + selected + "\" aria-controls=\"ranking-panel\" tabindex=\"" + (selected ? "0" : "-1")
                + "\">" + escape(label) + "</button>\n";
    }
}
