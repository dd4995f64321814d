package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.content.CatalogueException;
import dev.verdict.localkit.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A comparison added to a catalogue directory is served after a restart, with no rebuild; a broken one stops the start. */
class CatalogueDirectoryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NEW_SLUG = "code-llama-4-vs-google-scion-revisited";

    @Test
    void aComparisonAddedToTheCatalogueDirectoryIsServedByTheStackStartedOnIt() throws Exception {
        Path dir = catalogueCopy(comparisons -> comparisons.add(renamed((ObjectNode) comparisons.get(0).deepCopy())));
        try (LocalService stack = LocalService.start(options(dir))) {
            HttpResponse<String> added = get(stack, "/comparisons/" + NEW_SLUG);
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(added.body()).path("title").asText()).isEqualTo("Code Llama 4 vs Google Scion, revisited");
            assertThat(get(stack, "/comparisons/google-scion-vs-code-llama-4").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCatalogueWithAnUnknownToolStopsTheStartNamingTheFileAndTheTool() throws Exception {
        Path dir = catalogueCopy(comparisons -> {
            ObjectNode broken = renamed((ObjectNode) comparisons.get(0).deepCopy());
            ((ArrayNode) broken.get("tools")).set(1, JSON.getNodeFactory().textNode("no-such-tool"));
            comparisons.add(broken);
        });
        assertThatThrownBy(() -> LocalService.start(options(dir)))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("comparisons.json")
                .hasMessageContaining("no-such-tool");
    }

    private static ObjectNode renamed(ObjectNode comparison) {
        comparison.put("slug", NEW_SLUG);
        comparison.put("title", "Code Llama 4 vs Google Scion, revisited");
        return comparison;
    }

    private interface Edit {
        void apply(ArrayNode comparisons);
    }

    /** The built-in catalogue's three files in a directory of their own, comparisons.json edited. */
    private static Path catalogueCopy(Edit edit) throws IOException {
        Path dir = Files.createTempDirectory("catalogue");
        for (String file : List.of("tools.json", "reviewers.json", "comparisons.json")) {
            try (InputStream in = CatalogueDirectoryTest.class.getResourceAsStream("/catalogue/" + file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        ArrayNode comparisons = (ArrayNode) JSON.readTree(dir.resolve("comparisons.json").toFile());
        edit.apply(comparisons);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("comparisons.json").toFile(), comparisons);
        return dir;
    }

    private static LocalService.Options options(Path catalogue) {
        return new LocalService.Options(null, true, 0, null, SamTemplate.locate(), 3600, LocalService.Options.LOOPBACK,
                catalogue);
    }

    private static HttpResponse<String> get(LocalService stack, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
