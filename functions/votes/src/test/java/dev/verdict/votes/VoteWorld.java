package dev.verdict.votes;

import dev.verdict.localkit.TestClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Both vote functions (VotesFunction, VotersFunction) as template.yaml configures them, against a fresh copy of its
 * tables loaded with the shipped catalogue, on a clock the test moves. Proofs are cheap here (a low base difficulty)
 * so that tests can create hundreds of voters; the rules they follow are the template's.
 */
final class VoteWorld {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final String VOTE_PATH = "/comparisons/{slug}/votes/{toolId}";
    /** Four minutes into an hour: the previous hour's voters still weigh in, a little. */
    static final Instant START = Instant.parse("2026-11-27T09:04:00Z");
    static final Map<String, String> CHEAP_PROOFS = Map.of(
            "VOTER_PROOF_DIFFICULTY", "6", "VOTER_PROOF_MAX_DIFFICULTY", "14", "VOTERS_PER_PREFIX_AT_BASE", "4");

    final TestTables tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
            .load(CatalogueReader.fromClasspath()));
    final TestClock clock = new TestClock(START);
    final RequestCounter requests = new RequestCounter();
    final VotesHandler votes;
    final VotersHandler voters;

    VoteWorld() {
        this(Map.of());
    }

    VoteWorld(Map<String, String> overrides) {
        this(overrides, new Object[0]);
    }

    /** With extra singletons for the voters function (interceptors that inject DynamoDB's failures). */
    VoteWorld(Map<String, String> overrides, Object... votersBeans) {
        Map<String, String> environment = new HashMap<>(CHEAP_PROOFS);
        environment.putAll(overrides);
        votes = new VotesHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VotesFunction", environment)))
                .singletons(clock, requests));
        java.util.List<Object> beans = new java.util.ArrayList<>(List.of(clock, requests));
        beans.addAll(List.of(votersBeans));
        voters = new VotersHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VotersFunction", environment)))
                .singletons(beans.toArray()));
    }

    APIGatewayV2HTTPResponse challengeResponse(String ip) {
        return HttpEvents.request("GET", "/voters/challenge").sourceIp(ip).sendTo(voters);
    }

    JsonNode challenge(String ip) {
        return json(challengeResponse(ip));
    }

    APIGatewayV2HTTPResponse redeem(String ip, String body) {
        return HttpEvents.request("POST", "/voters").sourceIp(ip).jsonBody(body).sendTo(voters);
    }

    static String proof(JsonNode challenge) {
        String text = challenge.get("challenge").asText();
        return "{\"challenge\":\"" + text + "\",\"nonce\":\""
                + ProofOfWork.solve(text, challenge.get("difficulty").asInt()) + "\"}";
    }

    /** A body with a nonce of digits that does not solve the challenge (checked, not left to chance). */
    static String wrongProof(JsonNode challenge) {
        String text = challenge.get("challenge").asText();
        int nonce = 0;
        while (ProofOfWork.leadingZeroBits(text, Integer.toString(nonce)) >= challenge.get("difficulty").asInt()) {
            nonce++;
        }
        return "{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}";
    }

    /** A new voter from {@code ip}, as the page makes one: challenge, proof, redemption. Returns "vid=…". */
    String newVoter(String ip) {
        var response = redeem(ip, proof(challenge(ip)));
        if (response.getStatusCode() != 201) {
            throw new AssertionError("voter not created: " + response.getStatusCode() + " " + response.getBody());
        }
        return cookieOf(response);
    }

    APIGatewayV2HTTPResponse vote(String cookie, String ip, String toolId, String verdict) {
        HttpEvents event = HttpEvents.request("PUT", VOTE_PATH).path("slug", SLUG).path("toolId", toolId).sourceIp(ip)
                .jsonBody("{\"verdict\":\"" + verdict + "\"}");
        if (cookie != null) {
            event.cookie(cookie);
        }
        return event.sendTo(votes);
    }

    APIGatewayV2HTTPResponse retract(String cookie, String ip, String toolId) {
        HttpEvents event = HttpEvents.request("DELETE", VOTE_PATH).path("slug", SLUG).path("toolId", toolId).sourceIp(ip);
        if (cookie != null) {
            event.cookie(cookie);
        }
        return event.sendTo(votes);
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.readBody(response.getBody());
    }

    /** The vid cookie's "name=value" from a response's Set-Cookie. */
    static String cookieOf(APIGatewayV2HTTPResponse response) {
        if (response.getCookies() == null || response.getCookies().size() != 1) {
            throw new AssertionError("expected one Set-Cookie, got " + response.getCookies());
        }
        return response.getCookies().getFirst().split(";", 2)[0];
    }

    static String voterIdOf(String cookie) {
        return cookie.substring("vid=".length(), cookie.indexOf('.'));
    }

    List<Map<String, AttributeValue>> votesOf(String cookie) {
        return tables.client().query(b -> b.tableName(tables.table("VotesTable"))
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("VOTER#" + voterIdOf(cookie))))).items();
    }

    List<Map<String, AttributeValue>> allVotes() {
        return tables.client().scan(b -> b.tableName(tables.table("VotesTable"))).items();
    }

    List<Map<String, AttributeValue>> votersItems() {
        return tables.client().scan(b -> b.tableName(tables.table("VotersTable"))).items();
    }

    List<Map<String, AttributeValue>> rateLimitItems() {
        return tables.client().scan(b -> b.tableName(tables.table("RateLimitTable"))).items();
    }
}
