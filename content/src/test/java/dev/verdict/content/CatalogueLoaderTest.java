package dev.verdict.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.TestTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The loader validates the whole catalogue before writing, names file and field, and loads idempotently. */
class CatalogueLoaderTest {

    @TempDir
    Path dir;
    TestTables tables;
    CatalogueWriter writer;

    @BeforeEach
    void copyTheShippedCatalogue() throws IOException {
        for (String file : List.of(CatalogueReader.TOOLS, CatalogueReader.REVIEWERS, CatalogueReader.COMPARISONS)) {
            try (InputStream in = getClass().getResourceAsStream("/catalogue/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        tables = TestTables.create();
        writer = new CatalogueWriter(tables.client(), tables.table("ContentTable"));
    }

    @Test
    void theShippedCatalogueIsValidAndLargeEnoughForListsAndPaging() {
        Catalogue catalogue = CatalogueReader.fromClasspath();

        assertThat(catalogue.tools()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(catalogue.comparisons()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(catalogue.comparisons().stream().map(c -> c.category()).distinct().count()).isGreaterThanOrEqualTo(2);
        var scion = catalogue.comparisons().stream().filter(c -> c.slug().equals("google-scion-vs-code-llama-4")).findFirst().orElseThrow();
        assertThat(scion.panelTally("google-scion").shipPercent()).isEqualTo(50);
        assertThat(scion.panelTally("code-llama-4").shipPercent()).isEqualTo(75);
        assertThat(scion.reviews().stream().map(r -> r.reviewer().id()).distinct()).hasSize(8);
    }

    @Test
    void refusesAComparisonNamingAnUnknownTool() {
        edit(CatalogueReader.COMPARISONS, root -> ((ArrayNode) root.get(0).get("tools")).set(1, "no-such-tool"));

        assertRefused("comparisons.json: [0].tools[1]: unknown tool 'no-such-tool'");
    }

    @Test
    void refusesAReviewOfAToolOutsideItsComparison() {
        edit(CatalogueReader.COMPARISONS, root -> ((ObjectNode) root.get(0).get("reviews").get(2)).put("tool", "aider"));

        assertRefused("comparisons.json: [0].reviews[2].tool: 'aider' is not one of this comparison's tools");
    }

    @Test
    void refusesADuplicateSlug() {
        edit(CatalogueReader.COMPARISONS, root -> ((ObjectNode) root.get(1)).put("slug", root.get(0).get("slug").asText()));

        assertRefused("comparisons.json: [1].slug: duplicate slug 'google-scion-vs-code-llama-4'");
    }

    @Test
    void refusesADuplicateToolId() {
        edit(CatalogueReader.TOOLS, root -> ((ObjectNode) root.get(3)).put("id", "aider"));

        assertRefused("tools.json: [3].id: duplicate id 'aider'");
    }

    @Test
    void refusesAVerdictOtherThanShipOrSkip() {
        edit(CatalogueReader.COMPARISONS, root -> ((ObjectNode) root.get(2).get("reviews").get(0)).put("verdict", "maybe"));

        assertRefused("comparisons.json: [2].reviews[0].verdict: 'maybe' is not ship or skip");
    }

    @Test
    void refusesAMissingRequiredField() {
        edit(CatalogueReader.TOOLS, root -> ((ObjectNode) root.get(1)).remove("vendor"));
        edit(CatalogueReader.COMPARISONS, root -> ((ObjectNode) root.get(0)).remove("question"));

        assertRefused("tools.json: [1].vendor: required (a non-empty string)",
                "comparisons.json: [0].question: required (a non-empty string)");
    }

    @Test
    void refusesAnUnknownReviewerAndABadDate() {
        edit(CatalogueReader.COMPARISONS, root -> {
            ((ObjectNode) root.get(3).get("reviews").get(1)).put("reviewer", "nobody");
            ((ObjectNode) root.get(3)).put("publishedAt", "last tuesday");
        });

        assertRefused("comparisons.json: [3].reviews[1].reviewer: unknown reviewer 'nobody'",
                "comparisons.json: [3].publishedAt: 'last tuesday' is not an ISO-8601 instant");
    }

    @Test
    void refusesAFileThatIsNotJson() throws IOException {
        Files.writeString(dir.resolve(CatalogueReader.REVIEWERS), "[{\"id\": ");

        assertRefused("reviewers.json: not valid JSON (line 1)");
    }

    @Test
    void loadsTheCatalogueAndLoadingTwiceChangesNothing() {
        Catalogue catalogue = CatalogueReader.fromDirectory(dir);

        int written = new ContentLoader(writer).load(catalogue);
        List<Map<String, AttributeValue>> first = scan();
        new ContentLoader(writer).load(catalogue);
        List<Map<String, AttributeValue>> second = scan();

        // tools (META + PANEL, and their COMMUNITY and TRENDING ranking places, each), comparisons (META + reviews)
        int reviews = catalogue.comparisons().stream().mapToInt(c -> c.reviews().size()).sum();
        assertThat(written).isEqualTo(catalogue.tools().size() * 4 + catalogue.comparisons().size() + reviews);
        assertThat(first).hasSize(written);
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
    }

    /** An invalid catalogue is refused before anything is written. */
    private void assertRefused(String... problems) {
        assertThatThrownBy(() -> {
            Catalogue catalogue = CatalogueReader.fromDirectory(dir);
            new ContentLoader(writer).load(catalogue);
        }).isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.problems()).contains(problems));
        assertThat(scan()).isEmpty();
    }

    private List<Map<String, AttributeValue>> scan() {
        return tables.client().scan(b -> b.tableName(tables.table("ContentTable"))).items();
    }

    private void edit(String file, Consumer<JsonNode> change) {
        try {
            JsonNode root = Json.mapper().readTree(Files.readString(dir.resolve(file)));
            change.accept(root);
            Files.writeString(dir.resolve(file), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
