package dev.verdict.comparisons;

import static dev.verdict.comparisons.ComparisonsHandlerTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.CatalogueReads;
import dev.verdict.core.store.ContentAggregates;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GET /rankings against the local engine: the catalogue loaded, community counts written by the votes stream's own
 * exactly-once transaction (which keeps each tool's rank key), and the handler reading the order in one Query.
 */
class RankingsTest {

    static TestTables tables;
    static ComparisonsHandler handler;
    static final RequestCounter requests = new RequestCounter();

    @BeforeAll
    static void loadCatalogueAndVotes() {
        tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
                .load(CatalogueReader.fromClasspath()));
        ContentAggregates aggregates = new ContentAggregates(tables.client(), tables.table("ContentTable"));
        // The check values: 398 of 400 → 0.9820, 234 of 600 → 0.3518, 2 of 5 → 0.1176; "continue" has none.
        vote(aggregates, "code-llama-4", 398, 2);
        vote(aggregates, "google-scion", 200, 300);
        vote(aggregates, "google-scion", 34, 66); // a second batch: the key follows the counts, not the delta
        vote(aggregates, "aider", 2, 3);
        // Equal shares and n: the name decides (Elicit before Perplexity).
        vote(aggregates, "perplexity", 3, 1);
        vote(aggregates, "elicit", 3, 1);
        // Lower bound 0 for both: n decides, so 0 of 3 ranks above no votes at all, whatever the names.
        vote(aggregates, "stable-diffusion-3-5", 0, 3);
        handler = new ComparisonsHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("ComparisonsFunction", Map.of())))
                .singletons(requests));
    }

    /** One batch of the votes stream for one tool, through the stream handler's exactly-once transaction. */
    static void vote(ContentAggregates aggregates, String toolId, long ship, long skip) {
        aggregates.applyCommunityDeltas("test-shard-" + UUID.randomUUID(), Optional.empty(), BigInteger.ONE,
                Map.of(toolId, new Counts(ship, skip)), aggregates.seen(Set.of(toolId)), Map.of(), Instant.now());
    }

    @BeforeEach
    void resetCounter() {
        requests.reset();
    }

    static APIGatewayV2HTTPResponse rankings(String... query) {
        HttpEvents event = HttpEvents.request("GET", "/rankings");
        for (int i = 0; i < query.length; i += 2) {
            event = event.query(query[i], query[i + 1]);
        }
        return event.sendTo(handler);
    }

    static JsonNode ok(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.readBody(response.getBody());
    }

    static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(item -> ids.add(item.get("tool").get("id").asText()));
        return ids;
    }

    @Test
    void ranksACategoryByTheLowerBoundSoSmallSamplesSink() {
        JsonNode body = ok(rankings("category", "Developer Tools", "by", "community"));

        assertThat(body.get("category").asText()).isEqualTo("Developer Tools");
        assertThat(body.get("by").asText()).isEqualTo("community");
        assertThat(body.get("updatedAt").asText()).isNotBlank();
        assertThat(ids(body)).containsExactly("code-llama-4", "google-scion", "aider", "continue");
        assertThat(body.get("items").get(0).toString()).isEqualTo("{\"rank\":1,\"tool\":{\"id\":\"code-llama-4\","
                + "\"name\":\"Code Llama 4\"},\"ship\":398,\"skip\":2,\"n\":400,\"shipPercent\":100,\"lowerBound\":0.982,"
                + "\"upperBound\":0.9986}");
        assertThat(body.get("items").get(1).get("lowerBound").asDouble()).isEqualTo(0.3518);
        assertThat(body.get("items").get(1).get("n").asLong()).isEqualTo(600);
        assertThat(body.get("items").get(2).get("lowerBound").asDouble()).isEqualTo(0.1176);
        JsonNode none = body.get("items").get(3);
        assertThat(none.get("rank").asInt()).isEqualTo(4);
        assertThat(none.get("n").asLong()).isZero();
        assertThat(none.get("lowerBound").asDouble()).isZero();
        assertThat(none.get("shipPercent").isNull()).isTrue();
    }

    @Test
    void breaksTiesByNThenByName() {
        assertThat(ids(ok(rankings("category", "Research Assistants")))).containsExactly("elicit", "perplexity");
        assertThat(ids(ok(rankings("category", "Image Generation")))).containsExactly("stable-diffusion-3-5", "midjourney-v7");
    }

    @Test
    void ranksEveryToolWithoutACategoryAndHonoursTheLimit() {
        JsonNode all = ok(rankings());
        JsonNode two = ok(rankings("limit", "2"));

        assertThat(all.get("category").isNull()).isTrue();
        assertThat(all.get("by").asText()).isEqualTo("community");
        // 3 of 4 is 0.3006: below 234 of 600 (0.3518), above 2 of 5 (0.1176).
        assertThat(ids(all)).containsExactly("code-llama-4", "google-scion", "elicit", "perplexity", "aider",
                "stable-diffusion-3-5", "continue", "midjourney-v7");
        assertThat(ids(two)).containsExactly("code-llama-4", "google-scion");
    }

    @Test
    void readsAnEmptyLimitOrderOrCategoryAsNotGiven() {
        // A form that submits its blank fields sends "limit=&by=&category=": the defaults, not a 400 or an empty list.
        JsonNode blank = ok(rankings("limit", "", "by", "", "category", ""));

        assertThat(blank.get("category").isNull()).isTrue();
        assertThat(blank.get("by").asText()).isEqualTo("community");
        assertThat(ids(blank)).isEqualTo(ids(ok(rankings())));
        assertThat(ids(blank)).hasSize(8);
    }

    @Test
    void ranksThePanelFromItsReviewsInTheSameOrder() {
        JsonNode body = ok(rankings("by", "panel"));
        CatalogueReads catalogue = new CatalogueReads(tables.client(), tables.table("ContentTable"), null);

        assertThat(ids(body)).hasSize(8);
        double previousBound = 2;
        long previousN = Long.MAX_VALUE;
        for (JsonNode item : body.get("items")) {
            var panel = catalogue.findTool(item.get("tool").get("id").asText()).orElseThrow().panel();
            assertThat(item.get("ship").asLong()).isEqualTo(panel.ship());
            assertThat(item.get("skip").asLong()).isEqualTo(panel.skip());
            double bound = item.get("lowerBound").asDouble();
            long n = item.get("n").asLong();
            assertThat(bound < previousBound || (bound == previousBound && n <= previousN))
                    .as("%s after %s/%s", item, previousBound, previousN).isTrue();
            previousBound = bound;
            previousN = n;
        }
        assertThat(ids(ok(rankings("by", "panel", "category", "Developer Tools"))))
                .containsExactlyInAnyOrder("google-scion", "code-llama-4", "aider", "continue");
    }

    @Test
    void listsEveryToolInTrendingWithTheLastDaysFigures() {
        JsonNode body = ok(rankings("by", "trending", "category", "Developer Tools"));

        assertThat(body.get("by").asText()).isEqualTo("trending");
        assertThat(body.get("items")).hasSize(4);
        body.get("items").forEach(item -> {
            assertThat(item.get("ship24h").asLong()).isZero();
            assertThat(item.get("n24h").asLong()).isZero();
        });
        assertThat(ok(rankings()).get("items").get(0).has("ship24h")).isFalse();
    }

    @Test
    void readsARankingInOneDynamoDbRequest() {
        for (String by : List.of("community", "panel", "trending")) {
            requests.reset();
            ok(rankings("by", by));
            assertThat(requests.operations()).as(by).containsExactly("QueryRequest");
            requests.reset();
            ok(rankings("by", by, "category", "Developer Tools", "limit", "100"));
            assertThat(requests.operations()).as(by).containsExactly("QueryRequest");
        }
    }

    @Test
    void anUnknownCategoryIsNotFound() {
        assertProblem(rankings("category", "Spreadsheets"), 404);
    }

    @Test
    void anUnknownOrderIsABadRequestNamingTheAllowedValues() {
        var response = rankings("by", "hype");

        assertProblem(response, 400);
        assertThat(Json.readBody(response.getBody()).get("detail").asText()).contains("community, panel, trending");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1000"})
    void aLimitOutsideOneToAHundredIsABadRequest(String limit) {
        assertProblem(rankings("limit", limit), 400);
    }

    @Test
    void answersNotModifiedForTheCurrentETag() {
        var first = rankings("category", "Developer Tools");
        var second = HttpEvents.request("GET", "/rankings").query("category", "Developer Tools")
                .header("If-None-Match", first.getHeaders().get("ETag")).sendTo(handler);

        assertThat(first.getHeaders().get("Cache-Control")).contains("max-age=");
        assertThat(second.getStatusCode()).isEqualTo(304);
    }
}
