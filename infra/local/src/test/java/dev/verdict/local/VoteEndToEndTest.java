package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.ApiContract;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.votes.ProofOfWork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path on the local stack over real HTTP: the front door, the vote function, the votes table's stream,
 * the poller feeding the stream function, the aggregates, and the comparison read.
 */
class VoteEndToEndTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static LocalService stack;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // The recompute fires every second here, so it also runs while votes are in flight, as it would on AWS.
        stack = LocalService.start(new LocalService.Options(null, true, 0, null, SamTemplate.locate(), 1));
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

    @Test
    void aVoterCreatedWithAProofOfWorkVotesAndTheVoteShowsInTheComparisonWithinTwoSecondsAndItsRetractionToo()
            throws Exception {
        String cookie = newVoter();
        var put = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/comparisons/" + SLUG + "/votes/code-llama-4"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"ship\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        long voted = System.nanoTime();

        assertThat(communityWithinTwoSeconds(1).get("ship").asLong()).isEqualTo(1);
        // A vote is written at most once every two seconds (VOTE_CHANGE_INTERVAL_SECONDS); a retraction is a write.
        Thread.sleep(Math.max(0, 2_000 - (System.nanoTime() - voted) / 1_000_000));

        var delete = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/comparisons/" + SLUG + "/votes/code-llama-4"))
                .header("Cookie", cookie).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(204);

        assertThat(communityWithinTwoSeconds(0).get("total").asLong()).isZero();
    }

    @Test
    void aVoteWithoutAVoterIsRefusedWith401AndTheTypeThePageActsOn() throws Exception {
        var put = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/comparisons/" + SLUG + "/votes/google-scion"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"ship\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(put.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(Json.readBody(put.body()).get("type").asText()).endsWith("/voter-required");
    }

    /** GET /voters/challenge, solve it at the difficulty template.yaml sets, POST /voters: the "vid=…" cookie. */
    static String newVoter() throws Exception {
        var issued = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/voters/challenge")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode challenge = Json.readBody(issued.body());
        String text = challenge.get("challenge").asText();
        String nonce = ProofOfWork.solve(text, challenge.get("difficulty").asInt());
        var created = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/voters"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        return created.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    @Test
    void theScheduledRecomputeRepairsDriftPlantedInTheTable() throws Exception {
        var dynamo = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(stack.dynamoEndpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        dynamo.putItem(b -> b.tableName("ContentTable").item(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TOOL#aider"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("COMMUNITY"),
                "ship", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("7"),
                "skip", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("7"))));
        assertThat(aiderCommunityTotal()).isEqualTo(14);

        long deadline = System.nanoTime() + 30_000_000_000L;
        long total;
        do {
            Thread.sleep(200);
            total = aiderCommunityTotal();
        } while (total != 0 && System.nanoTime() < deadline);

        assertThat(total).isZero();
    }

    static long aiderCommunityTotal() throws Exception {
        var get = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/tools/aider")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.readBody(get.body()).get("community").get("total").asLong();
    }

    /** Reads the comparison until code-llama-4's community total is {@code total}, for at most the 2 s the issue allows. */
    static JsonNode communityWithinTwoSeconds(long total) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        JsonNode community;
        do {
            var get = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/comparisons/" + SLUG)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            community = Json.readBody(get.body()).get("tools").get(1).get("community");
            if (community.get("total").asLong() == total) {
                return community;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return community;
    }
}
