package dev.verdict.content.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.content.Catalogue;
import dev.verdict.content.CatalogueReader;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Reviewer;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool pages and the leaderboard as generated from the catalogue, and catalogue text kept as text on them. */
class RankingPagesTest {

    private static final String ORIGIN = "https://verdicts.example";
    /** What the issue plants: it could close a script block, open a tag, start an entity or end an attribute. */
    private static final String HOSTILE = "</script><b>&\"'";

    @TempDir
    Path dir;

    @Test
    void everyToolGetsAPageWithItsPricingPanelVerdictAndComparisons() throws IOException {
        Catalogue catalogue = CatalogueReader.fromClasspath();
        Map<String, byte[]> files = render(catalogue);

        for (var tool : catalogue.tools()) {
            assertThat(files).containsKey("tool/" + tool.id() + "/index.html");
        }
        Document page = page(files, "code-llama-4");
        assertThat(page.title()).isEqualTo("Code Llama 4: the verdicts · The Verdict");
        assertThat(page.selectFirst("#tool").attr("data-tool")).isEqualTo("code-llama-4");
        assertThat(page.selectFirst("h1").text()).isEqualTo("Code Llama 4");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(ORIGIN + "/tool/code-llama-4");
        assertThat(page.select(".stat-panel .stat-value").text()).isEqualTo("75%");
        assertThat(page.select(".stat-panel .stat-note").text()).isEqualTo("3 of 4 reviewers");
        assertThat(page.select(".stat-entry .stat-value").text()).isEqualTo("Free");
        // The live part has its boxes already: the script only fills them.
        assertThat(page.select(".stat-community .stat-value")).hasSize(1);
        assertThat(page.select(".stat-community .bar-range")).hasSize(1);
        assertThat(page.select(".community-interval")).hasSize(1);
        assertThat(page.select(".related-list a").eachAttr("href")).contains("/compare/google-scion-vs-code-llama-4");
        assertThat(page.select(".related-list li").first().text()).contains("panel: 3 of 4 would ship");
        assertThat(page.select("script[type=module]").attr("src")).isEqualTo("/assets/tool.js");
        JsonNode data = Json.mapper().readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertThat(data.path("@type").asText()).isEqualTo("SoftwareApplication");

        // The comparison page names each tool with a link to its page, and keeps a line for the interval.
        Document comparison = Jsoup.parse(new String(SitePages.render(catalogue, site("compare.html"), ORIGIN)
                .get("compare/google-scion-vs-code-llama-4/index.html"), StandardCharsets.UTF_8));
        assertThat(comparison.select(".tool-card .tool-name a").eachAttr("href")).containsExactly("/tool/google-scion", "/tool/code-llama-4");
        assertThat(comparison.select(".tool-card .community-interval")).hasSize(2);

        String sitemap = new String(SitePages.sitemap(catalogue, ORIGIN).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(sitemap).contains("<loc>" + ORIGIN + "/leaderboard</loc>");
        for (var tool : catalogue.tools()) {
            assertThat(sitemap).contains("<loc>" + ORIGIN + "/tool/" + tool.id() + "</loc>");
        }
    }

    @Test
    void everyToolPageHasALargePreviewImageDrawnAtBuildTimeWithItsTagsAndAlt() throws IOException {
        Catalogue catalogue = CatalogueReader.fromClasspath();
        Map<String, byte[]> files = render(catalogue);

        for (var tool : catalogue.tools()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(files.get("tool/" + tool.id() + "/preview.png")));
            assertThat(image).as(tool.id()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1200);
            assertThat(image.getHeight()).isEqualTo(630);
        }
        Document page = page(files, "code-llama-4");
        String image = ORIGIN + "/tool/code-llama-4/preview.png";
        assertThat(page.selectFirst("meta[property=og:image]").attr("content")).isEqualTo(image);
        assertThat(page.selectFirst("meta[property=og:image:type]").attr("content")).isEqualTo("image/png");
        assertThat(page.selectFirst("meta[property=og:image:width]").attr("content")).isEqualTo("1200");
        assertThat(page.selectFirst("meta[property=og:image:height]").attr("content")).isEqualTo("630");
        assertThat(page.selectFirst("meta[property=og:image:alt]").attr("content")).startsWith("Code Llama 4: ");
        assertThat(page.selectFirst("meta[name=twitter:card]").attr("content")).isEqualTo("summary_large_image");
        assertThat(page.selectFirst("meta[name=twitter:image]").attr("content")).isEqualTo(image);
        assertThat(page.selectFirst("meta[name=twitter:image:alt]").attr("content"))
                .isEqualTo(page.selectFirst("meta[property=og:image:alt]").attr("content"));
        JsonNode data = Json.mapper().readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertThat(data.path("image").asText()).isEqualTo(image);
    }

    @Test
    void theLeaderboardHasATabPerCategoryWithOnlyTheSelectedOneInTheTabOrder() {
        Catalogue catalogue = CatalogueReader.fromClasspath();
        Document page = Jsoup.parse(new String(render(catalogue).get("leaderboard.html"), StandardCharsets.UTF_8));

        List<String> expected = new java.util.ArrayList<>(List.of("All tools"));
        catalogue.tools().stream().map(t -> t.category()).distinct().sorted().forEach(expected::add);
        assertThat(page.select("#categories [role=tab]").eachText()).isEqualTo(expected);
        assertThat(page.selectFirst("#categories").attr("role")).isEqualTo("tablist");
        assertThat(page.select("#categories [role=tab][tabindex=0]").eachText()).containsExactly("All tools");
        assertThat(page.select("#orders [role=tab]").eachAttr("data-by")).containsExactly("community", "panel", "trending");
        assertThat(page.select("[role=tab]").eachAttr("aria-controls")).containsOnly("ranking-panel");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(ORIGIN + "/leaderboard");
    }

    @Test
    void theLeaderboardHoldsThePanelRankingOfEveryCategoryOrderedByTheWilsonLowerBoundThenNThenName() {
        // Made to tie. Alpha and Bravo: the same bound and n, so the name decides. Zulu, Yankee and Echo: nobody said
        // ship, so each bound is 0, and n decides (2, 1, 0) against the names' order. Foxtrot: 1 of 1, a perfect share
        // on one review, placed by its bound (0.21) below 3 of 4 (0.30).
        List<Tool> tools = List.of(tool("e", "Echo", "Cat One"), tool("b", "Bravo", "Cat One"), tool("y", "Yankee", "Cat Two"),
                tool("f", "Foxtrot", "Cat Two"), tool("a", "Alpha", "Cat One"), tool("z", "Zulu", "Cat Two"));
        List<Review> reviews = new ArrayList<>();
        reviews.addAll(reviews("b", 3, 1));
        reviews.addAll(reviews("a", 3, 1));
        reviews.addAll(reviews("y", 0, 1));
        reviews.addAll(reviews("z", 0, 2));
        reviews.addAll(reviews("f", 1, 0));
        Comparison comparison = new Comparison("all", "All", "Which?", "Cat One", Instant.parse("2026-01-01T00:00:00Z"),
                List.of("a", "b", "e", "f", "y", "z"), reviews);
        Catalogue catalogue = new Catalogue(tools, List.of(comparison));

        Document page = Jsoup.parse(RankingPages.leaderboard(catalogue, site("leaderboard.html"), ORIGIN));
        assertThat(page.select("ol.ranking .rank-row").eachAttr("data-tool")).containsExactly("a", "b", "f", "z", "y", "e");
        assertThat(page.select("ol.ranking .rank").eachText()).containsExactly("Rank 1", "Rank 2", "Rank 3", "Rank 4", "Rank 5", "Rank 6");
        Element first = page.selectFirst("ol.ranking .rank-row");
        assertThat(first.selectFirst(".rank-tool").attr("href")).isEqualTo("/tool/a");
        assertThat(first.selectFirst(".rank-share").text()).isEqualTo("75% ship");
        assertThat(first.selectFirst(".rank-n").text()).isEqualTo("4 reviews");
        // 3 of 4: the Wilson interval is 0.3006..0.9544, written as the script writes the API's bounds.
        assertThat(first.selectFirst(".rank-interval").text()).isEqualTo("likely 30% to 95%");
        assertThat(first.selectFirst(".interval-band").attr("x")).isEqualTo("30");
        assertThat(first.selectFirst(".interval-band").attr("width")).isEqualTo("65");
        assertThat(first.selectFirst(".interval-share").attr("x")).isEqualTo("75");
        Element last = page.select("ol.ranking .rank-row").last();
        assertThat(last.selectFirst(".rank-n").text()).isEqualTo("0 reviews");
        assertThat(last.selectFirst(".rank-interval").text()).isEqualTo("no reviews yet");
        assertThat(last.select("rect")).isEmpty();

        // Each category's own list, numbered from 1, for the script to show on that category's address.
        assertThat(page.select("template.ranking-written").eachAttr("data-category")).containsExactly("Cat One", "Cat Two");
        Element two = page.selectFirst("template.ranking-written[data-category=Cat Two]");
        assertThat(two.select(".rank-row").eachAttr("data-tool")).containsExactly("f", "z", "y");
        assertThat(two.select(".rank").eachText()).containsExactly("Rank 1", "Rank 2", "Rank 3");
        assertThat(two.selectFirst(".rank-n").text()).isEqualTo("1 review");

        // What the page says it shows: the Panel order is the selected one, and the caption says so.
        assertThat(page.select("#orders [aria-selected=true]").eachAttr("data-by")).containsExactly("panel");
        assertThat(page.selectFirst("#ranking-caption").text()).isEqualTo("All tools, by the panel's reviews");
        assertThat(page.selectFirst(".ranking-status").text()).isEmpty();
        assertThat(page.select("p.loading")).isEmpty();
    }

    @Test
    void theCatalogueLeaderboardListsEveryToolWithLowerBoundsThatNeverRise() {
        Catalogue catalogue = CatalogueReader.fromClasspath();
        Document page = Jsoup.parse(new String(render(catalogue).get("leaderboard.html"), StandardCharsets.UTF_8));
        List<Element> rows = page.select("ol.ranking .rank-row");
        assertThat(rows).hasSize(catalogue.tools().size());
        List<Integer> lowers = rows.stream().map(row -> row.selectFirst(".interval-band"))
                .map(band -> band == null ? 0 : Integer.parseInt(band.attr("x"))).toList();
        assertThat(lowers).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void aHostileToolNameRendersAsTextOnItsPageAndTheLeaderboard() throws IOException {
        for (String file : List.of("tools.json", "reviewers.json", "comparisons.json")) {
            try (InputStream in = getClass().getResourceAsStream("/catalogue/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        ArrayNode tools = (ArrayNode) Json.mapper().readTree(Files.readString(dir.resolve("tools.json")));
        ObjectNode tool = (ObjectNode) tools.get(0); // google-scion
        for (String field : List.of("name", "vendor", "category", "tagline", "description")) {
            tool.put(field, HOSTILE);
        }
        ((ObjectNode) tool.get("pricing")).put("entry", HOSTILE).put("model", HOSTILE).put("notes", HOSTILE);
        Files.writeString(dir.resolve("tools.json"), Json.mapper().writeValueAsString(tools));

        Map<String, byte[]> files = render(CatalogueReader.fromDirectory(dir));
        String html = new String(files.get("tool/google-scion/index.html"), StandardCharsets.UTF_8);
        // The picture draws the same text without complaint, and its alt stays text.
        assertThat(ImageIO.read(new ByteArrayInputStream(files.get("tool/google-scion/preview.png")))).isNotNull();
        Document page = Jsoup.parse(html);

        // Nothing planted became markup: the only scripts are the generator's JSON-LD and the template's module.
        assertThat(page.select("b")).isEmpty();
        assertThat(page.select("script")).extracting(e -> e.attr("type")).containsExactly("application/ld+json", "module");
        assertThat(html).doesNotContain(HOSTILE).doesNotContain("<b>");
        assertThat(page.title()).isEqualTo(HOSTILE + ": the verdicts · The Verdict");
        assertThat(page.selectFirst("h1").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".vendor").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".question").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".stat-entry .stat-value").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".stat-entry .stat-note").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".pricing-notes").wholeText()).isEqualTo("Pricing: " + HOSTILE);
        assertThat(page.selectFirst("#verdicts-title").wholeText()).isEqualTo("The verdicts on " + HOSTILE);
        assertThat(page.selectFirst("meta[property=og:title]").attr("content")).isEqualTo(HOSTILE);
        assertThat(page.selectFirst("meta[property=og:image:alt]").attr("content")).startsWith(HOSTILE + ": ");
        assertThat(page.selectFirst("meta[name=description]").attr("content")).startsWith(HOSTILE + " by " + HOSTILE);
        assertThat(page.selectFirst(".eyebrow a").attr("href")).startsWith("/leaderboard?category=").doesNotContain("<", "\"", "'");
        JsonNode data = Json.mapper().readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertThat(data.path("name").asText()).isEqualTo(HOSTILE);
        assertThat(data.path("author").path("name").asText()).isEqualTo(HOSTILE);

        // The category is a tab on the leaderboard: text in the button, whole in its data attribute.
        Document leaderboard = Jsoup.parse(new String(files.get("leaderboard.html"), StandardCharsets.UTF_8));
        assertThat(leaderboard.select("b")).isEmpty();
        Element tab = leaderboard.select("#categories [role=tab]").stream().filter(e -> e.wholeText().equals(HOSTILE))
                .findFirst().orElseThrow();
        assertThat(tab.attr("data-category")).isEqualTo(HOSTILE);
    }

    private static Tool tool(String id, String name, String category) {
        return new Tool(id, name, "Vendor", category, "Tagline.", "Description.", new Pricing("Free", "Open", ""), List.of("all"));
    }

    private static List<Review> reviews(String toolId, int ship, int skip) {
        List<Review> out = new ArrayList<>();
        for (int i = 0; i < ship + skip; i++) {
            out.add(new Review(new Reviewer(toolId + i, "Reviewer " + i, "Role"), toolId, i < ship ? Verdict.SHIP : Verdict.SKIP, "Quote."));
        }
        return out;
    }

    private static Map<String, byte[]> render(Catalogue catalogue) {
        return RankingPages.render(catalogue, RankingPagesTest::site, ORIGIN + "/");
    }

    private static String site(String name) {
        try {
            return SiteFiles.read(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document page(Map<String, byte[]> files, String id) {
        return Jsoup.parse(new String(files.get("tool/" + id + "/index.html"), StandardCharsets.UTF_8));
    }
}
