package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import dev.verdict.content.Catalogue;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tool;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The home page written in: site/index.html with the first page of comparison cards and the category filters, the
 * markup home.js builds, so a reader without JavaScript, a crawler or a link preview sees the list, and nothing moves
 * when the script takes over (it only pages on and filters through the API).
 */
final class HomePage {

    /** home.js's first page without {@code ?per=}: what the API's first page holds, so the two agree. */
    static final int FIRST_PAGE = 12;
    static final String HEAD_MARK = "<!-- generated: head -->";
    static final String FILTERS_MARK = "<!-- generated: filters -->";
    static final String CARDS_MARK = "<!-- generated: comparisons -->";
    /** The "Load more" button as index.html has it, hidden. */
    static final String MORE_MARK = "class=\"button more\" hidden>";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);

    private final Catalogue catalogue;
    private final String origin;

    HomePage(Catalogue catalogue, String origin) {
        this.catalogue = catalogue;
        this.origin = origin;
    }

    String fill(String template) {
        for (String mark : List.of(HEAD_MARK, FILTERS_MARK, CARDS_MARK, MORE_MARK)) {
            if (!template.contains(mark)) {
                throw new IllegalStateException("index.html lacks its placeholder " + mark);
            }
        }
        List<Comparison> newest = catalogue.comparisons().stream()
                .sorted(Comparator.comparing(Comparison::publishedAt).reversed().thenComparing(Comparison::slug)).toList();
        Map<String, Tool> tools = catalogue.tools().stream().collect(Collectors.toMap(Tool::id, Function.identity()));
        String cards = newest.stream().limit(FIRST_PAGE).map(comparison -> card(comparison, tools))
                .collect(Collectors.joining());
        // Without a cursor (the API signs them) the button cannot page yet; it shows where there is more, so the page
        // does not grow when home.js wires it.
        return template.replace(HEAD_MARK, head())
                .replace(FILTERS_MARK, filters())
                .replace(CARDS_MARK, cards)
                .replace(MORE_MARK, newest.size() > FIRST_PAGE ? "class=\"button more\">" : MORE_MARK);
    }

    private String head() {
        String url = origin + "/";
        return "<link rel=\"canonical\" href=\"" + escape(url) + "\">\n"
                + "  <meta property=\"og:type\" content=\"website\">\n"
                + "  <meta property=\"og:site_name\" content=\"The Verdict\">\n"
                + "  <meta property=\"og:title\" content=\"The Verdict: which AI tool should you ship with?\">\n"
                + "  <meta property=\"og:url\" content=\"" + escape(url) + "\">";
    }

    /** "All" pressed, then every category of the catalogue, in home.js's order. */
    private String filters() {
        StringBuilder out = new StringBuilder(chip("All", true));
        new TreeSet<>(catalogue.comparisons().stream().map(Comparison::category).toList())
                .forEach(category -> out.append(chip(category, false)));
        return out.toString();
    }

    private static String chip(String label, boolean pressed) {
        return "<button type=\"button\" class=\"chip\" aria-pressed=\"" + pressed + "\">" + escape(label) + "</button>";
    }

    private static String toolLink(Tool tool) {
        return "<a href=\"" + escape(ToolPage.path(tool)) + "\">" + escape(tool.name()) + "</a>";
    }

    private static String card(Comparison comparison, Map<String, Tool> tools) {
        StringBuilder out = new StringBuilder("<li class=\"comparison-card\" data-slug=\"").append(escape(comparison.slug()))
                .append("\"><p class=\"eyebrow\">").append(escape(comparison.category())).append(" \u00b7 ")
                .append(DATE.format(comparison.publishedAt())).append("</p><h3><a href=\"")
                .append(escape(ComparisonPage.path(comparison))).append("\">").append(escape(comparison.title()))
                .append("</a></h3>");
        if (comparison.toolIds().size() >= 2) {
            // Each tool's own page, as home.js draws the card.
            out.append("<p class=\"matchup\">").append(toolLink(tools.get(comparison.toolIds().get(0))))
                    .append("<span class=\"vs\" aria-hidden=\"true\">vs</span>")
                    .append(toolLink(tools.get(comparison.toolIds().get(1)))).append("</p>");
        }
        return out.append("<p class=\"card-cta\" aria-hidden=\"true\">Read the verdict \u2192</p></li>\n").toString();
    }
}
