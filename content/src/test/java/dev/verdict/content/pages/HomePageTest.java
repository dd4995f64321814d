package dev.verdict.content.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.content.Catalogue;
import dev.verdict.content.CatalogueReader;
import dev.verdict.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home page written in from the catalogue: the cards home.js would draw, newest first, and the filters. */
class HomePageTest {

    private static final String ORIGIN = "https://verdicts.example";
    private static final String HOSTILE = "Say \"hi\" <b>& 'bye'</b> </script><script>alert(1)</script> <!--";

    @TempDir
    Path dir;

    @Test
    void theHomePageHoldsTheNewestComparisonsAndEveryCategoryWithoutJavaScript() throws IOException {
        Document home = home(CatalogueReader.fromClasspath());

        assertThat(home.select(".comparison-card h3 a").eachText()).containsExactly("Google Scion vs Code Llama 4",
                "Aider vs Continue", "Perplexity vs Elicit", "Stable Diffusion 3.5 vs Midjourney v7");
        assertThat(home.select(".comparison-card h3 a").first().attr("href")).isEqualTo("/compare/google-scion-vs-code-llama-4");
        assertThat(home.select(".comparison-card").first().attr("data-slug")).isEqualTo("google-scion-vs-code-llama-4");
        assertThat(home.select(".comparison-card .eyebrow").first().text()).isEqualTo("Developer Tools · 9 April 2026");
        assertThat(home.select(".comparison-card .matchup a").first().text()).isEqualTo("Google Scion");
        assertThat(home.select(".comparison-card .matchup a").first().attr("href")).isEqualTo("/tool/google-scion");
        assertThat(home.select(".filters .chip").eachText())
                .containsExactly("All", "Developer Tools", "Image Generation", "Research Assistants");
        assertThat(home.select(".filters .chip").first().attr("aria-pressed")).isEqualTo("true");
        // Four comparisons are one page: nothing more to load.
        assertThat(home.selectFirst("button.more").hasAttr("hidden")).isTrue();
        assertThat(home.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(ORIGIN + "/");
        assertThat(home.html()).doesNotContain("<!-- generated");
    }

    @Test
    void aCatalogueLongerThanAPageShowsTheLoadMoreButtonAndOnlyTheFirstPage() throws IOException {
        copyShippedCatalogue();
        edit("comparisons.json", root -> {
            ObjectNode first = (ObjectNode) root.get(0);
            for (int i = 1; i <= HomePage.FIRST_PAGE; i++) {
                root.add(first.deepCopy().put("slug", "copy-" + i).put("publishedAt", "2025-01-%02dT00:00:00Z".formatted(i)));
            }
        });
        Document home = home(CatalogueReader.fromDirectory(dir));

        assertThat(home.select(".comparison-card")).hasSize(HomePage.FIRST_PAGE);
        assertThat(home.selectFirst("button.more").hasAttr("hidden")).isFalse();
    }

    @Test
    void catalogueTextSpecialInHtmlStaysTextOnTheHomePage() throws IOException {
        copyShippedCatalogue();
        edit("comparisons.json", root -> ((ObjectNode) root.get(0)).put("title", HOSTILE).put("category", HOSTILE));
        edit("tools.json", root -> ((ObjectNode) root.get(0)).put("name", HOSTILE));
        Document home = home(CatalogueReader.fromDirectory(dir));

        assertThat(home.select(".comparison-card h3 a").first().text()).isEqualTo(HOSTILE);
        assertThat(home.select(".comparison-card .matchup a").first().text()).isEqualTo(HOSTILE);
        assertThat(home.select(".filters .chip").eachText()).contains(HOSTILE);
        assertThat(home.select("script")).hasSize(1);
        assertThat(home.select("b")).isEmpty();
    }

    @Test
    void thePublishedHomePageIsTheWrittenInOne() throws IOException {
        Path out = dir.resolve("public");
        PublishSite.publish(SiteFiles.DIR, CatalogueReader.fromClasspath(), ORIGIN, out);

        Document home = Jsoup.parse(Files.readString(out.resolve("index.html")));
        assertThat(home.select(".comparison-card")).hasSize(4);
        assertThat(home.selectFirst("script[type=module]").attr("src")).matches("/assets/home\\.[0-9a-f]{8}\\.js");
    }

    private static Document home(Catalogue catalogue) throws IOException {
        String template = SiteFiles.read("index.html");
        return Jsoup.parse(new String(SitePages.home(catalogue, template, ORIGIN + "/"), StandardCharsets.UTF_8));
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
