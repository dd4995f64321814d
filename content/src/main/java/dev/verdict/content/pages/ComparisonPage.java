package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One comparison as static HTML: the page a crawler, a link preview or a reader without JavaScript gets, holding
 * everything the catalogue knows (tools, panel figures, reviews, the split), with room kept for the community figures
 * that compare.js fills from the API. The markup is the one compare.js used to build, so the stylesheet and the
 * script's selectors hold.
 */
final class ComparisonPage {

    /** The community share shows from this many votes on a tool (site/assets/tally.js MIN_VOTES, which says why). */
    static final int MIN_VOTES = 10;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);

    private final Comparison comparison;
    private final List<Tool> tools;
    private final List<Comparison> related;
    private final String origin;

    ComparisonPage(Comparison comparison, List<Tool> tools, List<Comparison> related, String origin) {
        this.comparison = comparison;
        this.tools = List.copyOf(tools);
        this.related = List.copyOf(related);
        this.origin = origin;
    }

    static String path(Comparison comparison) {
        return "/compare/" + comparison.slug();
    }

    static String imagePath(Comparison comparison) {
        return path(comparison) + "/preview.png";
    }

    String title() {
        return comparison.title() + " \u00b7 The Verdict";
    }

    /** One sentence a search result or a preview can show: the question, the tools and where the panel stands. */
    String description() {
        String names = tools.stream().map(Tool::name).collect(Collectors.joining(" or "));
        String leader = panelLeader();
        String stand = leader == null ? "The panel is split."
                : "The panel would ship with " + name(leader) + ": " + tools.stream()
                        .map(t -> name(t.id()) + " " + shares(comparison.panelTally(t.id())))
                        .collect(Collectors.joining(", ")) + ".";
        return comparison.question() + " " + names + ". " + stand + " Read the " + comparison.reviews().size()
                + " reviews and cast your vote.";
    }

    /** The tags that go in {@code <head>}: canonical, Open Graph, Twitter and the JSON-LD. */
    String head() {
        String url = origin + path(comparison);
        String image = origin + imagePath(comparison);
        String alt = comparison.title() + ": each tool with its panel ship share";
        StringBuilder out = new StringBuilder(new SharingTags(url, "article", comparison.title(), description(), image, alt,
                Map.of("article:published_time", comparison.publishedAt().toString())).html());
        out.append("  <script type=\"application/ld+json\">").append(Html.scriptJson(structuredData(url, image)))
                .append("</script>\n");
        return out.toString();
    }


    /** schema.org: the page is an Article about the tools, carrying the panel's reviews. */
    private Map<String, Object> structuredData(String url, String image) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("@context", "https://schema.org");
        data.put("@type", "Article");
        data.put("headline", comparison.title());
        data.put("description", description());
        data.put("url", url);
        data.put("mainEntityOfPage", url);
        data.put("image", image);
        data.put("datePublished", comparison.publishedAt().toString());
        data.put("articleSection", comparison.category());
        data.put("publisher", Map.of("@type", "Organization", "name", "The Verdict", "url", origin + "/"));
        data.put("about", tools.stream().map(this::software).toList());
        data.put("review", comparison.reviews().stream().map(review -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("@type", "Review");
            item.put("author", Map.of("@type", "Person", "name", review.reviewer().name(), "jobTitle", review.reviewer().role()));
            item.put("itemReviewed", Map.of("@type", "SoftwareApplication", "name", name(review.toolId())));
            item.put("reviewAspect", review.verdict() == Verdict.SHIP ? "Would ship with it" : "Would skip it");
            item.put("reviewBody", review.quote());
            return item;
        }).toList());
        return data;
    }

    private Map<String, Object> software(Tool tool) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("@type", "SoftwareApplication");
        item.put("name", tool.name());
        item.put("applicationCategory", tool.category());
        item.put("description", tool.tagline());
        item.put("author", Map.of("@type", "Organization", "name", tool.vendor()));
        return item;
    }

    /** The content of {@code <div id="comparison">}. */
    String body() {
        StringBuilder out = new StringBuilder();
        out.append("<header class=\"comparison-head\">\n")
                .append("  <p class=\"eyebrow\"><a href=\"/?category=").append(escape(query(comparison.category()))).append("\">")
                .append(escape(comparison.category())).append("</a><span> \u00b7 <time datetime=\"")
                .append(escape(comparison.publishedAt().toString())).append("\">")
                .append(DATE.format(comparison.publishedAt())).append("</time></span></p>\n")
                .append("  <h1 class=\"comparison-title\">").append(escape(comparison.title())).append("</h1>\n")
                .append("  <p class=\"question\">").append(escape(comparison.question())).append("</p>\n")
                .append("</header>\n");
        out.append("<section class=\"verdict-line\" aria-label=\"The verdict\">\n")
                .append("  <p class=\"verdict-panel\"><span class=\"verdict-label\">The panel</span>").append(panelLine()).append("</p>\n")
                .append("  <p class=\"verdict-community\"><span class=\"verdict-label\">The community</span>")
                .append("<span>Counting the community's votes\u2026</span></p>\n")
                .append("</section>\n");
        // On a phone the cards stack, each a screen or more tall: these take a reader straight to each tool's vote.
        out.append("<nav class=\"jump\" aria-label=\"Vote on each tool\">\n  <p class=\"jump-title\">Your verdict:</p>\n  <ul>\n");
        for (Tool tool : tools) {
            out.append("    <li><a href=\"#vote-").append(escape(tool.id())).append("\">").append(escape(tool.name())).append("</a></li>\n");
        }
        out.append("  </ul>\n</nav>\n");
        out.append("<section class=\"how-it-works\" aria-labelledby=\"how-title\">\n")
                .append("  <h2 id=\"how-title\" class=\"how-title\">How this verdict works</h2>\n")
                .append("  <p><strong>Panel ship</strong> is the share of a tool's reviewers from our panel who would ship with it;")
                .append(" <strong>Community</strong> is the share of readers' votes, shown once a tool has ").append(MIN_VOTES)
                .append(" votes (before that, the count); <strong>Entry</strong> is the cheapest way in. Each verdict names the")
                .append(" tool with the higher share, and equal shares are a split. <a href=\"/methodology\">More on the method</a></p>\n")
                .append("</section>\n");
        out.append("<div class=\"tools\">\n");
        for (Tool tool : tools) {
            toolCard(out, tool);
        }
        out.append("</div>\n");
        out.append("<section class=\"scorecard\" aria-labelledby=\"scorecard-title\">\n")
                .append("  <h2 id=\"scorecard-title\">The panel's scorecard</h2>\n")
                .append("  <p class=\"section-intro\">").append(comparison.reviews().size())
                .append(" reviewers, one verdict each: ship it or skip it.</p>\n  <ol class=\"reviews\">\n");
        for (Review review : comparison.reviews()) {
            review(out, review);
        }
        out.append("  </ol>\n</section>\n");
        out.append("<section class=\"split\" aria-labelledby=\"split-title\">\n")
                .append("  <h2 id=\"split-title\">How the panel split</h2>\n  <div class=\"split-grid\">\n");
        for (Tool tool : tools) {
            split(out, tool);
        }
        out.append("  </div>\n</section>\n");
        if (!related.isEmpty()) {
            out.append("<section class=\"related\" aria-labelledby=\"related-title\">\n")
                    .append("  <h2 id=\"related-title\">More comparisons</h2>\n  <ul class=\"related-list\">\n");
            for (Comparison other : related) {
                out.append("    <li><a href=\"").append(escape(path(other))).append("\">").append(escape(other.title()))
                        .append("</a> <span class=\"related-category\">").append(escape(other.category())).append("</span></li>\n");
            }
            out.append("  </ul>\n</section>\n");
        }
        return out.toString();
    }

    private String panelLine() {
        String leader = panelLeader();
        if (leader == null) {
            return "<span>is split: neither tool comes out ahead.</span>";
        }
        // Every share beside its tool's name, the pick first: "(Code Llama 4 75% ship, Google Scion 50%)".
        List<Tool> ordered = new ArrayList<>(tools);
        ordered.sort(java.util.Comparator.comparing((Tool t) -> !t.id().equals(leader)));
        List<String> shares = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            shares.add(ordered.get(i).name() + " " + percent(comparison.panelTally(ordered.get(i).id())) + (i == 0 ? " ship" : ""));
        }
        return "<span>ships with <strong>" + escape(name(leader)) + "</strong> (" + escape(String.join(", ", shares)) + ")</span>";
    }

    private void toolCard(StringBuilder out, Tool tool) {
        Tally panel = comparison.panelTally(tool.id());
        boolean leads = tool.id().equals(panelLeader());
        String name = escape(tool.name());
        out.append("<article class=\"tool-card").append(leads ? " is-leader" : "").append("\" data-tool=\"")
                .append(escape(tool.id())).append("\" aria-labelledby=\"tool-").append(escape(tool.id())).append("\">\n")
                .append("  <p class=\"leader-badge\"").append(leads ? "" : " hidden").append(">Panel pick</p>\n")
                .append("  <p class=\"vendor\">").append(escape(tool.vendor())).append("</p>\n")
                .append("  <h2 id=\"tool-").append(escape(tool.id())).append("\" class=\"tool-name\"><a href=\"").append(escape(ToolPage.path(tool))).append("\">").append(name)
                .append("</a></h2>\n")
                .append("  <p class=\"tool-category\">").append(escape(tool.category())).append("</p>\n")
                .append("  <p class=\"tagline\">").append(escape(tool.tagline())).append("</p>\n")
                .append("  <dl class=\"stats\">\n")
                .append("    <div class=\"stat stat-panel\"><dt>Panel ship</dt><dd><span class=\"stat-value\"")
                .append(panel.total() == 0 ? " aria-hidden=\"true\"" : "").append(">").append(percent(panel)).append("</span>").append(Bars.share("panel", panel.shipPercent()))
                .append("<span class=\"stat-note\">")
                .append(panel.total() == 0 ? "No reviews yet" : panel.ship() + " of " + panel.total() + " reviewers")
                .append("</span></dd></div>\n")
                // Filled from the API by compare.js; the same boxes are here already, so nothing moves when it is.
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
        out.append("  <div class=\"vote\" id=\"vote-").append(escape(tool.id())).append("\" role=\"group\" aria-label=\"Your verdict on ")
                .append(name).append("\" tabindex=\"-1\">\n")
                .append("    <p class=\"vote-prompt\">Would you ship with ").append(name).append("?</p>\n")
                .append("    <div class=\"vote-buttons\">").append(voteButton(tool, Verdict.SHIP)).append(voteButton(tool, Verdict.SKIP))
                .append("</div>\n")
                // Named with the tool: two cards, two buttons a screen reader's list must tell apart.
                .append("    <button type=\"button\" class=\"link-button retract\" aria-label=\"Take back my vote on ").append(name)
                .append("\" hidden>Take back my vote</button>\n")
                // Progress is shown, not announced; the status announces once, with the outcome.
                .append("    <p class=\"vote-progress\" aria-hidden=\"true\"></p>\n")
                .append("    <p class=\"vote-status\" role=\"status\" aria-live=\"polite\"></p>\n")
                .append("    <div class=\"next-step\" hidden></div>\n")
                .append("    <noscript><p class=\"vote-status\">Voting needs JavaScript; everything else on this page reads without it.</p></noscript>\n")
                .append("  </div>\n</article>\n");
    }

    private static String voteButton(Tool tool, Verdict verdict) {
        String label = verdict == Verdict.SHIP ? "Ship it" : "Skip it";
        return "<button type=\"button\" class=\"vote-button " + verdict.wire() + "\" data-verdict=\"" + verdict.wire()
                + "\" aria-pressed=\"false\" aria-label=\"" + label + ": " + escape(tool.name()) + "\"><span class=\"vote-icon\" aria-hidden=\"true\">"
                + (verdict == Verdict.SHIP ? "\u2713" : "\u2715") + "</span>" + label + "</button>";
    }

    private void review(StringBuilder out, Review review) {
        String initials = java.util.Arrays.stream(review.reviewer().name().trim().split("\\s+"))
                .map(part -> part.substring(0, part.offsetByCodePoints(0, 1))).limit(2).collect(Collectors.joining());
        String verdict = review.verdict().wire();
        out.append("    <li class=\"review ").append(verdict).append("\">\n")
                .append("      <div class=\"review-head\">\n")
                .append("        <span class=\"avatar\" aria-hidden=\"true\">").append(escape(initials)).append("</span>\n")
                .append("        <div class=\"reviewer\"><p class=\"reviewer-name\">").append(escape(review.reviewer().name()))
                .append("</p><p class=\"reviewer-role\">").append(escape(review.reviewer().role())).append("</p></div>\n")
                .append("        <p class=\"review-verdict\"><span class=\"review-tool\">").append(escape(name(review.toolId())))
                .append("</span><span class=\"badge ").append(verdict).append("\">")
                .append(review.verdict() == Verdict.SHIP ? "Ship" : "Skip").append("</span></p>\n")
                .append("      </div>\n")
                .append("      <blockquote class=\"quote\"><p>").append(escape(review.quote())).append("</p></blockquote>\n")
                .append("    </li>\n");
    }

    private void split(StringBuilder out, Tool tool) {
        List<String> ship = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        for (Review review : comparison.reviews()) {
            if (review.toolId().equals(tool.id())) {
                (review.verdict() == Verdict.SHIP ? ship : skip).add(review.reviewer().name());
            }
        }
        int total = ship.size() + skip.size();
        int shipShare = total == 0 ? 0 : (int) Math.round(100.0 * ship.size() / total);
        out.append("    <div class=\"split-item\">\n")
                .append("      <h3>").append(escape(tool.name())).append("</h3>\n")
                .append("      <p class=\"split-count\">").append(ship.size()).append(" ship \u00b7 ").append(skip.size()).append(" skip</p>\n")
                .append("      <svg class=\"split-bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">")
                .append("<rect class=\"split-ship\" x=\"0\" y=\"0\" height=\"10\" width=\"").append(shipShare).append("\"/>")
                .append("<rect class=\"split-skip\" x=\"").append(shipShare).append("\" y=\"0\" height=\"10\" width=\"")
                .append(total == 0 ? 0 : 100 - shipShare).append("\"/></svg>\n")
                .append("      <dl class=\"split-names\"><dt>Ship</dt><dd>").append(escape(names(ship)))
                .append("</dd><dt>Skip</dt><dd>").append(escape(names(skip))).append("</dd></dl>\n")
                .append("    </div>\n");
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    /** The API's rule (Views.leader): the strictly highest ship share; none on a tie or when a tool has no reviews. */
    String panelLeader() {
        String leader = null;
        int best = -1;
        boolean tie = false;
        for (Tool tool : tools) {
            Integer percent = comparison.panelTally(tool.id()).shipPercent();
            if (percent == null) {
                return null;
            }
            if (percent > best) {
                best = percent;
                leader = tool.id();
                tie = false;
            } else if (percent == best) {
                tie = true;
            }
        }
        return tie ? null : leader;
    }

    private String name(String toolId) {
        return tools.stream().filter(t -> t.id().equals(toolId)).map(Tool::name).findFirst().orElse(toolId);
    }

    private static String percent(Tally tally) {
        return tally.shipPercent() == null ? "\u2014" : tally.shipPercent() + "%";
    }

    private static String shares(Tally tally) {
        return tally.total() == 0 ? "no reviews" : tally.ship() + " of " + tally.total();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
