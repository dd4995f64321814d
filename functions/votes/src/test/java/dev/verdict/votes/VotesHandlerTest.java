package dev.verdict.votes;

import static dev.verdict.votes.VoteWorld.SLUG;
import static dev.verdict.votes.VoteWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.HttpEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vote handler, fed real API Gateway v2 events, against the local engine (moto) loaded with the shipped catalogue. */
class VotesHandlerTest {

    static final String IP = "203.0.113.9";
    static VoteWorld world;
    static String voter;

    @BeforeAll
    static void start() {
        world = new VoteWorld();
        voter = world.newVoter(IP);
    }

    @Test
    void aVoterVotesChangesTheirMindAndRetractsWithoutBeingGivenAnotherCookie() {
        String cookie = world.newVoter(IP);

        var first = world.vote(cookie, IP, "google-scion", "skip");
        var again = world.vote(cookie, IP, "google-scion", "skip");
        world.clock.advance(Duration.ofSeconds(2));
        var moved = world.vote(cookie, IP, "google-scion", "ship");

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getBody()).isEqualTo("{\"toolId\":\"google-scion\",\"verdict\":\"skip\",\"changed\":true}");
        assertThat(first.getCookies()).as("votes never issue voters").isNullOrEmpty();
        assertThat(json(again).get("changed").asBoolean()).isFalse();
        assertThat(json(moved).get("changed").asBoolean()).isTrue();
        assertThat(world.votesOf(cookie)).singleElement().satisfies(item -> assertThat(item.get("verdict").s()).isEqualTo("ship"));

        world.clock.advance(Duration.ofSeconds(2));
        assertThat(world.retract(cookie, IP, "google-scion").getStatusCode()).isEqualTo(204);
        assertThat(world.votesOf(cookie)).isEmpty();
        assertThat(world.retract(cookie, IP, "google-scion").getStatusCode()).isEqualTo(204);
    }

    @Test
    void aVoteChangeOrRetractionByAVoterWithACookieIsOneDynamoDbRequest() {
        String cookie = world.newVoter(IP);
        world.vote(cookie, IP, "code-llama-4", "ship"); // the comparison's tools are now remembered by the container

        world.clock.advance(Duration.ofSeconds(2));
        world.requests.reset();
        world.vote(cookie, IP, "code-llama-4", "skip");
        assertThat(world.requests.operations()).containsExactly("PutItem");

        world.requests.reset();
        world.vote(cookie, IP, "code-llama-4", "skip");
        assertThat(world.requests.operations()).as("the same verdict again").containsExactly("PutItem");

        world.clock.advance(Duration.ofSeconds(2));
        world.requests.reset();
        world.retract(cookie, IP, "code-llama-4");
        assertThat(world.requests.operations()).containsExactly("DeleteItem");
        assertThat(world.rateLimitItems()).as("no counters on the vote path").isEmpty();
    }

    @Test
    void refusesAVoteWithoutAValidVoterWith401OfTypeVoterRequiredAndWritesNothing() {
        String id = VoteWorld.voterIdOf(voter);
        String otherKey = "vid=" + dev.verdict.votes.VoterCookie.value(new Signer("another-key-of-at-least-32-characters!!"), id);
        List<String> invalid = List.of("vid=" + id + ".AAAAAAAAAAAAAAAAAAAAAA", "vid=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
                otherKey, "vid=<script>", "vid=", "other=" + voter.substring(4));
        long before = world.allVotes().size();

        for (String cookie : invalid) {
            for (var response : List.of(world.vote(cookie, IP, "google-scion", "ship"), world.retract(cookie, IP, "google-scion"))) {
                assertThat(response.getStatusCode()).as(cookie).isEqualTo(401);
                assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
                assertThat(json(response).get("type").asText()).endsWith("/voter-required");
                assertThat(response.getCookies()).as("a refused vote mints no voter").isNullOrEmpty();
            }
        }
        var noCookie = world.vote(null, IP, "code-llama-4", "ship");
        assertThat(noCookie.getStatusCode()).isEqualTo(401);
        assertThat(json(noCookie).get("type").asText()).isEqualTo("http://localhost:3000/problems/voter-required");
        assertThat(world.allVotes()).hasSize((int) before);
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
        long before = world.allVotes().size();

        var response = world.votes.handleRequest(HttpEvents.request("PUT", VoteWorld.VOTE_PATH).path("slug", slug)
                .path("toolId", toolId).sourceIp(IP).cookie(voter).header("Content-Type", type).body(body, false).build(), null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("dev.verdict");
        assertThat(world.allVotes()).hasSize((int) before);
    }

    @Test
    void refusesAnEmptyOrOversizedBodyAndWritesNothing() {
        long before = world.allVotes().size();
        String oversized = "{\"verdict\":\"ship\",\"padding\":\"" + "x".repeat(17 * 1024) + "\"}";

        var empty = world.votes.handleRequest(HttpEvents.request("PUT", VoteWorld.VOTE_PATH).path("slug", SLUG)
                .path("toolId", "code-llama-4").cookie(voter).header("Content-Type", "application/json").body("", false).build(), null);
        var tooBig = world.votes.handleRequest(HttpEvents.request("PUT", VoteWorld.VOTE_PATH).path("slug", SLUG)
                .path("toolId", "code-llama-4").cookie(voter).jsonBody(oversized).build(), null);

        assertThat(empty.getStatusCode()).isEqualTo(400);
        assertThat(tooBig.getStatusCode()).isEqualTo(400);
        assertThat(json(tooBig).get("detail").asText()).contains("16384");
        assertThat(world.allVotes()).hasSize((int) before);
    }

    @Test
    void answersOtherMethodsWith405AndTheAllowedOnes() {
        var response = world.votes.handleRequest(HttpEvents.request("POST", VoteWorld.VOTE_PATH).path("slug", SLUG)
                .path("toolId", "code-llama-4").cookie(voter).jsonBody("{\"verdict\":\"ship\"}").build(), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "DELETE, PUT, OPTIONS");
    }

    @Test
    void refusesAChangeOrRetractionWithinTwoSecondsOfTheVotesLastWriteWith429() {
        VoteWorld own = new VoteWorld(); // its own clock: this test moves it
        String cookie = own.newVoter(IP);
        assertThat(own.vote(cookie, IP, "google-scion", "ship").getStatusCode()).isEqualTo(200);
        own.clock.advance(Duration.ofMillis(500));

        var refused = own.vote(cookie, IP, "google-scion", "skip");
        var refusedRetraction = own.retract(cookie, IP, "google-scion");

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "2").containsEntry("Content-Type", "application/problem+json");
        assertThat(json(refused).get("status").asInt()).isEqualTo(429);
        assertThat(refusedRetraction.getStatusCode()).isEqualTo(429);
        assertThat(own.votesOf(cookie)).singleElement().satisfies(item -> assertThat(item.get("verdict").s()).isEqualTo("ship"));
        assertThat(own.vote(cookie, IP, "google-scion", "ship").getStatusCode())
                .as("the same verdict again changes nothing and is not refused").isEqualTo(200);
        assertThat(own.vote(cookie, IP, "code-llama-4", "ship").getStatusCode())
                .as("the limit is per vote: the voter's other votes are free").isEqualTo(200);
        assertThat(own.rateLimitItems()).isEmpty();

        own.clock.advance(Duration.ofMillis(1500));
        assertThat(own.vote(cookie, IP, "google-scion", "skip").getStatusCode()).isEqualTo(200);
        own.clock.advance(Duration.ofSeconds(2));
        assertThat(own.retract(cookie, IP, "google-scion").getStatusCode()).isEqualTo(204);
    }

    @Test
    void aVoteMayBeRewrittenExactlyTheIntervalAfterItsLastWriteAndNotAMillisecondSooner() {
        VoteWorld own = new VoteWorld();
        String cookie = own.newVoter(IP);
        assertThat(own.vote(cookie, IP, "google-scion", "ship").getStatusCode()).isEqualTo(200);
        var written = own.votesOf(cookie);

        own.clock.advance(Duration.ofMillis(1999));
        var changeTooSoon = own.vote(cookie, IP, "google-scion", "skip");
        var retractionTooSoon = own.retract(cookie, IP, "google-scion");
        assertThat(own.votesOf(cookie)).as("a refusal writes nothing").isEqualTo(written);
        own.clock.advance(Duration.ofMillis(1));
        var changeOnTime = own.vote(cookie, IP, "google-scion", "skip");
        own.clock.advance(Duration.ofMillis(1999));
        var retractionAfterChangeTooSoon = own.retract(cookie, IP, "google-scion");
        own.clock.advance(Duration.ofMillis(1));
        var retractionOnTime = own.retract(cookie, IP, "google-scion");

        for (var refused : List.of(changeTooSoon, retractionTooSoon, retractionAfterChangeTooSoon)) {
            assertThat(refused.getStatusCode()).isEqualTo(429);
            assertThat(refused.getHeaders()).containsEntry("Retry-After", "1")
                    .containsEntry("Content-Type", "application/problem+json");
            assertThat(json(refused).get("status").asInt()).isEqualTo(429);
        }
        assertThat(changeOnTime.getStatusCode()).isEqualTo(200);
        assertThat(json(changeOnTime).get("changed").asBoolean()).isTrue();
        assertThat(retractionOnTime.getStatusCode()).isEqualTo(204);
        assertThat(own.votesOf(cookie)).isEmpty();
    }

    @Test
    void aRefusedChangeUsesUpNothing() {
        VoteWorld own = new VoteWorld();
        String cookie = own.newVoter(IP);
        own.vote(cookie, IP, "google-scion", "ship");
        for (int i = 0; i < 20; i++) {
            own.clock.advance(Duration.ofMillis(50));
            assertThat(own.vote(cookie, IP, "google-scion", "skip").getStatusCode()).isEqualTo(429);
            assertThat(own.retract(cookie, IP, "google-scion").getStatusCode()).isEqualTo(429);
        }

        // Two seconds after the last write that happened, not after the last refusal.
        own.clock.advance(Duration.ofMillis(1000));
        assertThat(own.vote(cookie, IP, "google-scion", "skip").getStatusCode()).isEqualTo(200);
    }

    @Test
    void aVoteWrittenBeforeTheLimitExistedCanChangeAndBeRetracted() {
        VoteWorld own = new VoteWorld();
        String cookie = own.newVoter(IP);
        // As the vote handler wrote items before changedAt existed.
        own.tables.client().putItem(b -> b.tableName(own.tables.table("VotesTable")).item(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("VOTER#" + VoteWorld.voterIdOf(cookie)),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TOOL#google-scion"),
                "toolId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("google-scion"),
                "verdict", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ship"))));

        var changed = own.vote(cookie, IP, "google-scion", "skip");
        own.clock.advance(Duration.ofSeconds(2));

        assertThat(changed.getStatusCode()).isEqualTo(200);
        assertThat(json(changed).get("changed").asBoolean()).isTrue();
        assertThat(own.retract(cookie, IP, "google-scion").getStatusCode()).isEqualTo(204);
        assertThat(own.votesOf(cookie)).isEmpty();
    }

    @Test
    void retractingAndVotingAgainIsHeldToTheSameInterval() {
        VoteWorld own = new VoteWorld();
        String cookie = own.newVoter(IP);
        int writes = 0;
        // A script cycling vote, retract, vote, … as fast as it can for ten seconds, one request every 100 ms.
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                var put = own.vote(cookie, IP, "code-llama-4", "ship");
                writes += put.getStatusCode() == 200 && json(put).get("changed").asBoolean() ? 1 : 0;
            } else {
                writes += own.retract(cookie, IP, "code-llama-4").getStatusCode() == 204 ? 1 : 0;
            }
            own.clock.advance(Duration.ofMillis(100));
        }

        // A retraction waits two seconds after the vote's last write, and a vote again needs a retraction first.
        assertThat(writes).as("writes of 100 requests in ten seconds").isBetween(8, 10);
    }
}
