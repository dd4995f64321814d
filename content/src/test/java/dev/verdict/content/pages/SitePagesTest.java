package dev.verdict.content.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.content.Catalogue;
import dev.verdict.content.CatalogueReader;
import dev.verdict.core.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated pages: whole content, the tags previews and crawlers read, and catalogue text kept as text. */
class SitePagesTest {

    private static final String ORIGIN = "https://verdicts.example";
    private static final String SLUG = "google-scion-vs-code-llama-4";
    /** Special in HTML text, in attributes, and in a script block (JSON-LD). */
    private static final String HOSTILE = "Say \"hi\" <b>& 'bye'</b> </script><script>alert(1)</script> <!--";

    @TempDir
    Path dir;

    @Test
    void everyComparisonGetsAPageWithItsContentTagsAndPreviewAndTheSitemapListsThem() throws IOException {
        Catalogue catalogue = CatalogueReader.fromClasspath();
        Map<String, byte[]> files = SitePages.render(catalogue, template(), ORIGIN + "/");

        for (var comparison : catalogue.comparisons()) {
            assertThat(files).containsKey("compare/" + comparison.slug() + "/index.html")
                    .containsKey("compare/" + comparison.slug() + "/preview.png");
        }
        Document page = page(files, SLUG);
        assertThat(page.title()).isEqualTo("Google Scion vs Code Llama 4 · The Verdict");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(ORIGIN + "/compare/" + SLUG);
        assertThat(meta(page, "property", "og:image")).isEqualTo(ORIGIN + "/compare/" + SLUG + "/preview.png");
        assertThat(meta(page, "property", "og:title")).isEqualTo("Google Scion vs Code Llama 4");
        assertThat(meta(page, "name", "twitter:card")).isEqualTo("summary_large_image");
        assertThat(meta(page, "name", "description")).contains("Google Scion", "Code Llama 4", "3 of 4");
        assertThat(page.select(".tool-card[data-tool=google-scion] .stat-panel .stat-value").text()).isEqualTo("50%");
        assertThat(page.select(".tool-card[data-tool=code-llama-4] .stat-panel .stat-value").text()).isEqualTo("75%");
        assertThat(page.select(".tool-card[data-tool=code-llama-4]").hasClass("is-leader")).isTrue();
        assertThat(page.select(".verdict-panel").text()).contains("ships with Code Llama 4 (Code Llama 4 75% ship, Google Scion 50%)");
        assertThat(page.select(".how-it-works a[href=/methodology]")).hasSize(1);
        assertThat(page.select(".reviews .reviewer-name").eachText()).hasSize(8).contains("Priya Raman", "Tomás Ferreira");
        assertThat(page.select(".split-count").eachText()).containsExactly("2 ship · 2 skip", "3 ship · 1 skip");
        assertThat(page.select(".related-list a").eachAttr("href")).isNotEmpty().doesNotContain("/compare/" + SLUG);
        JsonNode data = Json.mapper().readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertThat(data.path("@type").asText()).isEqualTo("Article");
        assertThat(data.path("review")).hasSize(8);
        // The page's script fills the community figures into boxes that are already there.
        assertThat(page.select(".stat-community .stat-value")).hasSize(2);

        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(files.get("compare/" + SLUG + "/preview.png")));
        assertThat(preview.getWidth()).isEqualTo(1200);
        assertThat(preview.getHeight()).isEqualTo(630);

        String sitemap = new String(files.get("sitemap.xml"), StandardCharsets.UTF_8);
        for (var comparison : catalogue.comparisons()) {
            assertThat(sitemap).contains("<loc>" + ORIGIN + "/compare/" + comparison.slug() + "</loc>");
        }
        assertThat(new String(files.get("robots.txt"), StandardCharsets.UTF_8)).contains("Sitemap: " + ORIGIN + "/sitemap.xml");
    }

    @Test
    void catalogueTextSpecialInHtmlAttributesOrJsonLdRendersAsTextEverywhere() throws IOException {
        copyShippedCatalogue();
        edit("comparisons.json", root -> {
            ObjectNode comparison = (ObjectNode) root.get(0);
            comparison.put("title", HOSTILE);
            comparison.put("question", HOSTILE);
            comparison.put("category", HOSTILE);
            ((ObjectNode) comparison.get("reviews").get(0)).put("quote", HOSTILE);
        });
        edit("tools.json", root -> {
            ObjectNode tool = (ObjectNode) root.get(0); // google-scion, the first comparison's first tool
            for (String field : List.of("name", "vendor", "category", "tagline", "description")) {
                tool.put(field, HOSTILE);
            }
            ((ObjectNode) tool.get("pricing")).put("entry", HOSTILE).put("notes", HOSTILE);
        });
        edit("reviewers.json", root -> ((ObjectNode) root.get(0)).put("name", HOSTILE).put("role", HOSTILE));

        Map<String, byte[]> files = SitePages.render(CatalogueReader.fromDirectory(dir), template(), ORIGIN);
        String html = new String(files.get("compare/" + SLUG + "/index.html"), StandardCharsets.UTF_8);
        Document page = Jsoup.parse(html);

        // Nothing planted became markup: no element, script or comment beyond the template's and the generator's own.
        assertThat(page.select("b")).isEmpty();
        assertThat(page.select("script")).extracting(e -> e.attr("type")).containsExactly("application/ld+json", "module");
        assertThat(html).doesNotContain("<b>").doesNotContain("alert(1)</script>").doesNotContain(HOSTILE);
        // Text, exactly as written, wherever it appears.
        assertThat(page.title()).isEqualTo(HOSTILE + " · The Verdict");
        assertThat(page.selectFirst("h1.comparison-title").text()).isEqualTo(HOSTILE.strip());
        assertThat(page.selectFirst(".question").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst(".eyebrow a").wholeText()).isEqualTo(HOSTILE);
        Element card = page.selectFirst(".tool-card[data-tool=google-scion]");
        assertThat(card.selectFirst(".tool-name").wholeText()).isEqualTo(HOSTILE);
        assertThat(card.selectFirst(".tagline").wholeText()).isEqualTo(HOSTILE);
        assertThat(card.selectFirst(".stat-entry .stat-value").wholeText()).isEqualTo(HOSTILE);
        assertThat(page.select(".reviews .reviewer-name").first().wholeText()).isEqualTo(HOSTILE);
        assertThat(page.select(".reviews blockquote p").first().wholeText()).isEqualTo(HOSTILE);
        // Attributes: whole and unbroken.
        assertThat(card.selectFirst(".vote-button.ship").attr("aria-label")).isEqualTo("Ship it: " + HOSTILE);
        assertThat(card.selectFirst(".vote").attr("aria-label")).isEqualTo("Your verdict on " + HOSTILE);
        assertThat(meta(page, "property", "og:title")).isEqualTo(HOSTILE);
        assertThat(meta(page, "name", "twitter:title")).isEqualTo(HOSTILE);
        assertThat(meta(page, "name", "description")).contains(HOSTILE);
        assertThat(page.selectFirst(".eyebrow a").attr("href")).startsWith("/?category=").doesNotContain("<", "\"");
        // JSON-LD: one block, valid JSON, the same text once parsed.
        JsonNode data = Json.mapper().readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertThat(data.path("headline").asText()).isEqualTo(HOSTILE);
        assertThat(data.path("about").get(0).path("name").asText()).isEqualTo(HOSTILE);
        assertThat(data.path("review").get(0).path("reviewBody").asText()).isEqualTo(HOSTILE);
        assertThat(data.path("review").get(0).path("author").path("name").asText()).isEqualTo(HOSTILE);
        // The preview image draws the same text without complaint.
        assertThat(ImageIO.read(new ByteArrayInputStream(files.get("compare/" + SLUG + "/preview.png")))).isNotNull();
    }

    @Test
    void publishingCopiesTheSiteWithoutItsModuleFilesAndAddsThePages() throws IOException {
        Path out = dir.resolve("public");
        PublishSite.publish(SiteFiles.DIR, CatalogueReader.fromClasspath(), ORIGIN, out);

        assertThat(out.resolve("index.html")).isRegularFile();
        assertThat(out.resolve("compare/" + SLUG + "/index.html")).isRegularFile();
        assertThat(out.resolve("sitemap.xml")).isRegularFile();
        // Pages name the hashed assets, which exist and in turn name hashed modules; the plain names stay published.
        String home = Files.readString(out.resolve("index.html"));
        java.util.regex.Matcher css = java.util.regex.Pattern.compile("\"/(assets/site\\.[0-9a-f]{8}\\.css)\"").matcher(home);
        assertThat(css.find()).as("index.html links a hashed stylesheet").isTrue();
        assertThat(out.resolve(css.group(1))).isRegularFile();
        String page = Files.readString(out.resolve("compare/" + SLUG + "/index.html"));
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("\"/(assets/compare\\.[0-9a-f]{8}\\.js)\"").matcher(page);
        assertThat(script.find()).as("the comparison page loads a hashed compare.js").isTrue();
        String compareJs = Files.readString(out.resolve(script.group(1)));
        java.util.regex.Matcher api = java.util.regex.Pattern.compile("\"/(assets/api\\.[0-9a-f]{8}\\.js)\"").matcher(compareJs);
        assertThat(api.find()).as("the hashed compare.js imports a hashed api.js").isTrue();
        assertThat(out.resolve(api.group(1))).isRegularFile();
        assertThat(Files.readString(out.resolve(api.group(1)))).contains("\"/config.js\"");
        assertThat(out.resolve("assets/site.css")).isRegularFile();
        assertThat(out.resolve("pom.xml")).doesNotExist();
        assertThat(out.resolve("src")).doesNotExist();
        assertThat(out.resolve("target")).doesNotExist();
    }

    private static String template() throws IOException {
        return SiteFiles.read("compare.html");
    }

    private static Document page(Map<String, byte[]> files, String slug) {
        return Jsoup.parse(new String(files.get("compare/" + slug + "/index.html"), StandardCharsets.UTF_8));
    }

    private static String meta(Document page, String kind, String key) {
        Element element = page.selectFirst("meta[" + kind + "=\"" + key + "\"]");
        assertThat(element).as(key).isNotNull();
        return element.attr("content");
    }

    private void copyShippedCatalogue() throws IOException {
        for (String file : List.of("tools.json", "reviewers.json", "comparisons.json")) {
            try (InputStream in = getClass().getResourceAsStream("/catalogue/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
    }

    private void edit(String file, java.util.function.Consumer<ArrayNode> change) throws IOException {
        ArrayNode root = (ArrayNode) Json.mapper().readTree(Files.readString(dir.resolve(file)));
        change.accept(root);
        Files.writeString(dir.resolve(file), Json.mapper().writeValueAsString(root));
    }
}
