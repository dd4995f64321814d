package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentTable;
import dev.verdict.core.store.CursorCodec;
import dev.verdict.core.store.Signer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The vote handler, fed real API Gateway v2 events, against the local engine (moto) loaded with the shipped catalogue. */
class VotesHandlerTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final String PATH = "/comparisons/{slug}/votes/{toolId}";
    static TestTables tables;
    static VotesHandler handler;

    @BeforeAll
    static void start() {
        tables = TestTables.create();
        new ContentLoader(new ContentTable(tables.client(), tables.table("ContentTable"),
                new CursorCodec(new Signer(TestTables.SIGNING_KEY)))).load(CatalogueReader.fromClasspath());
        handler = handler(Map.of());
    }

    static VotesHandler handler(Map<String, String> overrides) {
        return new VotesHandler(ApplicationContext.builder()
                .properties(ServiceConfig.asProperties(tables.environment("VotesFunction", overrides))));
    }

    static HttpEvents vote(String method, String slug, String toolId) {
        return HttpEvents.request(method, PATH).path("slug", slug).path("toolId", toolId).sourceIp("203.0.113.9");
    }

    static APIGatewayV2HTTPResponse send(HttpEvents event) {
        return handler.handleRequest(event.build(), null);
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.readBody(response.getBody());
    }

    /** The vid cookie's "name=value" from a response's Set-Cookie. */
    static String cookieOf(APIGatewayV2HTTPResponse response) {
        assertThat(response.getCookies()).hasSize(1);
        return response.getCookies().getFirst().split(";", 2)[0];
    }

    static List<Map<String, AttributeValue>> votesFor(String voterCookie) {
        String id = voterCookie.substring("vid=".length(), voterCookie.indexOf('.'));
        return tables.client().query(b -> b.tableName(tables.table("VotesTable"))
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("VOTER#" + id)))).items();
    }

    static long votesInTable() {
        return tables.client().scan(b -> b.tableName(tables.table("VotesTable"))).count();
    }

    @Test
    void firstVoteIssuesASignedLongLivedHttpOnlyCookieAndRecordsTheVote() {
        var response = send(vote("PUT", SLUG, "code-llama-4").jsonBody("{\"verdict\":\"ship\"}"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"toolId\":\"code-llama-4\",\"verdict\":\"ship\",\"changed\":true}");
        String setCookie = response.getCookies().getFirst();
        assertThat(setCookie).startsWith("vid=").contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax")
                .contains("; Max-Age=31536000").contains("; Path=/");
        var items = votesFor(cookieOf(response));
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().get("verdict").s()).isEqualTo("ship");
    }

    @Test
    void samePutAgainChangesNothingOtherVerdictMovesTheVoteAndDeleteRetractsIt() {
        String cookie = cookieOf(send(vote("PUT", SLUG, "google-scion").jsonBody("{\"verdict\":\"skip\"}")));

        var again = send(vote("PUT", SLUG, "google-scion").cookie(cookie).jsonBody("{\"verdict\":\"skip\"}"));
        assertThat(json(again).get("changed").asBoolean()).isFalse();
        assertThat(again.getCookies()).as("a known voter keeps their cookie").isNullOrEmpty();

        var moved = send(vote("PUT", SLUG, "google-scion").cookie(cookie).jsonBody("{\"verdict\":\"ship\"}"));
        assertThat(json(moved).get("changed").asBoolean()).isTrue();
        assertThat(votesFor(cookie)).singleElement().satisfies(item -> assertThat(item.get("verdict").s()).isEqualTo("ship"));

        var retracted = send(vote("DELETE", SLUG, "google-scion").cookie(cookie));
        assertThat(retracted.getStatusCode()).isEqualTo(204);
        assertThat(votesFor(cookie)).isEmpty();
        assertThat(send(vote("DELETE", SLUG, "google-scion").cookie(cookie)).getStatusCode()).isEqualTo(204);
    }

    @Test
    void forgedOrTamperedCookieIsTreatedAsANewVoterAndReplaced() {
        String genuine = cookieOf(send(vote("PUT", SLUG, "google-scion").jsonBody("{\"verdict\":\"ship\"}")));
        String id = genuine.substring("vid=".length(), genuine.indexOf('.'));
        String tampered = "vid=" + id + ".AAAAAAAAAAAAAAAAAAAAAA";
        String forged = "vid=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA";

        for (String bad : List.of(tampered, forged, "vid=<script>", "vid=")) {
            var response = send(vote("PUT", SLUG, "google-scion").cookie(bad).jsonBody("{\"verdict\":\"skip\"}"));
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(json(response).get("changed").asBoolean()).isTrue();
            String replacement = cookieOf(response);
            assertThat(replacement).isNotEqualTo(bad).isNotEqualTo(genuine);
        }
        // The genuine voter's vote was never touched by the forgeries.
        assertThat(votesFor(genuine)).singleElement().satisfies(item -> assertThat(item.get("verdict").s()).isEqualTo("ship"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown verdict            | " + SLUG + " | code-llama-4  | application/json | {\"verdict\":\"maybe\"} | 400",
            "verdict of another case    | " + SLUG + " | code-llama-4  | application/json | {\"verdict\":\"SHIP\"}  | 400",
            "verdict not a string       | " + SLUG + " | code-llama-4  | application/json | {\"verdict\":1}         | 400",
            "no verdict                 | " + SLUG + " | code-llama-4  | application/json | {}                      | 400",
            "body is an array           | " + SLUG + " | code-llama-4  | application/json | [\"ship\"]              | 400",
            "body not JSON              | " + SLUG + " | code-llama-4  | application/json | ship                    | 400",
            "body not declared as JSON  | " + SLUG + " | code-llama-4  | text/plain       | {\"verdict\":\"ship\"}  | 415",
            "unknown tool               | " + SLUG + " | no-such-tool  | application/json | {\"verdict\":\"ship\"}  | 404",
            "tool not in the comparison | " + SLUG + " | aider         | application/json | {\"verdict\":\"ship\"}  | 404",
            "unknown comparison         | no-such-comparison | aider   | application/json | {\"verdict\":\"ship\"}  | 404",
            "hostile slug               | ../../etc  | aider         | application/json | {\"verdict\":\"ship\"}  | 404",
    })
    void refusesBadInputAsProblemJsonAndWritesNothing(String name, String slug, String toolId, String type, String body,
                                                     int status) {
        long before = votesInTable();

        var response = send(vote("PUT", slug, toolId).header("Content-Type", type).body(body, false));

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("dev.verdict");
        assertThat(votesInTable()).isEqualTo(before);
    }

    @Test
    void refusesAnEmptyOrOversizedBodyAndWritesNothing() {
        long before = votesInTable();
        String oversized = "{\"verdict\":\"ship\",\"padding\":\"" + "x".repeat(17 * 1024) + "\"}";

        var empty = send(vote("PUT", SLUG, "code-llama-4").header("Content-Type", "application/json").body("", false));
        var tooBig = send(vote("PUT", SLUG, "code-llama-4").jsonBody(oversized));

        assertThat(empty.getStatusCode()).isEqualTo(400);
        assertThat(tooBig.getStatusCode()).isEqualTo(400);
        assertThat(json(tooBig).get("detail").asText()).contains("16384");
        assertThat(votesInTable()).isEqualTo(before);
    }

    @Test
    void answersOtherMethodsWith405AndTheAllowedOnes() {
        var response = send(vote("POST", SLUG, "code-llama-4").jsonBody("{\"verdict\":\"ship\"}"));

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "DELETE, PUT, OPTIONS");
    }

    @Test
    void stopsAVoterOverTheLimitWith429AndRetryAfter() {
        VotesHandler strict = handler(Map.of("VOTE_LIMIT_PER_VOTER", "3", "VOTE_LIMIT_PER_ADDRESS", "1000"));
        String cookie = cookieOf(strict.handleRequest(vote("PUT", SLUG, "google-scion").sourceIp("198.51.100.7")
                .jsonBody("{\"verdict\":\"ship\"}").build(), null));
        strict.handleRequest(vote("PUT", SLUG, "google-scion").sourceIp("198.51.100.7").cookie(cookie)
                .jsonBody("{\"verdict\":\"skip\"}").build(), null);
        strict.handleRequest(vote("PUT", SLUG, "google-scion").sourceIp("198.51.100.7").cookie(cookie)
                .jsonBody("{\"verdict\":\"ship\"}").build(), null);

        var refused = strict.handleRequest(vote("PUT", SLUG, "google-scion").sourceIp("198.51.100.7").cookie(cookie)
                .jsonBody("{\"verdict\":\"skip\"}").build(), null);

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeaders().get("Retry-After"))).isBetween(1L, 60L);
        assertThat(votesFor(cookie)).singleElement().satisfies(item -> assertThat(item.get("verdict").s()).isEqualTo("ship"));
    }

    @Test
    void stopsAnAddressThatDropsItsCookieAndStoresOnlyAHashOfTheAddress() {
        VotesHandler strict = handler(Map.of("VOTE_LIMIT_PER_VOTER", "100", "VOTE_LIMIT_PER_ADDRESS", "2"));
        int[] statuses = new int[3];
        for (int i = 0; i < 3; i++) {
            statuses[i] = strict.handleRequest(vote("PUT", SLUG, "code-llama-4").sourceIp("192.0.2.44")
                    .jsonBody("{\"verdict\":\"ship\"}").build(), null).getStatusCode();
        }

        assertThat(statuses).containsExactly(200, 200, 429);
        var counters = tables.client().scan(b -> b.tableName(tables.table("RateLimitTable"))).items();
        assertThat(counters.toString()).doesNotContain("192.0.2.44");
    }
}
