package dev.verdict.content.pages;

import dev.verdict.content.Catalogue;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tool;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the site gets from the catalogue at build time: a static page and a preview image per comparison, the
 * sitemap and robots.txt. The pages are site/compare.html with its placeholders filled, so the masthead, the
 * newsletter form and the footer stay written once. Paths are relative to the site's root, without a leading slash.
 */
public final class SitePages {

    /** Where the generated {@code <head>} tags go in compare.html. */
    static final String HEAD_MARK = "<!-- generated: head -->";
    /** compare.html's placeholder: from {@code <div id="comparison"} to this comment. */
    static final String BODY_END_MARK = "<!-- generated: end of comparison -->";
    private static final Pattern TITLE = Pattern.compile("<title>[^<]*</title>");
    private static final Pattern DESCRIPTION = Pattern.compile("<meta name=\"description\" content=\"[^\"]*\">");
    private static final int RELATED = 3;

    private SitePages() {
    }

    /**
     * @param catalogue the catalogue as {@code CatalogueReader} validated it
     * @param compareTemplate site/compare.html
     * @param origin the site's public origin (scheme and host, no trailing slash), for canonical links, previews and the sitemap
     */
    public static Map<String, byte[]> render(Catalogue catalogue, String compareTemplate, String origin) {
        String base = origin.replaceAll("/+$", "");
        Map<String, Tool> tools = new LinkedHashMap<>();
        catalogue.tools().forEach(tool -> tools.put(tool.id(), tool));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Comparison comparison : catalogue.comparisons()) {
            List<Tool> own = comparison.toolIds().stream().map(tools::get).map(Objects::requireNonNull).toList();
            ComparisonPage page = new ComparisonPage(comparison, own, related(catalogue, comparison), base);
            String prefix = ComparisonPage.path(comparison).substring(1);
            files.put(prefix + "/index.html", fill(compareTemplate, page, comparison).getBytes(StandardCharsets.UTF_8));
            files.put(ComparisonPage.imagePath(comparison).substring(1), PreviewImage.png(comparison, own));
        }
        files.put("sitemap.xml", sitemap(catalogue, base).getBytes(StandardCharsets.UTF_8));
        files.put("robots.txt", robots(base).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * The home page with its first page of comparisons written in (site/index.html filled; see {@link HomePage}).
     *
     * @param homeTemplate site/index.html
     */
    public static byte[] home(Catalogue catalogue, String homeTemplate, String origin) {
        return new HomePage(catalogue, origin.replaceAll("/+$", "")).fill(homeTemplate).getBytes(StandardCharsets.UTF_8);
    }

    static String fill(String template, ComparisonPage page, Comparison comparison) {
        int head = template.indexOf(HEAD_MARK);
        int bodyStart = template.indexOf("<div id=\"comparison\"");
        int bodyEnd = template.indexOf(BODY_END_MARK);
        if (head < 0 || bodyStart < 0 || bodyEnd < bodyStart) {
            throw new IllegalStateException("compare.html lacks its placeholders (" + HEAD_MARK + ", <div id=\"comparison\" … "
                    + BODY_END_MARK + ")");
        }
        String html = template.substring(0, bodyStart)
                + "<div id=\"comparison\" data-slug=\"" + Html.escape(comparison.slug()) + "\">\n" + page.body() + "</div>"
                + template.substring(bodyEnd + BODY_END_MARK.length());
        html = html.replace(HEAD_MARK, page.head().stripLeading().stripTrailing());
        html = TITLE.matcher(html).replaceFirst(Matcher.quoteReplacement("<title>" + Html.escape(page.title()) + "</title>"));
        return DESCRIPTION.matcher(html).replaceFirst(Matcher.quoteReplacement(
                "<meta name=\"description\" content=\"" + Html.escape(page.description()) + "\">"));
    }

    /** Up to three others: those sharing a tool first, then the same category, newest first within each. */
    static List<Comparison> related(Catalogue catalogue, Comparison comparison) {
        Comparator<Comparison> closeness = Comparator
                .comparing((Comparison other) -> other.toolIds().stream().noneMatch(comparison.toolIds()::contains))
                .thenComparing(other -> !other.category().equals(comparison.category()))
                .thenComparing(Comparison::publishedAt, Comparator.reverseOrder());
        return catalogue.comparisons().stream().filter(other -> !other.slug().equals(comparison.slug()))
                .sorted(closeness).limit(RELATED).toList();
    }

    static String sitemap(Catalogue catalogue, String base) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        out.append("  <url><loc>").append(Html.escape(base + "/")).append("</loc></url>\n");
        out.append("  <url><loc>").append(Html.escape(base + "/methodology")).append("</loc></url>\n");
        out.append("  <url><loc>").append(Html.escape(base + "/newsletter/archive/")).append("</loc></url>\n");
        for (Comparison comparison : catalogue.comparisons()) {
            out.append("  <url><loc>").append(Html.escape(base + ComparisonPage.path(comparison))).append("</loc><lastmod>")
                    .append(comparison.publishedAt().toString(), 0, 10).append("</lastmod></url>\n");
        }
        out.append("  <url><loc>").append(Html.escape(base + RankingPages.LEADERBOARD)).append("</loc></url>\n");
        for (Tool tool : catalogue.tools()) {
            out.append("  <url><loc>").append(Html.escape(base + ToolPage.path(tool))).append("</loc></url>\n");
        }
        return out.append("</urlset>\n").toString();
    }

    static String robots(String base) {
        // Voter creation and signups are actions, not pages. The read API stays open: the home page is drawn from it,
        // and a crawler that renders scripts needs it to see the list.
        return "User-agent: *\nDisallow: /voters\nDisallow: /subscriptions\nAllow: /\n\nSitemap: " + base + "/sitemap.xml\n";
    }
}
