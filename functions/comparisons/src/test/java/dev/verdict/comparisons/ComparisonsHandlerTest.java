package dev.verdict.comparisons;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The read handler, fed real API Gateway v2 events, against the local engine (moto) loaded with the shipped catalogue. */
class ComparisonsHandlerTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static TestTables tables;
    static ComparisonsHandler handler;
    static final RequestCounter requests = new RequestCounter();

    @BeforeAll
    static void loadCatalogueAndStartHandler() {
        tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
                .load(CatalogueReader.fromClasspath()));
        var env = tables.environment("ComparisonsFunction", Map.of());
        handler = new ComparisonsHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(env))
                .singletons(requests));
    }

    @BeforeEach
    void resetCounter() {
        requests.reset();
    }

    static APIGatewayV2HTTPResponse get(HttpEvents event) {
        return event.sendTo(handler);
    }

    static APIGatewayV2HTTPResponse getComparison(String slug) {
        return get(HttpEvents.request("GET", "/comparisons/{slug}").path("slug", slug));
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.readBody(response.getBody());
    }

    @Test
    void servesTheComparisonWithPanelPercentagesAndNoCommunityVotesYet() {
        var response = getComparison(SLUG);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        JsonNode body = json(response);
        assertThat(body.get("title").asText()).isEqualTo("Google Scion vs Code Llama 4");
        assertThat(body.get("question").asText()).isEqualTo("Which one should you ship with?");
        assertThat(body.get("category").asText()).isEqualTo("Developer Tools");
        JsonNode scion = body.get("tools").get(0);
        JsonNode llama = body.get("tools").get(1);
        assertThat(scion.get("id").asText()).isEqualTo("google-scion");
        assertThat(scion.get("vendor").asText()).isEqualTo("Google Cloud");
        assertThat(scion.get("pricing").get("entry").asText()).isEqualTo("Free");
        assertThat(scion.get("panel").toString()).isEqualTo("{\"ship\":2,\"skip\":2,\"shipPercent\":50}");
        assertThat(llama.get("panel").toString()).isEqualTo("{\"ship\":3,\"skip\":1,\"shipPercent\":75}");
        assertThat(scion.get("community").toString()).isEqualTo("{\"ship\":0,\"skip\":0,\"total\":0,\"shipPercent\":null}");
        assertThat(body.get("reviews")).hasSize(8);
        assertThat(body.get("reviews").get(0).get("reviewer").get("role").asText()).isNotBlank();
        assertThat(body.get("reviewerSplit").get("google-scion").get("ship")).hasSize(2);
        assertThat(body.get("reviewerSplit").get("code-llama-4").get("skip").get(0).asText()).isEqualTo("tomas-ferreira");
        assertThat(body.get("verdict").get("panelLeader").asText()).isEqualTo("code-llama-4");
        assertThat(body.get("verdict").get("communityLeader").isNull()).isTrue();
        assertThat(body.get("updatedAt").asText()).isNotBlank();
    }

    @Test
    void readsOneComparisonInAtMostTwoDynamoDbRequests() {
        getComparison(SLUG);

        assertThat(requests.operations()).containsExactly("QueryRequest", "BatchGetItemRequest");
    }

    @Test
    void showsCommunityVotesAndTheCommunityLeaderOnceTheAggregatesHoldThem() {
        putCommunity("aider", 3, 1);
        putCommunity("continue", 1, 1);

        JsonNode body = json(getComparison("aider-vs-continue"));

        assertThat(body.get("tools").get(0).get("community").toString())
                .isEqualTo("{\"ship\":3,\"skip\":1,\"total\":4,\"shipPercent\":75}");
        assertThat(body.get("tools").get(1).get("community").get("shipPercent").asInt()).isEqualTo(50);
        assertThat(body.get("verdict").get("communityLeader").asText()).isEqualTo("aider");
    }

    @Test
    void answersNotModifiedWhenTheClientHoldsTheCurrentETag() {
        var first = getComparison(SLUG);
        String etag = first.getHeaders().get("ETag");

        var second = get(HttpEvents.request("GET", "/comparisons/{slug}").path("slug", SLUG).header("If-None-Match", etag));

        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.getHeaders().get("Cache-Control")).contains("max-age=").contains("stale-while-revalidate=");
        assertThat(second.getStatusCode()).isEqualTo(304);
        assertThat(second.getBody()).isNull();
        assertThat(second.getHeaders()).containsEntry("ETag", etag);
        var stale = get(HttpEvents.request("GET", "/comparisons/{slug}").path("slug", SLUG).header("If-None-Match", "\"old\""));
        assertThat(stale.getStatusCode()).isEqualTo(200);
    }

    @Test
    void answersAnUnknownComparisonWithANotFoundProblem() {
        var response = getComparison("no-such-comparison");

        assertProblem(response, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../b", "scion\u0000", "%00", "UPPER-case", "-leading", "<script>", "a b"})
    void answersHostileSlugsWithAProblemAndNeverAServerError(String slug) {
        assertProblem(getComparison(slug), 404);
        assertProblem(get(HttpEvents.request("GET", "/tools/{id}").path("id", slug)), 404);
        assertThat(requests.operations()).as("refused before the table is read").isEmpty();
    }

    @Test
    void answersAThreeThousandCharacterSlugWithAProblem() {
        assertProblem(getComparison("a".repeat(3000)), 404);
        assertProblem(get(HttpEvents.request("GET", "/tools/{id}").path("id", "b".repeat(3000))), 404);
        assertThat(requests.operations()).as("refused before the table is read").isEmpty();
    }

    @Test
    void servesAToolWithItsAggregatesAndComparisons() {
        var response = get(HttpEvents.request("GET", "/tools/{id}").path("id", "code-llama-4"));

        JsonNode body = json(response);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body.get("name").asText()).isEqualTo("Code Llama 4");
        assertThat(body.get("panel").get("shipPercent").asInt()).isEqualTo(75);
        assertThat(body.get("comparisons").get(0).asText()).isEqualTo(SLUG);
        assertThat(response.getHeaders()).containsKey("ETag");
        assertProblem(get(HttpEvents.request("GET", "/tools/{id}").path("id", "no-such-tool")), 404);
    }

    @Test
    void listsComparisonsNewestFirst() {
        JsonNode body = json(get(HttpEvents.request("GET", "/comparisons")));

        List<String> slugs = new ArrayList<>();
        body.get("items").forEach(item -> slugs.add(item.get("slug").asText()));
        assertThat(slugs).containsExactly(SLUG, "aider-vs-continue", "perplexity-vs-elicit",
                "stable-diffusion-3-5-vs-midjourney-v7");
        assertThat(body.get("nextCursor").isNull()).isTrue();
        assertThat(body.get("items").get(0).get("tools").get(1).toString())
                .isEqualTo("{\"id\":\"code-llama-4\",\"name\":\"Code Llama 4\"}");
        assertThat(body.get("items").get(0).get("publishedAt").asText()).isEqualTo("2026-04-09T00:00:00Z");
    }

    @Test
    void pagesThroughEveryComparisonWithTheCursor() {
        List<String> slugs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = HttpEvents.request("GET", "/comparisons").query("limit", "1");
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            JsonNode body = json(get(request));
            body.get("items").forEach(item -> slugs.add(item.get("slug").asText()));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(4);
        assertThat(slugs).doesNotHaveDuplicates().hasSize(4).first().isEqualTo(SLUG);
    }

    @Test
    void narrowsTheListingToOneCategory() {
        JsonNode body = json(get(HttpEvents.request("GET", "/comparisons").query("category", "Developer Tools")));

        assertThat(body.get("items")).hasSize(2);
        body.get("items").forEach(item -> assertThat(item.get("category").asText()).isEqualTo("Developer Tools"));
        JsonNode none = json(get(HttpEvents.request("GET", "/comparisons").query("category", "Nothing Here")));
        assertThat(none.get("items")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1e2", "2.5", "", " 5", "99999999999999999999"})
    void refusesALimitOutsideOneToAHundred(String limit) {
        var response = get(HttpEvents.request("GET", "/comparisons").query("limit", limit));
        if (limit.isEmpty()) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        } else {
            assertProblem(response, 400);
        }
    }

    @Test
    void takesAnEmptyCategoryOrCursorAsNoneGiven() {
        JsonNode emptyCategory = json(get(HttpEvents.request("GET", "/comparisons").query("category", "")));
        var emptyCursor = get(HttpEvents.request("GET", "/comparisons").query("cursor", "").query("limit", "1"));

        assertThat(emptyCategory.get("items")).hasSize(4);
        assertThat(emptyCursor.getStatusCode()).isEqualTo(200);
        assertThat(json(emptyCursor).get("items").get(0).get("slug").asText()).isEqualTo(SLUG);
    }

    @Test
    void acceptsALimitOfOneAndOfAHundred() {
        assertThat(json(get(HttpEvents.request("GET", "/comparisons").query("limit", "1"))).get("items")).hasSize(1);
        assertThat(json(get(HttpEvents.request("GET", "/comparisons").query("limit", "100"))).get("items")).hasSize(4);
    }

    @Test
    void acceptsACategoryOfAHundredCharactersAndRefusesALongerOne() {
        var longest = get(HttpEvents.request("GET", "/comparisons").query("category", "c".repeat(100)));
        var tooLong = get(HttpEvents.request("GET", "/comparisons").query("category", "c".repeat(101)));

        assertThat(longest.getStatusCode()).isEqualTo(200);
        assertThat(json(longest).get("items")).isEmpty();
        assertProblem(tooLong, 400);
    }

    @Test
    void refusesACursorItDidNotIssue() {
        String issued = json(get(HttpEvents.request("GET", "/comparisons").query("limit", "1"))).get("nextCursor").asText();
        String position = issued.substring(0, issued.indexOf('.'));

        assertProblem(get(HttpEvents.request("GET", "/comparisons").query("cursor", "not-a-cursor")), 400);
        assertProblem(get(HttpEvents.request("GET", "/comparisons").query("cursor", position + ".forgedsignature0000000")), 400);
        // A genuine cursor is bound to its listing: it does not page a category's listing.
        assertProblem(get(HttpEvents.request("GET", "/comparisons").query("cursor", issued)
                .query("category", "Developer Tools")), 400);
        assertThat(get(HttpEvents.request("GET", "/comparisons").query("cursor", issued)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void refusesACursorFromOneCategorysListingInAnothers() {
        String developerTools = json(get(HttpEvents.request("GET", "/comparisons").query("category", "Developer Tools")
                .query("limit", "1"))).get("nextCursor").asText();

        for (String another : List.of("Research Assistants", "Image Generation", "Nothing Here")) {
            assertProblem(get(HttpEvents.request("GET", "/comparisons").query("category", another)
                    .query("cursor", developerTools)), 400);
        }
        assertProblem(get(HttpEvents.request("GET", "/comparisons").query("cursor", developerTools)), 400);
        JsonNode secondPage = json(get(HttpEvents.request("GET", "/comparisons").query("category", "Developer Tools")
                .query("cursor", developerTools)));
        assertThat(secondPage.get("items")).singleElement()
                .satisfies(item -> assertThat(item.get("slug").asText()).isEqualTo("aider-vs-continue"));
    }

    @Test
    void namesNoCommunityLeaderWhenTheToolsShipSharesAreEqual() {
        putCommunity("perplexity", 1, 1);
        putCommunity("elicit", 3, 3);

        JsonNode body = json(getComparison("perplexity-vs-elicit"));

        assertThat(body.get("tools").get(0).get("community").get("shipPercent").asInt()).isEqualTo(50);
        assertThat(body.get("tools").get(1).get("community").get("shipPercent").asInt()).isEqualTo(50);
        assertThat(body.get("verdict").get("communityLeader").isNull()).isTrue();
    }

    @Test
    void namesNoCommunityLeaderUntilEveryToolHasVotes() {
        putCommunity("stable-diffusion-3-5", 0, 0);
        putCommunity("midjourney-v7", 4, 1);

        JsonNode body = json(getComparison("stable-diffusion-3-5-vs-midjourney-v7"));

        assertThat(body.get("tools").get(0).get("community").get("shipPercent").isNull()).isTrue();
        assertThat(body.get("verdict").get("communityLeader").isNull()).isTrue();
    }

    @Test
    void answersAnotherMethodOnAKnownPathWithMethodNotAllowed() {
        var response = get(HttpEvents.request("DELETE", "/comparisons/{slug}").path("slug", SLUG));

        assertProblem(response, 405);
        assertThat(response.getHeaders().get("Allow")).contains("GET");
    }

    @Test
    void answersAnUnknownRouteWithNotFound() {
        assertProblem(get(HttpEvents.request("GET", "/{proxy+}").path("proxy", "wp-admin/setup.php")), 404);
    }

    @Test
    void answersCorsPreflightForTheSiteOrigin() {
        var response = get(HttpEvents.request("OPTIONS", "/comparisons/{slug}").path("slug", SLUG)
                .header("Origin", TestTables.ORIGIN).header("Access-Control-Request-Method", "GET"));

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", TestTables.ORIGIN);
        assertThat(response.getHeaders().get("Access-Control-Allow-Methods")).contains("GET");
        assertThat(getComparison(SLUG).getHeaders()).containsEntry("Access-Control-Allow-Origin", TestTables.ORIGIN);
    }

    @Test
    void answersHealthOnceTheTablesAreReachable() {
        var response = get(HttpEvents.request("GET", "/health"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void servesTheRepositorysOpenApiDocumentAsCacheableJson() throws java.io.IOException {
        var response = get(HttpEvents.request("GET", "/openapi.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "public, max-age=300, stale-while-revalidate=3600").containsKey("ETag");
        JsonNode document = json(response);
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.get("paths").has("/openapi.json")).isTrue();
        Object source = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(java.nio.file.Files.readString(
                dev.verdict.localkit.ApiContract.document()));
        assertThat(document).isEqualTo(Json.readBody(Json.write(source)));

        var again = get(HttpEvents.request("GET", "/openapi.json").header("If-None-Match", response.getHeaders().get("ETag")));
        assertThat(again.getStatusCode()).isEqualTo(304);
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("dev.verdict");
    }

    private static void putCommunity(String toolId, long ship, long skip) {
        var item = new java.util.HashMap<>(ContentItems.communityKey(toolId));
        item.put(ContentItems.SHIP, AttributeValue.fromN(Long.toString(ship)));
        item.put(ContentItems.SKIP, AttributeValue.fromN(Long.toString(skip)));
        item.put(ContentItems.UPDATED_AT, AttributeValue.fromS("2026-11-01T00:00:00Z"));
        tables.client().putItem(b -> b.tableName(tables.table("ContentTable")).item(item));
    }
}
