package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.ApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local stack end to end: started on a free port, read over real HTTP. */
class LocalServiceTest {

    static LocalService stack;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("verdict.root", "../.."));
        stack = LocalService.start(new LocalService.Options(null, true, 0, root.resolve("site"), root.resolve("template.yaml")));
    }

    /** Every API request this test sent through the front door, and every answer, agreed with openapi.yaml. */
    @AfterEach
    void everyExchangeFollowedTheOpenApiDocument() {
        assertThat(ApiContract.drainMismatches()).as("exchanges that disagree with openapi.yaml").isEmpty();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.url() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersHealthOnceReady() throws Exception {
        var response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.readBody(response.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void servesTheComparisonOverHttpWithCachingHeaders() throws Exception {
        var response = send("GET", "/comparisons/google-scion-vs-code-llama-4");

        JsonNode body = Json.readBody(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(body.get("tools").get(0).get("panel").get("shipPercent").asInt()).isEqualTo(50);
        assertThat(body.get("tools").get(1).get("panel").get("shipPercent").asInt()).isEqualTo(75);
        String etag = response.headers().firstValue("etag").orElseThrow();
        assertThat(send("GET", "/comparisons/google-scion-vs-code-llama-4", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void listsAndPagesOverHttp() throws Exception {
        JsonNode first = Json.readBody(send("GET", "/comparisons?limit=3").body());
        String cursor = first.get("nextCursor").asText();
        JsonNode second = Json.readBody(send("GET", "/comparisons?limit=3&cursor=" + cursor).body());

        assertThat(first.get("items")).hasSize(3);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(send("GET", "/comparisons?limit=0").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/comparisons?category=Image%20Generation").body()).contains("midjourney-v7");
    }

    @Test
    void servesTheSite() throws Exception {
        var response = send("GET", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<html");
    }

    @Test
    void answersUnknownRoutesWrongMethodsAndPreflight() throws Exception {
        // Under an API path pattern of the distribution, so API Gateway's catch-all route answers, not the site.
        var unknown = send("GET", "/comparisons/no/such/route");
        var wrongMethod = send("DELETE", "/comparisons/google-scion-vs-code-llama-4");
        var preflight = send("OPTIONS", "/comparisons", "Origin", stack.url(), "Access-Control-Request-Method", "GET");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains(stack.url());
    }

    @Test
    void answersAMissingPageAsCloudFrontDoesAndServesTheGeneratedComparisonPages() throws Exception {
        var missing = send("GET", "/no/such/page");
        var unknownComparison = send("GET", "/compare/no-such-comparison");
        var page = send("GET", "/compare/google-scion-vs-code-llama-4");

        for (var notFound : java.util.List.of(missing, unknownComparison)) {
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(notFound.body()).contains("We couldn't find that page");
        }
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1 class=\"comparison-title\">Google Scion vs Code Llama 4</h1>");
        assertThat(send("GET", "/sitemap.xml").body()).contains(stack.url() + "/compare/google-scion-vs-code-llama-4");
    }

    @Test
    void servesTheHomePageWrittenInAndTheNewsletterArchivesPagesBesideTheArchiveApi() throws Exception {
        assertThat(send("GET", "/").body()).contains("<a href=\"/compare/google-scion-vs-code-llama-4\">Google Scion vs Code Llama 4</a>");

        var list = send("GET", "/newsletter/archive/");
        var issue = send("GET", "/newsletter/archive/2026-W47");
        var notAnIssue = send("GET", "/newsletter/archive/latest");
        var api = send("GET", "/newsletter/issues");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<h1>Weekly AI Tool Verdicts: past issues</h1>");
        assertThat(send("GET", "/newsletter/archive").body()).isEqualTo(list.body());
        assertThat(issue.statusCode()).isEqualTo(200);
        assertThat(issue.body()).contains("src=\"/assets/issue.js\"");
        assertThat(notAnIssue.statusCode()).isEqualTo(404);
        assertThat(notAnIssue.body()).contains("We couldn't find that page");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/comparisons/%00", "/comparisons/..", "/comparisons/..%2F..%2Fetc%2Fpasswd", "/tools/%00%00",
            "/comparisons/%C3%28", "/tools/%FF%FE", "/comparisons/a%20b"})
    void answersHostilePathsWithAClientError(String path) throws Exception {
        var response = send("GET", path);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void answersAThreeThousandCharacterPathSegmentWithAClientError() throws Exception {
        assertThat(send("GET", "/comparisons/" + "a".repeat(3000)).statusCode()).isBetween(400, 499);
        assertThat(send("GET", "/tools/" + "%41".repeat(1000)).statusCode()).isBetween(400, 499);
    }
}
